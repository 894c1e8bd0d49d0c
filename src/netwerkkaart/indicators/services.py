"""Writes for indicators: one writer for every source, after the source's parser has checked the file.

``observations_import`` resolves region codes, checks the records together, and then writes them in one
transaction: new cells are created, changed cells updated, cells of the same source file that are no
longer in it deleted. Importing the same file twice changes nothing (the second report counts only
unchanged cells). Every write bumps the ``indicators`` data version, so cached profiles are rebuilt.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from netwerkkaart.core.errors import DataImportError, ImportProblem
from netwerkkaart.core.services import data_version_bump
from netwerkkaart.regions.models import Region

from .cbs import CbsRead, CbsTableMapping, cbs_table_read
from .choices import ProgrammeCategory
from .duo import INDICATOR as DUO_HBO_INDICATOR
from .duo import Programme, duo_hbo_read
from .models import Indicator, Observation, ProgrammeClassification
from .records import BREAKDOWN_FIELDS, ImportReport, IndicatorSpec, ObservationRecord
from .template import indicator_template_read

INDICATORS_DATA_KEY = "indicators"
CLASSIFICATION_FILE = Path(__file__).parent / "data" / "programme_classification.csv"
_BATCH = 2000


def _regions_by_code(codes: Iterable[str]) -> dict[str, int]:
    return dict(Region.objects.current().filter(code__in=set(codes)).values_list("code", "pk"))


def _check(
    records: Sequence[ObservationRecord], source_file: str, indicators: dict[str, int | None]
) -> tuple[dict[str, int], list[ImportProblem]]:
    problems: list[ImportProblem] = []
    regions = _regions_by_code(record.region_code for record in records)
    unmapped: dict[str, ObservationRecord] = {}
    seen: dict[tuple[object, ...], int] = {}
    for record in records:
        if record.region_code not in regions:
            unmapped.setdefault(record.region_code, record)
        if record.indicator_code not in indicators:
            problems.append(
                ImportProblem(
                    source_file,
                    "expected a known indicator code or a new indicator's definition,"
                    f' found "{record.indicator_code}"',
                    record.source_row,
                    "indicator",
                )
            )
        key = record.key()
        if key in seen and seen[key] != record.source_row:
            problems.append(
                ImportProblem(
                    source_file,
                    f"the same cell (region, year, breakdown) as row {seen[key]}",
                    record.source_row,
                )
            )
        seen.setdefault(key, record.source_row)
    for code, record in unmapped.items():
        label = record.region_label or code
        problems.append(
            ImportProblem(
                source_file,
                f'"{label}" does not map to a current region (looked for {code}); first of its rows',
                record.source_row,
                record.region_column or None,
            )
        )
    return regions, problems


def _indicators_ensure(specs: Sequence[IndicatorSpec], report: ImportReport) -> dict[str, Indicator]:
    found = {
        indicator.code: indicator for indicator in Indicator.objects.filter(code__in=[s.code for s in specs])
    }
    for spec in specs:
        indicator = found.get(spec.code)
        if indicator is None:
            found[spec.code] = Indicator.objects.create(code=spec.code, **spec.as_fields())
            report.indicators_created.append(spec.code)
    return found


def observations_import(
    *,
    records: Sequence[ObservationRecord],
    source_file: str,
    indicators: Sequence[IndicatorSpec] = (),
    replace_missing: bool = True,
) -> ImportReport:
    """Writes the records of one source file in one transaction, or raises DataImportError and writes
    nothing. ``indicators`` are created when missing (an existing indicator keeps its admin edits).
    With ``replace_missing`` cells of this source file that are not in the records are deleted."""
    known = dict(
        Indicator.objects.filter(code__in={r.indicator_code for r in records}).values_list("code", "pk")
    )
    available: dict[str, int | None] = {**known, **{spec.code: None for spec in indicators}}
    regions, problems = _check(records, source_file, available)
    if problems:
        raise DataImportError(problems)

    report = ImportReport(source_file=source_file)
    with transaction.atomic():
        by_code = _indicators_ensure(indicators, report)
        by_code.update({i.code: i for i in Indicator.objects.filter(code__in=set(known) - set(by_code))})
        indicator_ids = {code: indicator.pk for code, indicator in by_code.items()}
        existing: dict[tuple[object, ...], Observation] = {}
        for observation in Observation.objects.filter(indicator_id__in=indicator_ids.values()).iterator(
            chunk_size=_BATCH
        ):
            existing[_observation_key(observation)] = observation
        to_create: list[Observation] = []
        to_update: list[Observation] = []
        kept: set[int] = set()
        for record in records:
            fields = record.breakdown.as_fields()
            key = (
                indicator_ids[record.indicator_code],
                regions[record.region_code],
                record.year,
                *fields.values(),
            )
            found = existing.get(key)
            if found is None:
                to_create.append(
                    Observation(
                        indicator_id=indicator_ids[record.indicator_code],
                        region_id=regions[record.region_code],
                        year=record.year,
                        value=record.value,
                        suppressed=record.suppressed,
                        source_file=source_file,
                        source_row=record.source_row,
                        **fields,
                    )
                )
                continue
            observation = found
            kept.add(observation.pk)
            if (
                _same(observation.value, record.value)
                and observation.suppressed == record.suppressed
                and observation.source_file == source_file
                and observation.source_row == record.source_row
            ):
                report.unchanged += 1
                continue
            observation.value = record.value
            observation.suppressed = record.suppressed
            observation.source_file = source_file
            observation.source_row = record.source_row
            to_update.append(observation)
        stale = (
            [o.pk for o in existing.values() if o.source_file == source_file and o.pk not in kept]
            if replace_missing
            else []
        )
        for start in range(0, len(stale), _BATCH):
            Observation.objects.filter(pk__in=stale[start : start + _BATCH]).delete()
        Observation.objects.bulk_create(to_create, batch_size=_BATCH)
        Observation.objects.bulk_update(
            to_update, ["value", "suppressed", "source_file", "source_row"], batch_size=_BATCH
        )
        report.created, report.updated, report.deleted = len(to_create), len(to_update), len(stale)
        if report.created or report.updated or report.deleted or report.indicators_created:
            data_version_bump(key=INDICATORS_DATA_KEY)
    return report


def _observation_key(observation: Observation) -> tuple[object, ...]:
    return (
        observation.indicator_id,
        observation.region_id,
        observation.year,
        *(getattr(observation, name) for name in BREAKDOWN_FIELDS),
    )


def _same(stored: Decimal | None, new: Decimal | None) -> bool:
    if stored is None or new is None:
        return stored is None and new is None
    return Decimal(stored) == new


def first_classification() -> dict[str, tuple[str, str]]:
    """The shipped first classification: CROHO code -> (category, reason); unlisted codes are "other"."""
    with CLASSIFICATION_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["programme_code"]: (row["category"], row["reason"]) for row in csv.DictReader(handle)}


def programme_classifications_add(*, programmes: Iterable[Programme]) -> int:
    """Adds programmes not yet classified, with the shipped first classification (others "other").
    Existing rows keep their category: an admin's edit is never overwritten. Returns how many were added."""
    shipped = first_classification()
    present = set(ProgrammeClassification.objects.values_list("programme_code", flat=True))
    new = []
    for programme in programmes:
        if programme.code in present:
            continue
        present.add(programme.code)
        category, reason = shipped.get(programme.code, (ProgrammeCategory.OTHER, ""))
        new.append(
            ProgrammeClassification(
                programme_code=programme.code,
                name=programme.name,
                level=programme.level,
                category=category,
                note=reason,
            )
        )
    ProgrammeClassification.objects.bulk_create(new)
    if new:
        data_version_bump(key=INDICATORS_DATA_KEY)
    return len(new)


def programme_classification_set(*, programme_code: str, category: str) -> None:
    """Changes a programme's category; figures read afterwards use it at once (no re-import)."""
    with transaction.atomic():
        ProgrammeClassification.objects.filter(programme_code=programme_code).update(category=category)
        data_version_bump(key=INDICATORS_DATA_KEY)


def duo_hbo_import(*, text: str, file_name: str) -> ImportReport:
    """Reads, checks and writes a DUO "ingeschrevenen hbo" file; nothing is written on any problem."""
    parsed = duo_hbo_read(text=text, file_name=file_name)
    with transaction.atomic():
        report = observations_import(
            records=parsed.records, source_file=file_name, indicators=[DUO_HBO_INDICATOR]
        )
        report.programmes_added = programme_classifications_add(programmes=parsed.programmes)
    return report


def cbs_table_import(
    *,
    mapping: CbsTableMapping,
    columns: Sequence[str],
    rows: Iterable[tuple[int, dict[str, str]]],
    file_name: str,
) -> tuple[ImportReport, CbsRead]:
    """Reads, checks and writes a CBS table through its mapping; nothing is written on any problem."""
    read = cbs_table_read(rows=rows, columns=columns, mapping=mapping, file_name=file_name)
    report = observations_import(
        records=read.records, source_file=file_name, indicators=list(mapping.measures.values())
    )
    return report, read


def cbs_csv_rows(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The rows of a CBS table saved as CSV (semicolons or commas), numbered as a spreadsheet shows them."""
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [column.strip() for column in next(reader, [])]
    rows = [
        (number, dict(zip(header, record, strict=False)))
        for number, record in enumerate(reader, start=2)
        if any(cell.strip() for cell in record)
    ]
    return header, rows


def indicator_template_import(*, data: bytes, file_name: str) -> ImportReport:
    """Reads, checks and writes a filled-in indicator template; nothing is written on any problem.
    Cells of earlier uploads of a file with the same name that are no longer in it are removed."""
    known = dict(Indicator.objects.values_list("code", "source"))
    read = indicator_template_read(data=data, file_name=file_name, known=known)
    return observations_import(records=read.records, source_file=file_name, indicators=read.new_indicators)
