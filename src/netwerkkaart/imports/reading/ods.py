"""ODS spreadsheets (OpenDocument), read from ``content.xml`` with defusedxml (ADR 12).

The XML is parsed as a stream (``iterparse``), one row at a time, so memory stays flat; DTDs and
entities are refused. ODS compresses runs of equal cells and rows (``number-columns-repeated``,
``number-rows-repeated``): empty runs are counted, never expanded, so the million empty rows a
spreadsheet program writes after the data cost nothing. A cell with a ``table:formula`` is refused.
"""

import io
import re
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse
from django.utils.translation import gettext as _

from netwerkkaart.core.errors import DataImportError, ImportProblem

from .. import conf
from .sheet import CellValue, Sheet, SheetRow, formula_cell, workbook_text
from .xlsx import SHEET_NAMES
from .zips import zip_open_checked

ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _t(name: str) -> str:
    return f"{{{_TABLE}}}{name}"


def _o(name: str) -> str:
    return f"{{{_OFFICE}}}{name}"


def _x(name: str) -> str:
    return f"{{{_TEXT}}}{name}"


TABLE = _t("table")
ROW = _t("table-row")
CELL = _t("table-cell")
COVERED_CELL = _t("covered-table-cell")
_FLOAT_TYPES = {"float", "percentage", "currency"}
_INTEGRAL = re.compile(r"^-?\d+(\.0+)?$")


def _paragraph_text(element: Element) -> str:
    """The text of a text:p with its spans, links, spaces (text:s), tabs and line breaks."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag == _x("s"):
            parts.append(" " * int(child.get(_x("c"), "1")))
        elif child.tag == _x("tab"):
            parts.append("\t")
        elif child.tag == _x("line-break"):
            parts.append("\n")
        else:
            parts.append(_paragraph_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _cell_value(cell: Element) -> CellValue:
    formula = cell.get(_t("formula"))
    if formula is not None:
        return formula_cell(formula.removeprefix("of:"))
    value_type = cell.get(_o("value-type"))
    if value_type in _FLOAT_TYPES:
        value = cell.get(_o("value"), "")
        return value.split(".")[0] if _INTEGRAL.match(value) else value
    if value_type == "date":
        value = cell.get(_o("date-value"), "")
        return value[:10] if value.endswith("T00:00:00") or len(value) == 10 else value
    if value_type == "boolean":
        return "true" if cell.get(_o("boolean-value")) == "true" else "false"
    if value_type == "time":
        return cell.get(_o("time-value"), "")
    paragraphs = [_paragraph_text(p) for p in cell if p.tag == _x("p")]
    return workbook_text("\n".join(paragraphs))


def _repeat(element: Element, attribute: str) -> int:
    try:
        return max(1, int(element.get(_t(attribute), "1")))
    except ValueError:
        return 1


def _row_cells(row: Element, max_columns: int, file: str, number: int) -> list[CellValue]:
    cells: list[CellValue] = []
    pending_empty = 0
    for cell in row:
        if cell.tag not in (CELL, COVERED_CELL):
            continue
        repeat = _repeat(cell, "number-columns-repeated")
        value: CellValue = _cell_value(cell) if cell.tag == CELL else ""
        if value == "":
            pending_empty += repeat
            continue
        if len(cells) + pending_empty + repeat > max_columns:
            raise DataImportError(
                [
                    ImportProblem(
                        file,
                        _("Row %(row)d has values in more than %(limit)d columns.")
                        % {"row": number, "limit": max_columns},
                        row=number,
                    )
                ]
            )
        cells.extend([""] * pending_empty)
        pending_empty = 0
        cells.extend([value] * repeat)
    return cells


def _rows(stream: Any, file: str) -> Iterator[tuple[int, int, int, list[CellValue], str | None]]:
    """(table index, first row number, repeat count, cells, table name when a table starts) of the
    top-level tables, in document order."""
    depth = 0
    table = -1
    number = 0
    max_columns = conf.max_columns()
    for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
        if element.tag == TABLE:
            depth += 1 if event == "start" else -1
            if event == "start" and depth == 1:
                table += 1
                number = 0
                yield table, 0, 0, [], element.get(_t("name"), "")
        elif event == "end" and element.tag == ROW and depth == 1:
            repeat = _repeat(element, "number-rows-repeated")
            cells = _row_cells(element, max_columns, file, number + 1)
            yield table, number + 1, repeat, cells, None
            number += repeat
            element.clear()


def ods_read(data: bytes, file: str) -> Sheet:
    """The sheet named "initiatieven" (or "initiatives", "import"), else the first sheet."""
    archive = zip_open_checked(data, file, "ODS")
    try:
        content = archive.read("content.xml")
    except KeyError as error:
        raise DataImportError(
            [ImportProblem(file, _("The ODS file has no content.xml: it is not a spreadsheet."))]
        ) from error
    max_rows = conf.max_rows()
    sheets: list[Sheet] = []
    reading: Sheet | None = None
    try:
        for table, number, repeat, cells, table_name in _rows(io.BytesIO(content), file):
            if table_name is not None:
                if sheets and SHEET_NAMES.match(sheets[-1].notes[0]):
                    break  # the named sheet is complete
                named = bool(SHEET_NAMES.match(table_name))
                reading = Sheet(file=file, format="ods", notes=[table_name]) if table == 0 or named else None
                if reading is not None:
                    sheets.append(reading)
                continue
            row = SheetRow(number, tuple(cells))
            if reading is None or row.is_empty():
                continue
            for offset in range(repeat):
                if len(reading.rows) >= max_rows:
                    raise DataImportError(
                        [
                            ImportProblem(
                                file,
                                _("The file has more than %(limit)d rows; split it into smaller files.")
                                % {"limit": max_rows},
                                row=number + offset,
                            )
                        ]
                    )
                reading.rows.append(SheetRow(number + offset, row.cells))
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise DataImportError(
            [
                ImportProblem(
                    file,
                    _("The ODS file cannot be read (%(error)s); save it again as .ods.")
                    % {"error": type(error).__name__},
                )
            ]
        ) from error
    if not sheets:
        raise DataImportError([ImportProblem(file, _("The ODS file holds no sheet."))])
    sheet = next((s for s in sheets if SHEET_NAMES.match(s.notes[0])), sheets[0])
    name = sheet.notes[0]
    sheet.notes = [_("Read as ODS, sheet '%(sheet)s'.") % {"sheet": name}]
    if len(sheets) > 1 or sheet is not sheets[0]:
        sheet.notes.append(_("Only the sheet '%(sheet)s' is read.") % {"sheet": name})
    return sheet
