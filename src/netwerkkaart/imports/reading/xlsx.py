"""XLSX workbooks, read with openpyxl in read-only mode after the zip checks.

openpyxl parses the XML with defusedxml when it is installed (it is: entity expansion and external
entities are refused). Formulas are read as formulas (``data_only=False``), never as the value a
spreadsheet program last computed, so that they can be refused by cell.
"""

import io
import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from netwerkkaart.core.errors import DataImportError, ImportProblem

from .. import conf
from .sheet import CellValue, RefusedCell, Sheet, SheetRow, formula_cell, workbook_text
from .zips import zip_open_checked

# A sheet with one of these names is read; else the first sheet.
SHEET_NAMES = re.compile(r"^\s*(initiatieven|initiatives|import)\s*$", flags=re.IGNORECASE)


def cell_text(value: Any) -> str:
    """A typed workbook value as the text the import parses (2018.0 is "2018", dates ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int | Decimal):
        return str(value)
    return str(value)


def _cell(value: Any, data_type: str) -> CellValue:
    if data_type == "f":
        return formula_cell(str(getattr(value, "text", None) or value))
    if data_type == "e":
        return RefusedCell(
            _("This cell holds the error value %(value)s; enter the value itself.") % {"value": value},
            text=str(value),
        )
    if isinstance(value, str):
        # OOXML writes control characters as _xHHHH_ ("_x000D_" is a carriage return), as Excel
        # and the export do; openpyxl leaves them as they are.
        return workbook_text(unescape(value))
    return cell_text(value)


def xlsx_read(data: bytes, file: str) -> Sheet:
    zip_open_checked(data, file, "XLSX")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged or hostile file
        raise DataImportError(
            [
                ImportProblem(
                    file,
                    _(
                        "The XLSX workbook cannot be read (%(error)s); open it in a spreadsheet "
                        "program and save it again as .xlsx."
                    )
                    % {"error": type(error).__name__},
                )
            ]
        ) from error
    try:
        worksheets = workbook.worksheets
        if not worksheets:
            raise DataImportError([ImportProblem(file, _("The workbook has no sheets."))])
        chosen = next((ws for ws in worksheets if SHEET_NAMES.match(ws.title)), worksheets[0])
        sheet = Sheet(file=file, format="xlsx")
        sheet.notes.append(_("Read as XLSX, sheet '%(sheet)s'.") % {"sheet": chosen.title})
        if len(worksheets) > 1:
            sheet.notes.append(
                _("The workbook has %(count)d sheets; only '%(sheet)s' is read.")
                % {"count": len(worksheets), "sheet": chosen.title}
            )
        _rows_read(chosen, sheet)
    except DataImportError:
        raise
    except Exception as error:  # a damaged sheet part shows only while its rows are read
        raise DataImportError(
            [
                ImportProblem(
                    file,
                    _("The XLSX workbook cannot be read (%(error)s); save it again as .xlsx.")
                    % {"error": type(error).__name__},
                )
            ]
        ) from error
    finally:
        workbook.close()
    return sheet


def _rows_read(worksheet: Any, sheet: Sheet) -> None:
    if isinstance(worksheet, ReadOnlyWorksheet):
        # The size a sheet claims for itself can be wrong; read what is there.
        worksheet.reset_dimensions()
    max_rows = conf.max_rows()
    max_columns = conf.max_columns()
    for number, cells in enumerate(worksheet.iter_rows(min_row=1), start=1):
        values = [_cell(cell.value, cell.data_type) for cell in cells]
        while values and values[-1] == "":
            values.pop()
        if not values:
            continue
        if len(values) > max_columns:
            raise DataImportError(
                [
                    ImportProblem(
                        sheet.file,
                        _("Row %(row)d has values in more than %(limit)d columns.")
                        % {"row": number, "limit": max_columns},
                        row=number,
                    )
                ]
            )
        row = SheetRow(number, tuple(values))
        if row.is_empty():
            continue
        if len(sheet.rows) >= max_rows:
            raise DataImportError(
                [
                    ImportProblem(
                        sheet.file,
                        _("The file has more than %(limit)d rows; split it into smaller files.")
                        % {"limit": max_rows},
                        row=number,
                    )
                ]
            )
        sheet.rows.append(row)
