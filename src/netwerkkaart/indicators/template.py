"""The indicator template: a sheet (CSV, XLSX or ODS) in which a coordinator adds figures from other
sources (UWV vacancies, CBS labour force, KvK establishments), with the source and year of each.

Columns (Dutch or English header, any order; see docs/data/indicator-template.md):
``indicator_code``, ``region_code``, ``year``, ``value``, ``breakdown``, ``source``, and to define a new
indicator on its first row: ``name_nl``, ``name_en``, ``unit_nl``, ``unit_en``, ``definition_nl``,
``definition_en``, ``licence``, ``source_url``.

A value is a number (decimal point or comma, no thousands separators), or "<5" / "x" for a cell the
source suppressed. ``breakdown`` is empty or ``dimension=value`` pairs separated by ";", for instance
``gender=female; level=bachelor``.
"""

import contextlib
import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook

from netwerkkaart.core.errors import DataImportError, ImportProblem
from netwerkkaart.imports.reading.detect import sheet_read
from netwerkkaart.imports.reading.sheet import RefusedCell

from .cbs import region_code_map
from .choices import Gender
from .records import BREAKDOWN_FIELDS, Breakdown, IndicatorSpec, ObservationRecord


@dataclass(frozen=True)
class TemplateColumn:
    key: str
    header_nl: str
    required: bool
    description: str
    example: str


COLUMNS = (
    TemplateColumn(
        "indicator_code",
        "indicatorcode",
        True,
        "code of the indicator (letters, digits, _)",
        "uwv_vacancies_ict",
    ),
    TemplateColumn("region_code", "regiocode", True, "CBS code: NL01, PV26, AM14 or GM0344", "AM14"),
    TemplateColumn("year", "jaar", True, "the year the figure is about", "2024"),
    TemplateColumn("value", "waarde", True, 'a number, or "<5" / "x" when the source hides it', "1250"),
    TemplateColumn(
        "breakdown", "uitsplitsing", False, "dimension=value pairs separated by ;", "gender=female"
    ),
    TemplateColumn("source", "bron", True, "who published the figure", "UWV"),
    TemplateColumn("name_nl", "naam_nl", False, "new indicator: Dutch name", "Openstaande vacatures ICT"),
    TemplateColumn("name_en", "naam_en", False, "new indicator: English name", "Open ICT vacancies"),
    TemplateColumn("unit_nl", "eenheid_nl", False, "new indicator: Dutch unit", "vacatures"),
    TemplateColumn("unit_en", "eenheid_en", False, "new indicator: English unit", "vacancies"),
    TemplateColumn("definition_nl", "definitie_nl", False, "new indicator: Dutch definition", ""),
    TemplateColumn("definition_en", "definitie_en", False, "new indicator: English definition", ""),
    TemplateColumn("licence", "licentie", False, "new indicator: licence of the source", "CC BY 4.0"),
    TemplateColumn("source_url", "bron_url", False, "new indicator: web address of the source", ""),
)
_BY_HEADER = {name: column.key for column in COLUMNS for name in (column.key, column.header_nl)}
_CODE = re.compile(r"^[a-z0-9_]{2,64}$")
_YEAR = re.compile(r"^(19|20)\d\d$")
_VALUE = re.compile(r"^-?\d+(?:[.,]\d+)?$")
SUPPRESSED_VALUES = {"<5", "x"}
_DEFINITION_REQUIRED = ("name_nl", "name_en", "unit_nl", "unit_en", "licence")
BREAKDOWN_VALUES: dict[str, set[str] | None] = {
    "gender": {choice.value for choice in Gender},
    "level": None,
    "programme_code": None,
    "institution_code": None,
    "mode": None,
}


@dataclass(frozen=True)
class TemplateRead:
    records: list[ObservationRecord]
    new_indicators: list[IndicatorSpec]


def _breakdown(text: str) -> Breakdown:
    """Raises ValueError with what was expected."""
    fields: dict[str, str] = {}
    for part in filter(None, (piece.strip() for piece in text.split(";"))):
        name, sep, value = (item.strip() for item in part.partition("="))
        if not sep or name not in BREAKDOWN_FIELDS or not value:
            raise ValueError(f"dimension=value pairs with a dimension of {', '.join(BREAKDOWN_FIELDS)}")
        allowed = BREAKDOWN_VALUES[name]
        if allowed is not None and value not in allowed:
            raise ValueError(f"{name} one of {', '.join(sorted(allowed))}")
        fields[name] = value
    return Breakdown(**fields)


def indicator_template_read(*, data: bytes, file_name: str, known: dict[str, str]) -> TemplateRead:
    """The figures of a filled-in template, or DataImportError naming every problem. ``known`` maps
    existing indicator codes to their source."""
    sheet = sheet_read(data=data, file=file_name)
    if not sheet.rows:
        raise DataImportError([ImportProblem(file_name, "the file has no header row")])
    header_row, *rows = sheet.rows
    positions: dict[str, int] = {}
    problems: list[ImportProblem] = []
    for index, cell in enumerate(header_row.cells):
        name = cell.strip().lower() if isinstance(cell, str) else ""
        if name in _BY_HEADER:
            positions[_BY_HEADER[name]] = index
        elif name:
            problems.append(ImportProblem(file_name, f'unknown column "{name}"', header_row.number))
    for column in COLUMNS:
        if column.required and column.key not in positions:
            problems.append(ImportProblem(file_name, "this column is missing", header_row.number, column.key))
    if problems:
        raise DataImportError(problems)

    records: list[ObservationRecord] = []
    new: dict[str, IndicatorSpec] = {}
    for row in rows:
        cells: dict[str, str] = {}
        for key, index in positions.items():
            cell = row.cells[index] if index < len(row.cells) else ""
            if isinstance(cell, RefusedCell):
                problems.append(ImportProblem(file_name, cell.reason, row.number, key))
                cell = ""
            cells[key] = cell.strip()
        found: list[ImportProblem] = []

        def expect(
            key: str,
            valid: bool,
            expected: str,
            number: int = row.number,
            sink: list[ImportProblem] = found,
            cells: dict[str, str] = cells,
        ) -> None:
            if not valid:
                message = f'expected {expected}, found "{cells.get(key, "")}"'
                sink.append(ImportProblem(file_name, message, number, key))

        code = cells["indicator_code"]
        expect("indicator_code", bool(_CODE.match(code)), "an indicator code of small letters, digits and _")
        region: str | None = None
        with contextlib.suppress(ValueError):
            region = region_code_map(cells["region_code"])
        expect("region_code", region is not None, "a CBS region code: NL01, PVnn, AMnn or GMnnnn")
        expect("year", bool(_YEAR.match(cells["year"])), "a year of four digits")
        raw = cells["value"]
        suppressed = raw.lower() in SUPPRESSED_VALUES
        expect(
            "value", suppressed or bool(_VALUE.match(raw)), 'a number (no thousands separators), "<5" or "x"'
        )
        expect("source", bool(cells["source"]), "the name of the source")
        breakdown = Breakdown()
        try:
            breakdown = _breakdown(cells.get("breakdown", ""))
        except ValueError as error:
            expect("breakdown", False, str(error))
        if code in known:
            expect(
                "source",
                cells["source"].casefold() == known[code].casefold(),
                f'the source of indicator {code}, "{known[code]}"'
                " (use a new indicator code for another source)",
            )
        elif code and code not in new and _CODE.match(code):
            if all(cells.get(key) for key in _DEFINITION_REQUIRED):
                new[code] = IndicatorSpec(
                    code=code,
                    name_nl=cells["name_nl"],
                    name_en=cells["name_en"],
                    unit_nl=cells["unit_nl"],
                    unit_en=cells["unit_en"],
                    definition_nl=cells.get("definition_nl", ""),
                    definition_en=cells.get("definition_en", ""),
                    source=cells["source"],
                    licence=cells["licence"],
                    source_url=cells.get("source_url", ""),
                )
            else:
                missing = [key for key in _DEFINITION_REQUIRED if not cells.get(key)]
                expect(
                    missing[0],
                    False,
                    f"a new indicator's {', '.join(missing)} on its first row ({code} is not known yet)",
                )
        elif code in new:
            expect(
                "source", cells["source"].casefold() == new[code].source.casefold(), f'"{new[code].source}"'
            )
        if found:
            problems.extend(found)
            continue
        assert region is not None  # noqa: S101 - checked above
        records.append(
            ObservationRecord(
                indicator_code=code,
                region_code=region,
                year=int(cells["year"]),
                value=None if suppressed else Decimal(raw.replace(",", ".")),
                suppressed=suppressed,
                source_row=row.number,
                breakdown=breakdown,
                region_label=cells["region_code"],
                region_column="region_code",
            )
        )
    if problems:
        raise DataImportError(problems)
    return TemplateRead(records=records, new_indicators=list(new.values()))


def template_csv() -> bytes:
    """The template as CSV (UTF-8 with BOM, so spreadsheet programs see the encoding)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.key for column in COLUMNS])
    writer.writerow([column.example for column in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """The template as a workbook: the columns with one example row, and a sheet explaining them."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook has one sheet
    sheet.title = "figures"
    sheet.append([column.key for column in COLUMNS])
    sheet.append([column.example for column in COLUMNS])
    help_sheet = workbook.create_sheet("columns")
    help_sheet.append(["column", "Dutch header", "required", "meaning", "example"])
    for column in COLUMNS:
        help_sheet.append(
            [
                column.key,
                column.header_nl,
                "yes" if column.required else "no",
                column.description,
                column.example,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
