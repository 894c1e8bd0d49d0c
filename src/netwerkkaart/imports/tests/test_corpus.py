"""The malformed-file corpus: every file is refused whole, with a clear problem naming its row and
column, and the database stays exactly as it was (asserted on a snapshot of every table an import
may write)."""

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import override_settings
from django.utils import translation

from netwerkkaart.core.errors import ImportProblem
from netwerkkaart.imports.services import ImportRefused, initiatives_import

from .builders import (
    HEADER,
    ROW,
    csv_bytes,
    lying_zip_xlsx,
    ods_bytes,
    ods_content,
    xlsx_bytes,
    zip_bomb_xlsx,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Case:
    name: str
    file_name: str
    build: Callable[[], bytes]
    message: str  # a part of the (English) message
    row: int | None = None
    column: str | None = None
    expected_format: str | None = None
    settings: dict[str, int] | None = None


def _row(**changes: str) -> list[str]:
    values = dict(zip(HEADER, ROW, strict=True))
    values.update(changes)
    return [values[column] for column in HEADER]


def _csv(*rows: list[str], header: list[str] | None = None, delimiter: str = ";") -> Callable[[], bytes]:
    return lambda: csv_bytes([header or HEADER, *rows], delimiter=delimiter)


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)

CORPUS = [
    Case("empty file", "leeg.csv", lambda: b"", "The file is empty"),
    Case("only spaces and line breaks", "spaties.csv", lambda: b" \r\n\r\n  \n", "The file is empty"),
    Case("only a byte-order mark", "bom.csv", lambda: b"\xef\xbb\xbf", "holds no rows"),
    Case("header without rows", "kop.csv", _csv(), "has a header but no initiatives", row=1),
    Case(
        "binary data named .csv",
        "random.csv",
        lambda: bytes(range(256)) * 20,
        "not a text file but binary data",
    ),
    Case("a PDF named .csv", "stuk.csv", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
    Case(
        "wrong encoding (neither UTF-8 nor Windows-1252)",
        "latin.csv",
        lambda: csv_bytes([HEADER]) + "Caf\u00e9 ".encode() + b"\x81;GM0599;;;;\r\n",
        "neither UTF-8 nor Windows-1252",
        row=2,
    ),
    Case(
        "UTF-16 without byte-order mark",
        "utf16.csv",
        lambda: csv_bytes([HEADER, ROW]).decode().encode("utf-16-le"),
        "UTF-16 without a byte-order mark",
    ),
    Case(
        "missing the required name column",
        "geen-naam.csv",
        _csv(["Rotterdam", "2018"], header=["plaats", "startjaar"]),
        "No header row with a column for the initiative's name",
        row=1,
        column="naam",
    ),
    Case(
        "a column twice",
        "dubbel.csv",
        _csv(["A", "B"], header=["Naam", "name"]),
        "This column appears twice",
        row=1,
        column="name",
    ),
    Case(
        "the same initiative twice",
        "dubbele-rij.csv",
        _csv(ROW, _row(partners="")),
        "already on row 2",
        row=3,
        column="naam",
    ),
    Case(
        "the same slug twice",
        "dubbele-slug.csv",
        _csv(["A", "zelfde"], ["B", "zelfde"], header=["naam", "slug"]),
        "already on row 2",
        row=3,
        column="slug",
    ),
    Case(
        "unknown region code",
        "regio.csv",
        _csv(["IT Campus", "AM99"], header=["naam", "werkgebied"]),
        "There is no current region with code 'AM99'",
        row=2,
        column="werkgebied",
    ),
    Case(
        "unknown municipality code",
        "gemeentecode.csv",
        _csv(_row(gemeente="GM9999")),
        "There is no current municipality with code 'GM9999'",
        row=2,
        column="gemeente",
    ),
    Case(
        "unknown municipality name",
        "gemeente.csv",
        _csv(_row(gemeente="Atlantis")),
        "'Atlantis' is not the name or CBS code",
        row=2,
        column="gemeente",
    ),
    Case(
        "ambiguous municipality name",
        "bergen.csv",
        _csv(_row(gemeente="Bergen")),
        "can be several municipalities",
        row=2,
        column="gemeente",
    ),
    Case(
        "file over the size limit",
        "groot.csv",
        lambda: csv_bytes([HEADER, *[ROW] * 40]),
        "at most 1.0 kB can be imported",
        settings={"IMPORT_MAX_FILE_BYTES": 1024},
    ),
    Case(
        "too many rows",
        "rijen.csv",
        _csv(*[_row(naam=f"Initiatief {n}") for n in range(5)]),
        "more than 3 rows",
        row=4,
        settings={"IMPORT_MAX_ROWS": 3},
    ),
    Case(
        "CSV formula cell (=)",
        "formule.csv",
        _csv(_row(partners='=HYPERLINK("http://evil.example","klik")')),
        "starts with '=', which spreadsheet programs run as a formula",
        row=2,
        column="partners",
    ),
    Case(
        "CSV formula cell (@)",
        "at.csv",
        _csv(_row(naam="@SUM(1+1)*cmd|' /C calc'!A0")),
        "starts with '@'",
        row=2,
        column="naam",
    ),
    Case(
        "CSV formula cell (+, DDE)",
        "dde.csv",
        _csv(_row(soort="+cmd|' /C calc'!A0")),
        "starts with '+'",
        row=2,
        column="soort",
    ),
    Case(
        "CSV formula cell (-)",
        "min.csv",
        _csv(_row(startjaar="-2+3")),
        "starts with '-'",
        row=2,
        column="startjaar",
    ),
    Case(
        "XLSX formula cell",
        "formule.xlsx",
        lambda: xlsx_bytes([HEADER, ROW], formulas={(2, 4): "=2000+18"}),
        "This cell holds a formula (=2000+18)",
        row=2,
        column="startjaar",
    ),
    Case(
        "XLSX error value",
        "fout.xlsx",
        lambda: xlsx_bytes([HEADER, _row(startjaar="#DIV/0!")]),
        "error value #DIV/0!",
        row=2,
        column="startjaar",
    ),
    Case(
        "XLSX zip bomb (compression ratio)",
        "bom.xlsx",
        lambda: zip_bomb_xlsx(unpacked_bytes=8 * 1024 * 1024),
        "refused as a possible zip bomb",
    ),
    Case(
        "XLSX unpacking to more than the limit",
        "groot.xlsx",
        lambda: zip_bomb_xlsx(unpacked_bytes=3 * 1024 * 1024),
        "would unpack to more than 2 MB",
        settings={"IMPORT_MAX_UNPACKED_BYTES": 2 * 1024 * 1024},
    ),
    Case(
        "XLSX that lies about its sizes",
        "liegt.xlsx",
        lying_zip_xlsx,
        "cannot be unpacked",
    ),
    Case(
        "truncated XLSX",
        "afgebroken.xlsx",
        lambda: (data := xlsx_bytes([HEADER, ROW]))[: len(data) // 2],
        "damaged or incomplete",
    ),
    Case(
        "HTML saved as .xls",
        "export.xls",
        lambda: b"<html><body><table><tr><td>naam</td></tr><tr><td>X</td></tr></table></body></html>",
        "web page (HTML)",
    ),
    Case(
        "old Excel 97-2003 workbook",
        "oud.xls",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "old-style Excel file",
    ),
    Case(
        "a zip that is no spreadsheet",
        "document.xlsx",
        lambda: _zip({"word/document.xml": "<w:document/>", "[Content_Types].xml": "<Types/>"}),
        "neither an XLSX nor an ODS spreadsheet",
    ),
    Case(
        "ODS formula cell",
        "formule.ods",
        lambda: ods_bytes([HEADER, [*ROW[:3], ("formula", "of:=2000+18"), *ROW[4:]]]),
        "This cell holds a formula (=2000+18)",
        row=2,
        column="startjaar",
    ),
    Case(
        "ODS with an XML entity bomb",
        "lol.ods",
        lambda: ods_bytes(content=ods_content([HEADER, ["&lol3;"]], prologue=BILLION_LAUGHS)),
        "The ODS file cannot be read",
    ),
    Case(
        "wrong separator (vertical bars)",
        "pipes.csv",
        lambda: b"naam|gemeente|startjaar\r\nIT Campus|GM0599|2018\r\n",
        "The whole header is one cell",
        row=1,
        column="naam",
    ),
    Case(
        "rows saved with another separator than the header",
        "gemengd.csv",
        lambda: b"naam;gemeente;startjaar\r\nIT Campus,GM0599,2018\r\n",
        "was it saved with another separator",
        row=2,
    ),
    Case(
        "a value with the separator but without quotes",
        "quotes.csv",
        lambda: b"naam;gemeente;partners\r\nIT Campus;GM0599;Albeda; Zadkine\r\n",
        "must be enclosed in double quotes",
        row=2,
    ),
    Case(
        "broken quotes",
        "quote.csv",
        lambda: b'naam;gemeente\r\n"IT Campus"x;GM0599\r\n',
        "cannot be read here",
        row=2,
    ),
    Case(
        "a value in a column without header",
        "zonder-kop.xlsx",
        lambda: xlsx_bytes([["naam", None, "gemeente"], ["IT Campus", "los", "GM0599"]]),
        "its column has no header",
        row=2,
        column="B",
    ),
    Case(
        "invalid year",
        "jaar.csv",
        _csv(_row(startjaar="tweeduizend")),
        "is not a year",
        row=2,
        column="startjaar",
    ),
    Case(
        "year out of range",
        "jaar-oud.csv",
        _csv(_row(startjaar="1850")),
        "is not a year between 1990 and 2100",
        row=2,
        column="startjaar",
    ),
    Case(
        "end year before the start year",
        "eindjaar.csv",
        _csv(["IT Campus", "2020", "2018"], header=["naam", "startjaar", "eindjaar"]),
        "The end year cannot lie before the start year",
        row=2,
        column="eindjaar",
    ),
    Case(
        "merged partner cell with an invalid KvK number",
        "kvk.csv",
        _csv(_row(partners="Albeda (onderwijspartner); Bedrijf B (bedrijf, KvK 1234); Gemeente C")),
        "A KvK number has exactly 8 digits",
        row=2,
        column="partners",
    ),
    Case(
        "partner with an invalid school code",
        "brin.csv",
        _csv(_row(partners="ROC X (BRIN 2X)")),
        "A school code (BRIN / instellingscode) has 2 digits",
        row=2,
        column="partners",
    ),
    Case(
        "partner whose role cannot be told",
        "rol.csv",
        _csv(_row(partners="Bedrijf B")),
        "The role of 'Bedrijf B' cannot be told",
        row=2,
        column="partners",
    ),
    Case(
        "unknown attribute in a partner's brackets",
        "sponsor.csv",
        _csv(_row(partners="Bedrijf B (sponsor)")),
        "'sponsor' in the brackets of 'Bedrijf B' is not a role",
        row=2,
        column="partners",
    ),
    Case(
        "unknown theme",
        "thema.csv",
        _csv(_row(**{"thema's": "Cybersecurity; Kwantumcomputers"})),
        "Unknown themes: 'Kwantumcomputers'",
        row=2,
        column="thema's",
    ),
    Case(
        "unknown goal",
        "doel.csv",
        _csv(["IT Campus", "Wereldvrede"], header=["naam", "doelen"]),
        "Unknown goals: 'Wereldvrede'",
        row=2,
        column="doelen",
    ),
    Case(
        "unknown kind",
        "soort.csv",
        _csv(_row(soort="ruimtevaart")),
        "'ruimtevaart' is not one of",
        2,
        "soort",
    ),
    Case(
        "contact person without consent",
        "avg.csv",
        _csv(["IT Campus", "Jan Jansen"], header=["naam", "contactpersoon"]),
        "A contact person is personal data",
        row=2,
        column="contactpersoon",
    ),
    Case(
        "invalid e-mail address",
        "mail.csv",
        _csv(["IT Campus", "info@"], header=["naam", "e-mail"]),
        "Enter a valid email address",
        row=2,
        column="e-mail",
    ),
    Case(
        "latitude and longitude swapped",
        "coord.csv",
        _csv(["IT Campus", "4.48", "51.92"], header=["naam", "breedtegraad", "lengtegraad"]),
        "is not a latitude in the Netherlands",
        row=2,
        column="breedtegraad",
    ),
    Case(
        "row without a name",
        "naamloos.csv",
        _csv(_row(naam="")),
        "The name of the initiative is empty",
        row=2,
        column="naam",
    ),
    Case(
        "formula in the header row",
        "kopformule.csv",
        lambda: csv_bytes([["naam", "=1+1"], ["IT Campus", "x"]]),
        "starts with '='",
        row=1,
        column="B",
    ),
    Case(
        "invalid slug",
        "slug.csv",
        _csv(["IT Campus", "IT Campus!"], header=["naam", "slug"]),
        "is not a slug",
        2,
        "slug",
    ),
    Case(
        "a new initiative as archived",
        "archief.csv",
        _csv(["IT Campus", "gearchiveerd"], header=["naam", "status"]),
        "cannot be imported as archived",
        row=2,
        column="status",
    ),
    Case(
        "XLSX content uploaded as CSV",
        "werkmap.csv",
        lambda: xlsx_bytes([HEADER, ROW]),
        "was to be CSV but its content is XLSX",
        expected_format="csv",
    ),
]


def _zip(entries: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return out.getvalue()


def test_the_corpus_holds_at_least_30_files() -> None:
    assert len(CORPUS) >= 30
    assert len({case.name for case in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=[case.name for case in CORPUS])
def test_a_malformed_file_is_refused_whole_with_a_clear_problem(
    case: Case, existing, database_snapshot
) -> None:
    data = case.build()
    before = database_snapshot()
    with translation.override("en"), override_settings(**(case.settings or {})):
        with pytest.raises(ImportRefused) as refused:
            initiatives_import(data=data, file_name=case.file_name, expected_format=case.expected_format)
        dry_run = initiatives_import(
            data=data, file_name=case.file_name, expected_format=case.expected_format, dry_run=True
        )

    problems = refused.value.report.problems
    assert problems, "a refused import names its problems"
    matching = [p for p in problems if case.message in p.message]
    assert matching, f"expected '{case.message}' among {[str(p) for p in problems]}"
    problem: ImportProblem = matching[0]
    assert problem.file == case.file_name
    assert problem.row == case.row
    assert problem.column == case.column
    assert [str(p) for p in dry_run.problems] == [str(p) for p in problems]
    assert database_snapshot() == before


def test_every_problem_of_a_file_is_reported_at_once(existing, database_snapshot) -> None:
    data = csv_bytes(
        [
            HEADER,
            _row(startjaar="tweeduizend"),
            _row(naam="Tweede", gemeente="Atlantis"),
            _row(naam="Derde", partners="Bedrijf B (bedrijf, KvK 12)"),
        ]
    )
    before = database_snapshot()
    with translation.override("en"), pytest.raises(ImportRefused) as refused:
        initiatives_import(data=data, file_name="veel.csv")

    where = [(p.row, p.column) for p in refused.value.report.problems]
    assert where == [(2, "startjaar"), (3, "gemeente"), (4, "partners")]
    assert [row.outcome for row in refused.value.report.rows] == ["refused", "refused", "refused"]
    assert database_snapshot() == before
