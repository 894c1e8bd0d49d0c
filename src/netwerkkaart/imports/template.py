"""The downloadable import template: the columns as a CSV file or an XLSX workbook.

The headers follow the language of the page (Dutch headers at /importeren/sjabloon.*, English ones
under /en/); the import reads both. The workbook has a second sheet explaining every column; the
import reads only the first sheet (named "initiatieven" / "initiatives").
"""

import csv
import io

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .columns import COLUMNS_BY_KEY, TEMPLATE_KEYS, Column


def template_columns() -> list[Column]:
    return [COLUMNS_BY_KEY[key] for key in TEMPLATE_KEYS]


def template_header(column: Column) -> str:
    return column.header_en if (get_language() or "nl").startswith("en") else column.header_nl


def template_csv() -> bytes:
    """UTF-8 with a byte-order mark (Excel needs it); semicolons in Dutch, commas in English."""
    separator = "," if (get_language() or "nl").startswith("en") else ";"
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="\r\n").writerow(
        [template_header(column) for column in template_columns()]
    )
    return out.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook has one sheet
    sheet.title = _("initiatives")
    bold = Font(bold=True)
    for index, column in enumerate(template_columns(), start=1):
        cell = sheet.cell(row=1, column=index, value=template_header(column))
        cell.font = bold
        sheet.column_dimensions[cell.column_letter].width = max(14, len(template_header(column)) + 4)
    sheet.freeze_panes = "A2"
    explanation = workbook.create_sheet(_("explanation"))
    explanation.append([_("column"), _("what to fill in"), _("example")])
    for cell in explanation[1]:
        cell.font = bold
    for column in template_columns():
        explanation.append([template_header(column), str(column.description), column.example])
    explanation.column_dimensions["A"].width = 28
    explanation.column_dimensions["B"].width = 90
    explanation.column_dimensions["C"].width = 50
    for row in explanation.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
