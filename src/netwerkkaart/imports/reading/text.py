"""CSV files: the encoding and the separator are detected, never assumed.

Encoding: a byte-order mark decides (UTF-8, UTF-16 as Excel's "Unicode text"); else the text must
be valid UTF-8, else Windows-1252 (what Excel on Windows writes as "CSV"). The report says which.
Separator: the one of comma, semicolon and tab that splits the header row into the most cells.
"""

import codecs
import csv
import io

from django.utils.translation import gettext as _

from netwerkkaart.core.errors import DataImportError, ImportProblem

from .. import conf
from .sheet import Sheet, SheetRow, text_cell

SEPARATORS = (",", ";", "\t")
# Control characters other than tab, newline and carriage return do not occur in real text files.
_CONTROL = frozenset(bytes(range(32))) - {9, 10, 13}
# csv's default limit on one field (128 KiB) is more than any cell of this sheet needs.
_FIELD_LIMIT = 131072


def _separator_label(separator: str) -> str:
    return {
        ",": _("comma"),
        ";": _("semicolon"),
        "\t": _("tab"),
    }[separator]


def text_decode(data: bytes, file: str) -> tuple[str, str]:
    """The text of the file and a description of its encoding."""
    if data.startswith(codecs.BOM_UTF8):
        encoding, label, body = "utf-8", _("UTF-8 with byte-order mark"), data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, label, body = "utf-16", _("UTF-16 (Unicode text)"), data
    else:
        encoding, label, body = "utf-8", _("UTF-8"), data
    if encoding == "utf-8" and _looks_utf16(body):
        raise DataImportError(
            [
                ImportProblem(
                    file,
                    _("The text is UTF-16 without a byte-order mark; save the sheet as 'CSV UTF-8' instead."),
                )
            ]
        )
    if encoding == "utf-8" and (b"\x00" in body or _looks_binary(body)):
        raise DataImportError(
            [
                ImportProblem(
                    file,
                    _(
                        "This is not a text file but binary data; a CSV file is text. Upload the "
                        "sheet as CSV, XLSX or ODS."
                    ),
                )
            ]
        )
    try:
        return body.decode(encoding), label
    except UnicodeDecodeError as error:
        if encoding == "utf-16":
            raise DataImportError(
                [ImportProblem(file, _("The file starts as UTF-16 text but is not valid UTF-16."))]
            ) from error
    try:
        return body.decode("cp1252"), _("Windows-1252 (not UTF-8)")
    except UnicodeDecodeError as error:
        row = body[: error.start].count(b"\n") + 1
        raise DataImportError(
            [
                ImportProblem(
                    file,
                    _(
                        "The text is neither UTF-8 nor Windows-1252 (byte 0x%(byte)02x cannot be "
                        "read); save the sheet as 'CSV UTF-8'."
                    )
                    % {"byte": body[error.start]},
                    row=row,
                )
            ]
        ) from error


def _looks_utf16(data: bytes) -> bool:
    """Text in UTF-16 without a byte-order mark: every other byte of ASCII text is NUL."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return even.count(0) > 0.9 * len(even) or odd.count(0) > 0.9 * len(odd)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    controls = sum(1 for byte in sample if byte in _CONTROL)
    return controls / len(sample) > 0.01


def _first_record(text: str) -> str:
    """The header record (up to the first line break outside quotes)."""
    in_quotes = False
    for index, char in enumerate(text):
        if char == '"':
            in_quotes = not in_quotes
        elif char in "\r\n" and not in_quotes:
            return text[:index]
    return text


def separator_sniff(text: str) -> str:
    header = _first_record(text)
    counts = {separator: _count_outside_quotes(header, separator) for separator in SEPARATORS}
    best = max(SEPARATORS, key=lambda separator: counts[separator])  # ties: the first, a comma
    return best if counts[best] else ","


def _count_outside_quotes(line: str, separator: str) -> int:
    count = 0
    in_quotes = False
    for char in line:
        if char == '"':
            in_quotes = not in_quotes
        elif char == separator and not in_quotes:
            count += 1
    return count


def csv_read(data: bytes, file: str) -> Sheet:
    text, encoding = text_decode(data, file)
    separator = separator_sniff(text)
    sheet = Sheet(file=file, format="csv")
    sheet.notes.append(
        _("Read as CSV, %(encoding)s, separated by %(separator)s.")
        % {"encoding": encoding, "separator": _separator_label(separator)}
    )
    csv.field_size_limit(_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    max_rows = conf.max_rows()
    max_columns = conf.max_columns()
    number = 0
    try:
        for record in reader:
            number += 1
            if len(record) > max_columns:
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
            row = SheetRow(number, tuple(text_cell(value) for value in record))
            if row.is_empty():
                continue
            if len(sheet.rows) >= max_rows:
                raise DataImportError(
                    [
                        ImportProblem(
                            file,
                            _("The file has more than %(limit)d rows; split it into smaller files.")
                            % {"limit": max_rows},
                            row=number,
                        )
                    ]
                )
            sheet.rows.append(row)
    except csv.Error as error:
        raise DataImportError(
            [
                ImportProblem(
                    file,
                    _(
                        'The CSV text cannot be read here (%(error)s); a value with a quote (") or '
                        "a line break must be wholly enclosed in quotes."
                    )
                    % {"error": error},
                    row=number + 1,
                )
            ]
        ) from error
    return sheet
