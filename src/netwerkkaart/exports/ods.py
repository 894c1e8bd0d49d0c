"""A streaming writer for OpenDocument spreadsheets (ODS, OASIS ODF 1.3), for one sheet of typed rows.

No maintained Python library writes ODS without building the whole document in memory (odfpy keeps
a DOM of every cell), so this module writes the package itself (ADR 0011): a ZIP with the
uncompressed `mimetype` first, the manifest, and `content.xml` written row by row into its
compressed ZIP member, so memory stays at one row whatever the number of rows. The package holds
no dates (ZIP member times are fixed), so the same rows give the same bytes.
"""

import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from .selectors import Cell
from .writers import safe_text

MEDIA_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
ODF_VERSION = "1.3"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Written to the ZIP member in pieces of about this many characters.
_FLUSH_CHARACTERS = 64 * 1024
# Characters XML 1.0 cannot hold (control characters except tab, LF and CR; non-characters).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_RUNS = re.compile(r" +|\t")
# Most texts: no line breaks, tabs, control characters, double spaces, or spaces at either end.
_PLAIN = re.compile(r"(?! )(?:[^\x00-\x1f\ufffe\uffff ]| (?! ))*(?<! )")
_CENTIMETRES_PER_CHARACTER = 0.2

_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
)
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    f'manifest:version="{ODF_VERSION}">'
    f'<manifest:file-entry manifest:full-path="/" manifest:version="{ODF_VERSION}" '
    f'manifest:media-type="{MEDIA_TYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<office:document-styles {_NAMESPACES} office:version="{ODF_VERSION}">'
    "<office:styles/></office:document-styles>"
)
_AUTOMATIC_STYLES = (
    "<office:automatic-styles>"
    '<number:date-style style:name="N1"><number:year number:style="long"/><number:text>-</number:text>'
    '<number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/>'
    "</number:date-style>"
    '<number:number-style style:name="N2"><number:number number:decimal-places="2" '
    'number:min-decimal-places="2" number:min-integer-digits="1"/></number:number-style>'
    '<style:style style:name="header" style:family="table-cell">'
    '<style:text-properties fo:font-weight="bold"/></style:style>'
    '<style:style style:name="date" style:family="table-cell" style:data-style-name="N1"/>'
    '<style:style style:name="decimal" style:family="table-cell" style:data-style-name="N2"/>'
    "{columns}</office:automatic-styles>"
)


def _member(name: str, *, compressed: bool = True) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


def _line(text: str) -> str:
    """One line of text as the content of a <text:p>: spaces that XML would collapse (runs, and any at
    the start or end) and tabs become ODF space and tab elements."""
    parts: list[str] = []
    position = 0
    for run in _RUNS.finditer(text):
        parts.append(escape(text[position : run.start()]))
        position = run.end()
        if run.group() == "\t":
            parts.append("<text:tab/>")
            continue
        length = len(run.group())
        at_edge = run.start() == 0 or run.end() == len(text)
        literal = 0 if at_edge else 1
        parts.append(" " * literal)
        if length - literal == 1:
            parts.append("<text:s/>")
        elif length - literal > 1:
            parts.append(f'<text:s text:c="{length - literal}"/>')
    parts.append(escape(text[position:]))
    return "".join(parts)


def _text_cell(value: str, style: str = "") -> str:
    if _PLAIN.fullmatch(value):
        paragraphs = f"<text:p>{escape(value)}</text:p>"
    else:
        lines = _NOT_XML.sub("", value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
        paragraphs = "".join(f"<text:p>{_line(line)}</text:p>" for line in lines)
    style_attribute = f' table:style-name="{style}"' if style else ""
    return f'<table:table-cell{style_attribute} office:value-type="string">{paragraphs}</table:table-cell>'


def _cell(value: Cell) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        flag = "true" if value else "false"
        return f'<table:table-cell office:value-type="boolean" office:boolean-value="{flag}"/>'
    if isinstance(value, int):
        return f'<table:table-cell office:value-type="float" office:value="{value}"/>'
    if isinstance(value, Decimal):
        return (
            f'<table:table-cell table:style-name="decimal" office:value-type="float" office:value="{value}"/>'
        )
    if isinstance(value, float):
        if not math.isfinite(value):
            return "<table:table-cell/>"
        return f'<table:table-cell office:value-type="float" office:value="{value!r}"/>'
    if isinstance(value, date):
        return (
            '<table:table-cell table:style-name="date" office:value-type="date" '
            f'office:date-value="{value.isoformat()}"/>'
        )
    return _text_cell(safe_text(value))


def ods_write(
    target: IO[bytes],
    *,
    sheet: str,
    title: str,
    columns: Sequence[str],
    widths: Sequence[int],
    rows: Iterable[Sequence[Cell]],
) -> int:
    """One sheet with a bold header row (marked as the table's header row) and typed cells; returns the
    number of data rows."""
    column_styles = "".join(
        f'<style:style style:name="co{position}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{width * _CENTIMETRES_PER_CHARACTER:.2f}cm"/>'
        "</style:style>"
        for position, width in enumerate(widths)
    )
    meta = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="{ODF_VERSION}"><office:meta>'
        f"<meta:generator>Netwerkkaart</meta:generator><dc:title>{escape(title)}</dc:title>"
        "</office:meta></office:document-meta>"
    )
    count = 0
    with zipfile.ZipFile(target, "w") as package:
        # The media type first and uncompressed, so that tools recognise the file by its first bytes.
        package.writestr(_member("mimetype", compressed=False), MEDIA_TYPE)
        package.writestr(_member("META-INF/manifest.xml"), _MANIFEST)
        package.writestr(_member("meta.xml"), meta)
        package.writestr(_member("styles.xml"), _STYLES)
        with package.open(_member("content.xml"), "w") as content:
            pending: list[str] = [
                '<?xml version="1.0" encoding="UTF-8"?>\n',
                f'<office:document-content {_NAMESPACES} office:version="{ODF_VERSION}">',
                _AUTOMATIC_STYLES.format(columns=column_styles),
                f"<office:body><office:spreadsheet><table:table table:name={quoteattr(sheet)}>",
                *(
                    f'<table:table-column table:style-name="co{position}"/>'
                    for position in range(len(widths))
                ),
                "<table:table-header-rows><table:table-row>",
                *(_text_cell(name, "header") for name in columns),
                "</table:table-row></table:table-header-rows>",
            ]
            size = 0
            for row in rows:
                line = "<table:table-row>" + "".join(_cell(value) for value in row) + "</table:table-row>"
                pending.append(line)
                size += len(line)
                count += 1
                if size >= _FLUSH_CHARACTERS:
                    content.write("".join(pending).encode("utf-8"))
                    pending, size = [], 0
            pending.append("</table:table></office:spreadsheet></office:body></office:document-content>")
            content.write("".join(pending).encode("utf-8"))
    return count
