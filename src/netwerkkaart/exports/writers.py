"""CSV and XLSX writers for typed rows (the ODS writer is in `ods.py`); docs/data/export-format.md.

Each writer takes the column names and an iterator of rows and keeps at most a small buffer in
memory: CSV is yielded in chunks as it is written, XLSX goes to a file (XlsxWriter's constant-memory
mode writes each row to disk as it comes). Text cells are safe from formula injection in every
format, and nothing in a file depends on when it was made.
"""

import codecs
import csv
import io
import math
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import IO, Any

import xlsxwriter  # type: ignore[import-untyped]

from .selectors import Cell

# OWASP "CSV injection": a spreadsheet may run a cell starting with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# XLSX document properties get this instead of the time of writing (XlsxWriter dates its ZIP members
# in 1980 already), so that the same rows give the same bytes.
FIXED_DOCUMENT_DATE = datetime(1980, 1, 1, tzinfo=UTC)
# The rows a sheet can hold in Excel (and LibreOffice), the header row included.
MAX_SHEET_ROWS = 1_048_576
CSV_CHUNK_CHARACTERS = 64 * 1024


class SheetTooLarge(Exception):
    """More rows than a spreadsheet sheet can hold: use CSV (or a narrower filter)."""


def safe_text(value: str) -> str:
    """The text as written to a cell: one apostrophe in front when a spreadsheet could take it for a
    formula. Leading apostrophes are looked past, so that an importer that removes exactly one
    apostrophe before such a character always gets the original back (`'=x` is written `''=x`)."""
    return f"'{value}" if value.lstrip("'").startswith(FORMULA_TRIGGERS) else value


def _csv_field(value: Cell, *, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        if isinstance(value, float) and not math.isfinite(value):
            return ""
        text = repr(value) if isinstance(value, float) else str(value)
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, date):
        return value.isoformat()
    return safe_text(value)


def csv_chunks(*, columns: Sequence[str], rows: Iterable[Sequence[Cell]], delimiter: str) -> Iterator[bytes]:
    """UTF-8 with a byte order mark, CRLF line ends; a semicolon file has decimal commas."""
    decimal_comma = delimiter == ";"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    yield codecs.BOM_UTF8
    for row in rows:
        writer.writerow([_csv_field(value, decimal_comma=decimal_comma) for value in row])
        if buffer.tell() >= CSV_CHUNK_CHARACTERS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def xlsx_write(
    target: IO[bytes],
    *,
    sheet: str,
    title: str,
    author: str,
    columns: Sequence[str],
    widths: Sequence[int],
    rows: Iterable[Sequence[Cell]],
) -> int:
    """One sheet with a bold, frozen header row and typed cells; returns the number of data rows.

    Strings are never turned into formulas, numbers or links (XlsxWriter would by default).
    """
    workbook: Any = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    workbook.set_properties({"title": title, "author": author, "created": FIXED_DOCUMENT_DATE})
    worksheet = workbook.add_worksheet(sheet)
    header = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    decimal_format = workbook.add_format({"num_format": "0.00"})
    for position, width in enumerate(widths):
        worksheet.set_column(position, position, width)
    worksheet.freeze_panes(1, 0)
    for position, name in enumerate(columns):
        worksheet.write_string(0, position, name, header)
    count = 0
    for count, row in enumerate(rows, start=1):
        if count >= MAX_SHEET_ROWS:
            workbook.close()
            raise SheetTooLarge(f"More than {MAX_SHEET_ROWS - 1:,} rows do not fit in one sheet.")
        for position, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                worksheet.write_boolean(count, position, value)
            elif isinstance(value, int):
                worksheet.write_number(count, position, value)
            elif isinstance(value, Decimal):
                worksheet.write_number(count, position, float(value), decimal_format)
            elif isinstance(value, float):
                if math.isfinite(value):
                    worksheet.write_number(count, position, value)
            elif isinstance(value, date):
                worksheet.write_datetime(count, position, value, date_format)
            else:
                worksheet.write_string(count, position, safe_text(value))
    workbook.close()
    return count
