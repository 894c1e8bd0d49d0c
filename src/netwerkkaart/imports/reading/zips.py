"""Opening XLSX and ODS files (zip archives) only after they are known to unpack to a sane size.

The sizes in a zip's directory are what the file claims. They are checked first (cheap), and then
every entry is unpacked once as a stream, counting bytes, so a file that lies about its sizes is
caught too; no more than the limit is ever unpacked.
"""

import io
import zipfile

from django.utils.translation import gettext as _

from netwerkkaart.core.errors import DataImportError, ImportProblem

from .. import conf

_CHUNK = 64 * 1024


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def zip_open_checked(data: bytes, file: str, kind: str) -> zipfile.ZipFile:
    """The archive, opened, once its entries are shown to stay within the import's limits."""

    def refuse(message: str) -> DataImportError:
        return DataImportError([ImportProblem(file, message)])

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise refuse(
            _(
                "The file looks like an %(kind)s workbook but it is damaged or incomplete (was the "
                "upload or download cut off?); open it in a spreadsheet program and save it again."
            )
            % {"kind": kind}
        ) from error
    entries = archive.infolist()
    max_entries = conf.max_zip_entries()
    if len(entries) > max_entries:
        raise refuse(
            _("The %(kind)s file holds %(count)d parts, more than the %(limit)d a spreadsheet needs.")
            % {"kind": kind, "count": len(entries), "limit": max_entries}
        )
    limit = conf.max_unpacked_bytes()
    ratio_limit = conf.max_compression_ratio()
    declared = sum(entry.file_size for entry in entries)
    bomb = _(
        "The %(kind)s file would unpack to more than %(limit)s (%(detail)s): it is refused as a "
        "possible zip bomb. A real sheet of initiatives is far smaller."
    )
    if declared > limit:
        raise refuse(
            bomb
            % {
                "kind": kind,
                "limit": _megabytes(limit),
                "detail": _("%(size)s in total") % {"size": _megabytes(declared)},
            }
        )
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size >= conf.MIN_RATIO_CHECKED_BYTES and ratio > ratio_limit:
            raise refuse(
                _(
                    "The part %(part)s of the %(kind)s file is packed %(ratio)d times (at most "
                    "%(limit)d is accepted): it is refused as a possible zip bomb."
                )
                % {"part": entry.filename, "kind": kind, "ratio": ratio, "limit": ratio_limit}
            )
    unpacked = 0
    try:
        for entry in entries:
            if entry.is_dir():
                continue
            entry_unpacked = 0
            with archive.open(entry) as stream:
                while chunk := stream.read(_CHUNK):
                    entry_unpacked += len(chunk)
                    unpacked += len(chunk)
                    if unpacked > limit or entry_unpacked > entry.file_size:
                        raise refuse(
                            bomb
                            % {
                                "kind": kind,
                                "limit": _megabytes(limit),
                                "detail": _("the part %(part)s unpacks to more than it claims")
                                % {"part": entry.filename},
                            }
                        )
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as error:
        raise refuse(
            _("The %(kind)s file is damaged: %(part)s cannot be unpacked (%(error)s).")
            % {"kind": kind, "part": entry.filename, "error": error}
        ) from error
    return archive
