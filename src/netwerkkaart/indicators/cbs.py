"""A generic CBS StatLine table importer: a declarative mapping from a table's columns to indicators.

A table comes either from CBS's OData service through the ``cbsodata`` package (its "TypedDataSet":
dimension keys such as ``GM0363`` and ``2023JJ00``, not their titles), or from the same data set saved
as CSV (the TypedDataSet's columns: ``ID;RegioS;Perioden;<measure>...``). Both give rows of text that
``cbs_table_read`` checks and turns into observations.

Region codes map to ours: ``NL01`` is the Netherlands (``NL``); ``PVnn``, ``AMnn`` and ``GMnnnn`` stay
as they are; other kinds (parts of the country ``LD``, COROP areas ``CR``, districts ``WK``,
neighbourhoods ``BU``) are skipped and counted. Only yearly periods (``2023JJ00``) are read. A value of
"x" (CBS: secret) is a suppressed cell; an empty value or "." (CBS: unknown) gives no observation.
"""

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from netwerkkaart.core.errors import DataImportError, ImportProblem

from .records import BREAKDOWN_FIELDS, Breakdown, IndicatorSpec, ObservationRecord

_YEAR_PERIOD = re.compile(r"^(\d{4})(?:JJ00)?$")
_REGION = re.compile(r"^(NL01|NL00|NL|PV\d{2}|AM\d{2}|GM\d{4})$")
_OTHER_REGION = re.compile(r"^(LD|CR|WK|BU|RE|GG|JZ|RP|ZZ|VR|PP|GR|KV|AR|BT|EG|GO|CP|RG)\w*$")
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")
UNKNOWN_VALUES = {"", ".", "..", "-"}
SECRET_VALUE = "x"  # noqa: S105 - CBS's mark for a secret cell, not a password


@dataclass(frozen=True)
class CbsTableMapping:
    """How one CBS table becomes observations.

    ``measures`` maps a measure column to the indicator it fills. ``filters`` keeps only the rows whose
    dimension has that key (for example the total of all ages); ``breakdowns`` stores a dimension as a
    breakdown field, by key (for example ``Geslacht``: ``3000`` -> gender ``male``)."""

    table_id: str
    measures: dict[str, IndicatorSpec]
    region_column: str = "RegioS"
    period_column: str = "Perioden"
    filters: dict[str, str] = field(default_factory=dict)
    breakdowns: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "CbsTableMapping":
        return cls(
            table_id=data["table_id"],
            measures={column: IndicatorSpec(**spec) for column, spec in data["measures"].items()},
            region_column=data.get("region_column", "RegioS"),
            period_column=data.get("period_column", "Perioden"),
            filters=data.get("filters", {}),
            breakdowns={name: (target, keys) for name, (target, keys) in data.get("breakdowns", {}).items()},
        )


_CBS = "CBS StatLine"
_CC_BY = "CC BY 4.0"

MAPPINGS: dict[str, CbsTableMapping] = {
    # Regionale kerncijfers Nederland: the population on 1 January per municipality, province and NL.
    "70072ned": CbsTableMapping(
        table_id="70072ned",
        measures={
            "TotaleBevolking_1": IndicatorSpec(
                code="population",
                name_nl="Bevolking op 1 januari",
                name_en="Population on 1 January",
                unit_nl="inwoners",
                unit_en="residents",
                definition_nl="Het aantal inwoners op 1 januari volgens de Basisregistratie Personen.",
                definition_en="The number of residents on 1 January according to the population register.",
                source=f"{_CBS}, Regionale kerncijfers Nederland (70072ned)",
                licence=_CC_BY,
                source_url="https://opendata.cbs.nl/statline/#/CBS/nl/dataset/70072ned/table",
            )
        },
    ),
}


def mapping_get(table_id: str, mapping_file: Path | None = None) -> CbsTableMapping:
    """The mapping of a table: from ``mapping_file`` (JSON) when given, else the built-in one."""
    if mapping_file is not None:
        return CbsTableMapping.from_json(json.loads(mapping_file.read_text(encoding="utf-8")))
    try:
        return MAPPINGS[table_id.lower()]
    except KeyError:
        known = ", ".join(sorted(MAPPINGS))
        raise DataImportError(
            [ImportProblem(table_id, f"no mapping for this table; known tables: {known} (or give --mapping)")]
        ) from None


def region_code_map(raw: str) -> str | None:
    """Our region code for a CBS one, None for kinds we do not keep; raises ValueError for nonsense."""
    code = raw.strip().upper()
    if _REGION.match(code):
        return "NL" if code.startswith("NL") else code
    if _OTHER_REGION.match(code):
        return None
    raise ValueError(code)


@dataclass
class CbsRead:
    records: list[ObservationRecord]
    skipped_regions: int = 0
    skipped_periods: int = 0
    skipped_rows: int = 0


def cbs_table_read(
    *,
    rows: Iterable[tuple[int, dict[str, str]]],
    columns: Sequence[str],
    mapping: CbsTableMapping,
    file_name: str,
) -> CbsRead:
    """The observations of a CBS table's rows (row number, column -> text), or DataImportError naming
    every problem; writes nothing."""
    problems: list[ImportProblem] = []
    needed = [
        mapping.region_column,
        mapping.period_column,
        *mapping.measures,
        *mapping.filters,
        *mapping.breakdowns,
    ]
    for column in needed:
        if column not in columns:
            problems.append(
                ImportProblem(file_name, "this column of the mapping is missing from the table", 1, column)
            )
    for target, _keys in mapping.breakdowns.values():
        if target not in BREAKDOWN_FIELDS:
            problems.append(ImportProblem(file_name, f"unknown breakdown field {target!r} in the mapping"))
    if problems:
        raise DataImportError(problems)

    read = CbsRead(records=[])
    for number, row in rows:
        cells = {column: (row.get(column) or "").strip() for column in columns}
        if any(cells[column] != key for column, key in mapping.filters.items()):
            read.skipped_rows += 1
            continue
        try:
            region = region_code_map(cells[mapping.region_column])
        except ValueError:
            problems.append(
                ImportProblem(
                    file_name,
                    "expected a CBS region code (NL01, PVnn, AMnn, GMnnnn),"
                    f' found "{cells[mapping.region_column]}"',
                    number,
                    mapping.region_column,
                )
            )
            continue
        if region is None:
            read.skipped_regions += 1
            continue
        period = _YEAR_PERIOD.match(cells[mapping.period_column])
        if period is None:
            if re.match(r"^\d{4}[A-Z]{2}\d{2}$", cells[mapping.period_column]):
                read.skipped_periods += 1
            else:
                problems.append(
                    ImportProblem(
                        file_name,
                        f'expected a period such as 2023JJ00, found "{cells[mapping.period_column]}"',
                        number,
                        mapping.period_column,
                    )
                )
            continue
        breakdown: dict[str, str] = {}
        for column, (target, keys) in mapping.breakdowns.items():
            if cells[column] not in keys:
                expected = ", ".join(sorted(keys))
                problems.append(
                    ImportProblem(
                        file_name, f'expected one of {expected}, found "{cells[column]}"', number, column
                    )
                )
                continue
            breakdown[target] = keys[cells[column]]
        for column, spec in mapping.measures.items():
            raw = cells[column]
            if raw in UNKNOWN_VALUES:
                continue
            value: Decimal | None = None
            suppressed = raw.lower() == SECRET_VALUE
            if not suppressed:
                try:
                    if not _NUMBER.match(raw):
                        raise InvalidOperation
                    value = Decimal(raw.replace(",", "."))
                except InvalidOperation:
                    problems.append(
                        ImportProblem(
                            file_name,
                            f'expected a number, "x" or "." (unknown), found "{raw}"',
                            number,
                            column,
                        )
                    )
                    continue
            read.records.append(
                ObservationRecord(
                    indicator_code=spec.code,
                    region_code=region,
                    year=int(period.group(1)),
                    value=value,
                    suppressed=suppressed,
                    source_row=number,
                    breakdown=Breakdown(**breakdown),
                    region_label=cells[mapping.region_column],
                    region_column=mapping.region_column,
                )
            )
    if problems:
        raise DataImportError(problems)
    return read


def cbs_online_rows(table_id: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The TypedDataSet of a table from CBS's OData service (needs internet), as text rows."""
    import cbsodata  # imported here: only the online mode needs it (and the network)

    data = cbsodata.download_data(table_id, typed=True)["TypedDataSet"]
    columns = list(data[0]) if data else []
    rows = [
        (number, {key: "" if value is None else str(value) for key, value in item.items()})
        for number, item in enumerate(data, start=2)
    ]
    return columns, rows
