"""Which reader a file needs, decided by its content (the name can lie), and the file-level checks."""

import zipfile
from io import BytesIO

from django.utils.translation import gettext as _

from netwerkkaart.core.errors import DataImportError, ImportProblem

from .. import conf
from .ods import ODS_MIMETYPE, ods_read
from .sheet import Sheet
from .text import csv_read
from .xlsx import xlsx_read

FORMATS = ("csv", "xlsx", "ods")
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls), and encrypted workbooks
_HTML_STARTS = (b"<!doctype html", b"<html", b"<table", b"<?xml", b"<head", b"<body", b"<meta")


def _format_label(name: str) -> str:
    return {"csv": "CSV", "xlsx": "XLSX", "ods": "ODS"}.get(name, name)


def format_detect(data: bytes, file: str) -> str:
    """csv, xlsx or ods, from the bytes; anything else is refused with a reason."""

    def refuse(message: str) -> DataImportError:
        return DataImportError([ImportProblem(file, message)])

    if data.startswith(_OLE2):
        raise refuse(
            _(
                "This is an old-style Excel file (.xls, Excel 97-2003) or a password-protected "
                "workbook; save it as .xlsx without a password, or as CSV or ODS."
            )
        )
    if data.startswith(_ZIP):
        return _zip_format(data, file)
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(_HTML_STARTS):
        raise refuse(
            _(
                "This is a web page (HTML) or XML saved with a spreadsheet name, not a spreadsheet; "
                "open it in a spreadsheet program and save it as .xlsx, .ods or CSV."
            )
        )
    if data.startswith(b"%PDF"):
        raise refuse(_("This is a PDF document, not a spreadsheet."))
    return "csv"


def _zip_format(data: bytes, file: str) -> str:
    try:
        names = set(zipfile.ZipFile(BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        # Damaged: the zip checks give the message; guess the kind from the first entry's name.
        return "ods" if ODS_MIMETYPE.encode() in data[:100] else "xlsx"
    if "xl/workbook.xml" in names or (
        "[Content_Types].xml" in names and any(name.startswith("xl/") for name in names)
    ):
        return "xlsx"
    if "content.xml" in names and ODS_MIMETYPE.encode() in data[:100]:
        return "ods"
    raise DataImportError(
        [
            ImportProblem(
                file,
                _(
                    "This zip archive is neither an XLSX nor an ODS spreadsheet (a Word document, "
                    "another OpenDocument file or a plain zip?)."
                ),
            )
        ]
    )


def sheet_read(*, data: bytes, file: str, expected_format: str | None = None) -> Sheet:
    """The rows of the file; refuses empty and oversized files and a format other than expected."""
    limit = conf.max_file_bytes()
    if len(data) > limit:
        raise DataImportError(
            [
                ImportProblem(
                    file,
                    _("The file is %(size)s; at most %(limit)s can be imported. Split it into smaller files.")
                    % {"size": _size(len(data)), "limit": _size(limit)},
                )
            ]
        )
    if not data.strip():
        raise DataImportError([ImportProblem(file, _("The file is empty."))])
    detected = format_detect(data, file)
    if expected_format and expected_format != detected:
        raise DataImportError(
            [
                ImportProblem(
                    file,
                    _("The file was to be %(expected)s but its content is %(found)s.")
                    % {"expected": _format_label(expected_format), "found": _format_label(detected)},
                )
            ]
        )
    readers = {"csv": csv_read, "xlsx": xlsx_read, "ods": ods_read}
    return readers[detected](data, file)


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} kB"
    return _("%(count)d bytes") % {"count": size}
