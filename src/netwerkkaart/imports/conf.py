"""The limits of the spreadsheet import, each overridable in the settings.

They protect the server, not the data: a file that crosses one is refused before it is parsed.
"""

from django.conf import settings

DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024
# What the parts of an XLSX or ODS file (zip archives) may unpack to, together; a real workbook of
# 10 MB unpacks to well under this.
DEFAULT_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# A zip entry that unpacks to more than this many times its packed size is a zip bomb, not a sheet
# (real sheets stay under 30; the limit only applies to entries of at least MIN_RATIO_CHECKED_BYTES).
DEFAULT_MAX_COMPRESSION_RATIO = 150
MIN_RATIO_CHECKED_BYTES = 1024 * 1024
DEFAULT_MAX_ZIP_ENTRIES = 1000
DEFAULT_MAX_ROWS = 20_000
DEFAULT_MAX_COLUMNS = 200


def max_file_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES))


def max_unpacked_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED_BYTES))


def max_compression_ratio() -> int:
    return int(getattr(settings, "IMPORT_MAX_COMPRESSION_RATIO", DEFAULT_MAX_COMPRESSION_RATIO))


def max_zip_entries() -> int:
    return int(getattr(settings, "IMPORT_MAX_ZIP_ENTRIES", DEFAULT_MAX_ZIP_ENTRIES))


def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def max_columns() -> int:
    return int(getattr(settings, "IMPORT_MAX_COLUMNS", DEFAULT_MAX_COLUMNS))
