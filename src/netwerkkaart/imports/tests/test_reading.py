"""Tolerant reading: what real sheets do (header variants, encodings, separators, title rows, empty
rows and columns, the three formats) is read as meant."""

import pytest
from django.utils import translation

from netwerkkaart.imports.columns import column_for_header, layout_find
from netwerkkaart.imports.reading.detect import sheet_read
from netwerkkaart.imports.reading.sheet import RefusedCell, text_cell
from netwerkkaart.imports.services import initiatives_import
from netwerkkaart.initiatives.models import Initiative

from .builders import HEADER, ROW, csv_bytes, ods_bytes, ods_cell, ods_content, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Naam initiatief", "name"),
        (" NAAM ", "name"),
        ("name", "name"),
        ("naam_initiatief", "name"),
        ("Naam *", "name"),
        ("Naam (verplicht)", "name"),
        ("Thema's", "themes"),
        ("THEMAS", "themes"),
        ("Thema\u2019s", "themes"),
        ("Gemeentecode", "municipality"),
        ("Partner 1", "partners"),
        ("Partner 12", "partners"),
        ("partners_company", "companies"),
        ("Start year", "start_year"),
        ("start_year", "start_year"),
        ("E-mail", "contact_email"),
        ("Onderwijsniveaus", "education_levels"),
        ("lead_or_host", "lead"),
        ("known_partners", "partners"),
        ("Opmerkingen intern", None),
    ],
)
def test_header_variants(header: str, key: str | None) -> None:
    assert column_for_header(header) == key


def _one(data: bytes, file_name: str = "sheet.csv") -> Initiative:
    report = initiatives_import(data=data, file_name=file_name)
    assert not report.problems
    assert report.counts["created"] == 1
    return Initiative.objects.get(slug=report.rows[0].slug)


def test_utf8_with_byte_order_mark_and_semicolons(regions) -> None:
    initiative = _one(csv_bytes([HEADER, ["Café Digitaal", *ROW[1:]]], bom=True))
    assert initiative.name == "Café Digitaal"
    assert initiative.municipality == regions["GM0599"]


def test_windows_1252_is_detected_and_reported(regions) -> None:
    data = csv_bytes([HEADER, ["Caf\u00e9 Digitaal \u2013 Zuid", *ROW[1:]]], encoding="cp1252")
    with translation.override("en"):
        report = initiatives_import(data=data, file_name="excel.csv", dry_run=True)
    assert report.rows[0].name == "Caf\u00e9 Digitaal \u2013 Zuid"
    assert "Windows-1252 (not UTF-8)" in report.notes[0]


def test_utf16_text_with_tabs(regions) -> None:
    data = "\r\n".join("\t".join(row) for row in [HEADER, ROW]).encode("utf-16")
    assert _one(data).name == "IT Campus Rotterdam"


def test_commas_and_quoted_line_breaks(regions) -> None:
    data = csv_bytes(
        [HEADER, [*ROW[:5], "Albeda (onderwijspartner)\nGemeente Rotterdam (financier)"]], delimiter=","
    )
    initiative = _one(data)
    assert sorted(initiative.partnerships.values_list("role", flat=True)) == ["education_partner", "funder"]


def test_title_rows_empty_rows_and_empty_columns_are_skipped(regions) -> None:
    data = csv_bytes(
        [
            ["Netwerkkaart ICT-pps, stand 2024", "", "", ""],
            ["", "", "", ""],
            [" NAAM ", "Gemeente", "", ""],
            ["IT Campus Rotterdam", "Rotterdam", "", ""],
            ["", "", "", ""],
            ["", "", "", ""],
        ]
    )
    with translation.override("en"):
        report = initiatives_import(data=data, file_name="titel.csv")
    assert [row.row for row in report.rows] == [4]
    assert "The header is on row 3" in " ".join(report.notes)


def test_unknown_columns_are_listed_and_not_imported(regions) -> None:
    data = csv_bytes([["naam", "Opmerkingen intern"], ["IT Campus", "bellen in mei"]])
    report = initiatives_import(data=data, file_name="extra.csv", dry_run=True)
    assert report.ignored_columns == ["Opmerkingen intern"]
    assert not report.problems


def test_a_leading_apostrophe_marks_text_that_looks_like_a_formula() -> None:
    assert text_cell("'+31 10 123 45 67") == "+31 10 123 45 67"
    assert text_cell("''=x") == "'=x"
    assert text_cell("'s-Hertogenbosch") == "'s-Hertogenbosch"
    assert text_cell("+31 10 123 45 67") == "+31 10 123 45 67"  # a phone number is no formula
    assert text_cell("-") == "-"
    assert isinstance(text_cell("=1+1"), RefusedCell)


def test_xlsx_typed_cells_and_sheet_choice(regions) -> None:
    from datetime import date

    data = xlsx_bytes(
        [
            [
                "naam",
                "startjaar",
                "breedtegraad",
                "lengtegraad",
                "geverifieerd op",
                "fictief",
                "beschrijving",
            ],
            ["IT Campus", 2018, 51.9225, 4.47917, date(2024, 5, 1), False, "=tekst, geen formule"],
        ],
        title="initiatieven",
    )
    initiative = _one(data, "sheet.xlsx")
    assert (initiative.start_year, initiative.latitude, initiative.longitude) == (2018, 51.9225, 4.47917)
    assert initiative.verified_on == date(2024, 5, 1)
    assert initiative.fictitious is False
    assert initiative.description == "=tekst, geen formule"  # a text cell is text, never a formula


def test_ods_repeated_cells_and_rows_line_breaks_and_numbers(regions) -> None:
    repeated_empty = '<table:table-cell table:number-columns-repeated="16000"/>'
    content = ods_content(
        [
            ["naam", "startjaar", "partners", ("raw", repeated_empty)],
            ["IT Campus", 2018, "Albeda\nGemeente Rotterdam (financier)", ("raw", repeated_empty)],
        ],
        tail_rows=(
            '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/></table:table-row>'
        ),
    )
    sheet = sheet_read(data=ods_bytes(content=content), file="blad.ods")
    assert [row.cells for row in sheet.rows] == [
        ("naam", "startjaar", "partners"),
        ("IT Campus", "2018", "Albeda\nGemeente Rotterdam (financier)"),
    ]
    initiative = _one(ods_bytes(content=content), "blad.ods")
    assert initiative.partnerships.count() == 2


def test_ods_numbered_rows_count_repeated_rows() -> None:
    content = ods_content(
        [["naam"]],
        tail_rows=(
            '<table:table-row table:number-rows-repeated="3"><table:table-cell/></table:table-row>'
            f"<table:table-row>{ods_cell('IT Campus')}</table:table-row>"
        ),
    )
    sheet = sheet_read(data=ods_bytes(content=content), file="blad.ods")
    layout, problems = layout_find(sheet)
    assert layout is not None and not problems
    assert [row.number for row in sheet.rows] == [1, 5]


def test_ods_reads_the_sheet_named_initiatives(regions) -> None:
    table = '<table:table table:name="{name}"><table:table-row>{cells}</table:table-row></table:table>'
    content = (
        ods_content([["naam"], ["Uitleg"]])
        .replace(
            "</office:spreadsheet>",
            table.format(name="Initiatieven", cells=ods_cell("naam")).replace(
                "</table:table>", f"<table:table-row>{ods_cell('IT Campus')}</table:table-row></table:table>"
            )
            + "</office:spreadsheet>",
        )
        .replace('table:name="initiatieven"', 'table:name="Toelichting"')
    )
    with translation.override("en"):
        sheet = sheet_read(data=ods_bytes(content=content), file="twee.ods")
        assert [row.cells for row in sheet.rows] == [("naam",), ("IT Campus",)]
        assert sheet.notes == ["Read as ODS, sheet 'Initiatieven'.", "Only the sheet 'Initiatieven' is read."]
