"""Sheets for the tests, built in code (no binary files in the repository): CSV, XLSX and ODS."""

import csv
import io
import zipfile
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from openpyxl import Workbook

Rows = Sequence[Sequence[Any]]

HEADER = ["naam", "gemeente", "soort", "startjaar", "thema's", "partners"]
ROW = ["IT Campus Rotterdam", "GM0599", "campus", "2018", "Cybersecurity", "Albeda (onderwijspartner)"]


def csv_bytes(rows: Rows, *, delimiter: str = ";", encoding: str = "utf-8", bom: bool = False) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(
        [["" if value is None else str(value) for value in row] for row in rows]
    )
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(
    rows: Rows, *, formulas: dict[tuple[int, int], str] | None = None, title: str = "Blad1"
) -> bytes:
    """A workbook; ``formulas`` puts real formula cells at (row, column), both counted from 1."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row_number, row in enumerate(rows, start=1):
        for column_number, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=row_number, column=column_number, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula, not a formula
    for (row_number, column_number), formula in (formulas or {}).items():
        sheet.cell(row=row_number, column=column_number, value=formula)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.3"'
)


def ods_cell(value: object) -> str:
    """One table cell: numbers as float cells, ("formula", text) as a formula, strings as text."""
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, tuple) and value[0] == "formula":
        return (
            f'<table:table-cell table:formula={quoteattr(str(value[1]))} office:value-type="float" '
            'office:value="3"><text:p>3</text:p></table:table-cell>'
        )
    if isinstance(value, tuple) and value[0] == "raw":
        return str(value[1])
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
    return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'


def ods_content(rows: Rows, *, prologue: str = "", tail_rows: str = "") -> str:
    body = "".join(
        "<table:table-row>" + "".join(ods_cell(value) for value in row) + "</table:table-row>" for row in rows
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prologue}'
        f"<office:document-content {_ODS_NAMESPACES}><office:body><office:spreadsheet>"
        f'<table:table table:name="initiatieven">{body}{tail_rows}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )


def ods_bytes(rows: Rows = (), *, content: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
            'manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
            f'manifest:media-type="{ODS_MIMETYPE}"/></manifest:manifest>',
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr("content.xml", content or ods_content(rows), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def zip_bomb_xlsx(*, unpacked_bytes: int) -> bytes:
    """A valid small workbook plus one part of zeros that packs about a thousand times."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADER, ROW])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item.filename))
        with archive.open("xl/media/padding.bin", "w") as part:
            chunk = bytes(1024 * 1024)
            for _ in range(unpacked_bytes // len(chunk)):
                part.write(chunk)
    return out.getvalue()


def lying_zip_xlsx() -> bytes:
    """A workbook with a part that claims, in both zip headers, to unpack to far less than it does."""
    data = bytearray(zip_bomb_xlsx(unpacked_bytes=2 * 1024 * 1024))
    name = b"xl/media/padding.bin"
    claimed = (100).to_bytes(4, "little")
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name.decode())
    data[info.header_offset + 22 : info.header_offset + 26] = claimed  # local header: uncompressed size
    position = 0
    while (position := bytes(data).find(b"PK\x01\x02", position)) >= 0:
        length = int.from_bytes(data[position + 28 : position + 30], "little")
        if data[position + 46 : position + 46 + length] == name:
            data[position + 24 : position + 28] = claimed  # central directory: uncompressed size
            break
        position += 4
    return bytes(data)
