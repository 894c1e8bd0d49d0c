"""DUO open education data "ingeschrevenen hbo" (enrolled hbo students), in DUO's own column layout.

One row per municipality (of the institution's location) x institution x programme (CROHO code) x mode
x gender, one column per year. Counts under 5 are the text ``<5``: such a cell becomes a suppressed
observation without a value. An empty cell means DUO has no figure for that year: no observation.

``duo_hbo_read`` checks every row and cell and either returns all records or raises
``DataImportError`` naming every problem (row, column, what was expected); it writes nothing.
"""

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from netwerkkaart.core.errors import DataImportError, ImportProblem

from .records import Breakdown, IndicatorSpec, ObservationRecord

INDICATOR = IndicatorSpec(
    code="hbo_enrolled",
    name_nl="Ingeschrevenen hbo",
    name_en="Students enrolled in hbo",
    unit_nl="studenten",
    unit_en="students",
    definition_nl=(
        "Studenten ingeschreven bij een bekostigde hogeschool op 1 oktober, naar gemeente van de "
        "vestiging van de opleiding, instelling, opleiding (CROHO), opleidingsvorm en geslacht. "
        'Aantallen onder 5 publiceert DUO als "<5".'
    ),
    definition_en=(
        "Students enrolled at a publicly funded university of applied sciences on 1 October, by "
        "municipality of the programme's location, institution, programme (CROHO), mode and gender. "
        'DUO publishes counts under 5 as "<5".'
    ),
    source="DUO open onderwijsdata, ingeschrevenen hbo",
    licence="CC0 1.0",
    source_url="https://duo.nl/open_onderwijsdata/hoger-onderwijs/studenten/ingeschrevenen-hbo.jsp",
    suppression_max=4,
)

MUNICIPALITY_NUMBER = "GEMEENTENUMMER"
MUNICIPALITY_NAME = "GEMEENTENAAM"
LEVEL = "TYPE HOGER ONDERWIJS"
INSTITUTION_CODE = "INSTELLINGSCODE ACTUEEL"
INSTITUTION_NAME = "INSTELLINGSNAAM ACTUEEL"
PROGRAMME_CODE = "OPLEIDINGSCODE ACTUEEL"
PROGRAMME_NAME = "OPLEIDINGSNAAM ACTUEEL"
MODE = "OPLEIDINGSVORM"
GENDER = "GESLACHT"
REQUIRED_COLUMNS = (
    MUNICIPALITY_NUMBER,
    MUNICIPALITY_NAME,
    LEVEL,
    INSTITUTION_CODE,
    PROGRAMME_CODE,
    PROGRAMME_NAME,
    MODE,
    GENDER,
)
SUPPRESSED_TEXT = "<5"

LEVELS = {"bachelor": "bachelor", "master": "master", "associate degree": "associate_degree"}
MODES = {"voltijd onderwijs": "full_time", "deeltijd onderwijs": "part_time", "duaal onderwijs": "dual"}
GENDERS = {"man": "male", "vrouw": "female", "onbekend": "unknown"}

_YEAR_COLUMN = re.compile(r"^(19|20)\d\d$")
_MUNICIPALITY_NUMBER = re.compile(r"^\d{4}$")
_PROGRAMME_CODE = re.compile(r"^\d{3,6}$")
_INSTITUTION_CODE = re.compile(r"^[0-9]{2}[A-Z0-9]{2}$")
_COUNT = re.compile(r"^\d{1,9}$")


@dataclass(frozen=True)
class Programme:
    code: str
    name: str
    level: str


@dataclass(frozen=True)
class DuoFile:
    records: list[ObservationRecord]
    programmes: list[Programme]
    years: list[int]


def _expected(options: dict[str, str]) -> str:
    return ", ".join(f'"{option}"' for option in options)


def duo_hbo_read(*, text: str, file_name: str) -> DuoFile:
    """All observations of a DUO "ingeschrevenen hbo" file, or DataImportError with every problem."""
    problems: list[ImportProblem] = []
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";")
    header = [column.strip() for column in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    for column in missing:
        problems.append(ImportProblem(file_name, "this column is missing from the header", 1, column))
    year_columns = [column for column in header if _YEAR_COLUMN.match(column)]
    if not year_columns:
        problems.append(ImportProblem(file_name, "expected one column per year (2020, 2021, ...)", 1))
    if problems:
        raise DataImportError(problems)

    records: list[ObservationRecord] = []
    programmes: dict[str, Programme] = {}
    seen: dict[tuple[object, ...], int] = {}
    for row_number, row in enumerate(reader, start=2):
        if None in row:
            problems.append(
                ImportProblem(file_name, f"more cells than the {len(header)} columns", row_number)
            )
            continue
        cells = {column: (value or "").strip() for column, value in row.items()}
        row_problems: list[ImportProblem] = []

        def check(
            column: str,
            valid: bool,
            expected: str,
            *,
            row: int = row_number,
            cells: dict[str, str] = cells,
            found: list[ImportProblem] = row_problems,
        ) -> None:
            if not valid:
                message = f'expected {expected}, found "{cells[column]}"'
                found.append(ImportProblem(file_name, message, row, column))

        number = cells[MUNICIPALITY_NUMBER]
        check(
            MUNICIPALITY_NUMBER, bool(_MUNICIPALITY_NUMBER.match(number)), "a municipality number of 4 digits"
        )
        check(LEVEL, cells[LEVEL] in LEVELS, f"one of {_expected(LEVELS)}")
        check(MODE, cells[MODE] in MODES, f"one of {_expected(MODES)}")
        check(GENDER, cells[GENDER] in GENDERS, f"one of {_expected(GENDERS)}")
        check(PROGRAMME_CODE, bool(_PROGRAMME_CODE.match(cells[PROGRAMME_CODE])), "a CROHO code of digits")
        check(PROGRAMME_NAME, bool(cells[PROGRAMME_NAME]), "the programme's name")
        check(
            INSTITUTION_CODE,
            bool(_INSTITUTION_CODE.match(cells[INSTITUTION_CODE])),
            "an institution code (BRIN) of 2 digits and 2 letters or digits",
        )
        values: dict[int, tuple[Decimal | None, bool]] = {}
        for column in year_columns:
            raw = cells[column]
            if raw == "":
                continue
            if raw == SUPPRESSED_TEXT:
                values[int(column)] = (None, True)
            elif _COUNT.match(raw):
                values[int(column)] = (Decimal(raw), False)
            else:
                check(column, False, f'a whole number or "{SUPPRESSED_TEXT}"')
        if row_problems:
            problems.extend(row_problems)
            continue

        breakdown = Breakdown(
            level=LEVELS[cells[LEVEL]],
            gender=GENDERS[cells[GENDER]],
            programme_code=cells[PROGRAMME_CODE],
            institution_code=cells[INSTITUTION_CODE],
            mode=MODES[cells[MODE]],
        )
        key = (number, breakdown)
        if key in seen:
            problems.append(
                ImportProblem(
                    file_name,
                    f"the same municipality, institution, programme, mode and gender as row {seen[key]}",
                    row_number,
                )
            )
            continue
        seen[key] = row_number
        known = programmes.get(cells[PROGRAMME_CODE])
        if known is None:
            programmes[cells[PROGRAMME_CODE]] = Programme(
                cells[PROGRAMME_CODE], cells[PROGRAMME_NAME], breakdown.level
            )
        for year, (value, suppressed) in values.items():
            records.append(
                ObservationRecord(
                    indicator_code=INDICATOR.code,
                    region_code=f"GM{number}",
                    year=year,
                    value=value,
                    suppressed=suppressed,
                    source_row=row_number,
                    breakdown=breakdown,
                    region_label=f"{number} {cells[MUNICIPALITY_NAME]}",
                    region_column=MUNICIPALITY_NUMBER,
                )
            )
    if problems:
        raise DataImportError(problems)
    return DuoFile(
        records=records, programmes=list(programmes.values()), years=[int(y) for y in year_columns]
    )
