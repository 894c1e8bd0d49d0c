"""The writers on their own: formula safety (and its documented reversal), cell types, whitespace, bytes."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings

from netwerkkaart.exports import writers
from netwerkkaart.exports.datasets import DATASETS
from netwerkkaart.exports.ods import ods_write
from netwerkkaart.exports.selectors import Row, list_cell, organisation_label
from netwerkkaart.exports.writers import FORMULA_TRIGGERS, SheetTooLarge, csv_chunks, safe_text, xlsx_write

from .conftest import csv_rows, ods_rows, xlsx_rows

TEXTS = [
    "=1+1",
    "+31 10 123 45 67",
    "-2",
    "@SUM(A1)",
    "\tTAB",
    "\rCR",
    "'=x",
    "''+y",
    "'s-Hertogenbosch",
    "'",
    "",
    "a=b",
    "gewoon",
]


def read_back(value: str) -> str:
    """What docs/data/export-format.md tells an importer to do."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


@pytest.mark.parametrize("text", TEXTS)
def test_safe_text_is_safe_and_reversible(text: str) -> None:
    written = safe_text(text)
    assert not written.startswith(FORMULA_TRIGGERS)
    assert read_back(written) == text


def test_names_with_a_leading_apostrophe_stay_as_they_are() -> None:
    assert safe_text("'s-Hertogenbosch") == "'s-Hertogenbosch"
    assert safe_text("'t Gooi") == "'t Gooi"


def test_lists_and_organisations_in_a_cell() -> None:
    assert list_cell(["a", "b;c", "d"]) == "a; b;;c; d"
    assert list_cell([]) == ""
    assert (
        organisation_label("Voorbeeld B.V.", "12345678", "99XX") == "Voorbeeld B.V. [KvK 12345678, BRIN 99XX]"
    )
    assert organisation_label("Gemeente Utrecht", "", "") == "Gemeente Utrecht"


ROWS: list[Row] = [
    ("tekst", 2018, Decimal("23.50"), 51.9225, True, date(2026, 1, 15), None),
    ("=gevaar", -4, Decimal("0.00"), -4.5, False, None, ""),
]
COLUMNS = ["text", "whole", "decimal", "float", "flag", "day", "empty"]


def _csv(delimiter: str) -> bytes:
    return b"".join(csv_chunks(columns=COLUMNS, rows=iter(ROWS), delimiter=delimiter))


def test_csv_numbers_follow_the_delimiter() -> None:
    semicolon = csv_rows(_csv(";"), ";")
    assert semicolon[1] == ["tekst", "2018", "23,50", "51,9225", "true", "2026-01-15", ""]
    assert semicolon[2] == ["'=gevaar", "-4", "0,00", "-4,5", "false", "", ""]
    comma = csv_rows(_csv(","), ",")
    assert comma[1] == ["tekst", "2018", "23.50", "51.9225", "true", "2026-01-15", ""]


def test_csv_is_written_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writers, "CSV_CHUNK_CHARACTERS", 10)
    chunks = list(csv_chunks(columns=COLUMNS, rows=iter(ROWS), delimiter=";"))
    assert chunks[0] == b"\xef\xbb\xbf"
    assert len(chunks) >= 3


def _xlsx(rows: list[Row]) -> bytes:
    target = io.BytesIO()
    xlsx_write(
        target,
        sheet="proef",
        title="t",
        author="a",
        columns=COLUMNS,
        widths=[10] * len(COLUMNS),
        rows=iter(rows),
    )
    return target.getvalue()


def _ods(rows: list[Row], columns: list[str] = COLUMNS) -> bytes:
    target = io.BytesIO()
    ods_write(target, sheet="proef", title="t", columns=columns, widths=[10] * len(columns), rows=iter(rows))
    return target.getvalue()


def test_xlsx_cells_are_typed() -> None:
    rows = xlsx_rows(_xlsx(ROWS))
    assert rows[0] == COLUMNS
    assert rows[1][:5] == ["tekst", 2018, 23.5, 51.9225, True]
    assert rows[1][5].date() == date(2026, 1, 15)
    assert rows[2] == ["'=gevaar", -4, 0, -4.5, False, None, None]


def test_ods_cells_are_typed() -> None:
    rows = ods_rows(_ods(ROWS))
    assert rows[0] == COLUMNS
    assert rows[1] == ["tekst", 2018, 23.5, 51.9225, True, date(2026, 1, 15), None]
    assert rows[2] == ["'=gevaar", -4, 0, -4.5, False, None, None]


WHITESPACE = [
    " leading",
    "trailing ",
    "two  spaces and   three",
    "tab\there",
    "lines\nand\n\na blank one",
    "Windows\r\nline",
    "a & b < c > d \"quoted\" 'single'",
    "   ",
    "één, Fryslân, ß",
]


def test_ods_keeps_spaces_tabs_and_line_breaks() -> None:
    rows = ods_rows(_ods([(text,) for text in WHITESPACE], ["text"]))
    assert [row[0] for row in rows[1:]] == [text.replace("\r\n", "\n") for text in WHITESPACE]


def test_ods_leaves_out_what_xml_cannot_hold() -> None:
    rows = ods_rows(_ods([("control\x01char\x0b",)], ["text"]))
    assert rows[1] == ["controlchar"]


def test_the_same_rows_give_the_same_bytes() -> None:
    assert _xlsx(ROWS) == _xlsx(ROWS)
    assert _ods(ROWS) == _ods(ROWS)
    assert _csv(";") == _csv(";")


def test_a_sheet_refuses_more_rows_than_a_spreadsheet_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writers, "MAX_SHEET_ROWS", 3)
    with pytest.raises(SheetTooLarge):
        _xlsx(ROWS * 3)


def test_the_documented_columns_are_the_exported_ones() -> None:
    """docs/data/export-format.md is the contract with the import: it must list the columns in order."""
    text = (settings.BASE_DIR / "docs" / "data" / "export-format.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.MULTILINE)
    documented = {}
    for section in sections:
        heading = re.match(r"[^\n]*\(`(\w+)`\)\n", section)
        if heading:
            documented[heading.group(1)] = re.findall(r"^\| \d+ \| `(\w+)` \|", section, flags=re.MULTILINE)
    assert documented == {slug: dataset.column_names for slug, dataset in DATASETS.items()}
