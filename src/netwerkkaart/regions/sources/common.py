"""What every reader of a reference file shares: the problem list of a file, and reading it as text
or JSON."""

import codecs
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from netwerkkaart.core.errors import DataImportError, ImportProblem

# A problem list longer than this stops being useful: the rest is summarised in one line.
MAX_PROBLEMS_PER_FILE = 50
# The length of Region.name and Postcode.place.
REGION_NAME_MAX_LENGTH = 120

# Byte-order marks of encodings that are not UTF-8. UTF-32 first: its little-endian mark starts
# with the UTF-16 one.
FOREIGN_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


class Problems:
    """The problems of one file, capped so that a wholly wrong file gives a readable report."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[ImportProblem] = []
        self.suppressed = 0

    def add(self, message: str, *, row: int | None = None, column: str | None = None) -> None:
        if len(self.items) >= MAX_PROBLEMS_PER_FILE:
            self.suppressed += 1
            return
        self.items.append(ImportProblem(file=self.file, message=message, row=row, column=column))

    def __bool__(self) -> bool:
        return bool(self.items)

    def error(self) -> DataImportError:
        problems = list(self.items)
        if self.suppressed:
            problems.append(
                ImportProblem(
                    file=self.file,
                    message=_("%(count)d more problems are not shown") % {"count": self.suppressed},
                )
            )
        return DataImportError(problems)

    def raise_if_any(self) -> None:
        if self.items:
            raise self.error()


def text_read(path: Path, problems: Problems) -> str | None:
    """The file as text, or None after recording why it cannot be read as UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.add(_("the file cannot be read: %(reason)s") % {"reason": error.strerror or error})
        return None
    if not raw.strip():
        problems.add(_("the file is empty"))
        return None
    for mark, encoding in FOREIGN_BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            problems.add(
                _("the file is encoded as %(encoding)s, expected UTF-8; save it as UTF-8")
                % {"encoding": encoding},
                row=1,
            )
            return None
    if b"\x00" in raw:
        # UTF-16 without a byte-order mark: every ASCII character comes with a NUL byte.
        position = raw.index(b"\x00")
        problems.add(
            _(
                "the file contains NUL bytes (first at byte %(position)d): it looks UTF-16 encoded, "
                "expected UTF-8; save it as UTF-8"
            )
            % {"position": position},
            row=raw.count(b"\n", 0, position) + 1,
        )
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.add(
            _(
                "the file is not valid UTF-8: byte 0x%(byte)02X at byte position %(position)d cannot "
                "be decoded (is it Latin-1 or Windows-1252?); save the file as UTF-8"
            )
            % {"byte": raw[error.start], "position": error.start},
            row=raw.count(b"\n", 0, error.start) + 1,
        )
        return None


def json_parse(
    text: str, problems: Problems, *, object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None
) -> Any:
    try:
        return json.loads(text, object_pairs_hook=object_pairs_hook)
    except json.JSONDecodeError as error:
        # A cut-off file fails at its very end, or in a string that never closes.
        unclosed_string = error.msg.startswith("Unterminated string") and '"' not in text[error.pos + 1 :]
        if error.pos >= len(text.rstrip()) or unclosed_string:
            reason = _("the file ends in the middle of the data: it looks truncated")
        else:
            reason = error.msg
        problems.add(
            _("invalid JSON at line %(line)d, column %(column)d (character %(position)d): %(reason)s")
            % {"line": error.lineno, "column": error.colno, "position": error.pos, "reason": reason},
            row=error.lineno,
        )
        return None


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
