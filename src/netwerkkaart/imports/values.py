"""Turning the text of a cell into a value of a field, with a message when it cannot be one."""

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

YEAR_RANGE = (1990, 2100)
# The Netherlands with a margin: coordinates outside are a mistake (often latitude and longitude
# swapped, or a comma lost).
LATITUDE_RANGE = (50.5, 53.8)
LONGITUDE_RANGE = (3.0, 7.5)

_LIST_SEPARATORS = re.compile(r"[;\n|]")
# In a list cell of the export, a ";" inside an item is written ";;" (docs/data/export-format.md).
_ESCAPED_SEMICOLON = "\x00"
_YEAR = re.compile(r"^\d{4}$")
_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NOT_WORD = re.compile(r"[\W_]+", flags=re.UNICODE)


class CellError(ValueError):
    """The cell's text is not a valid value; the message says what was expected."""


def text_key(text: str) -> str:
    """Text as compared with names: no case, diacritics, punctuation or extra spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = text.replace("'", "").replace("\u2019", "")
    return " ".join(_NOT_WORD.sub(" ", text).split())


def clean_text(text: str) -> str:
    """Spaces at the ends removed; everything inside is kept as written (line breaks too)."""
    return text.strip()


def one_line(text: str) -> str:
    return " ".join(text.split())


def list_items(text: str) -> list[str]:
    """The items of a list cell: separated by semicolons, line breaks or vertical bars; ";;" is a
    semicolon inside an item, as the export writes it."""
    escaped = text.replace(";;", _ESCAPED_SEMICOLON)
    items = (item.strip().replace(_ESCAPED_SEMICOLON, ";") for item in _LIST_SEPARATORS.split(escaped))
    return [item for item in items if item]


def year_parse(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if text.endswith(".0"):
        text = text[:-2]
    if not _YEAR.match(text) or not YEAR_RANGE[0] <= int(text) <= YEAR_RANGE[1]:
        raise CellError(
            _("'%(value)s' is not a year between %(first)d and %(last)d (four digits, e.g. 2019).")
            % {"value": text, "first": YEAR_RANGE[0], "last": YEAR_RANGE[1]}
        )
    return int(text)


def date_parse(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    iso = _ISO_DATE.match(text[:10]) if len(text) == 10 or "T" in text or " " in text else None
    dutch = _DUTCH_DATE.match(text)
    try:
        if iso and (len(text) == 10 or text[10:] in {"T00:00:00", " 00:00:00"}):
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dutch:
            return date(int(dutch[3]), int(dutch[2]), int(dutch[1]))
    except ValueError:
        pass
    raise CellError(_("'%(value)s' is not a date; write it as 2025-03-01 or 1-3-2025.") % {"value": text})


def datetime_parse(text: str) -> datetime | None:
    """A moment (ISO, with or without a time zone; without one it is Dutch time) or a date (midnight)."""
    text = text.strip()
    if not text:
        return None
    try:
        moment = parse_datetime(text.replace(" ", "T", 1)) if len(text) > 10 else None
    except ValueError:
        moment = None
    if moment is not None:
        return moment if moment.tzinfo else timezone.make_aware(moment)
    try:
        day = date_parse(text)
    except CellError as error:
        raise CellError(
            _("'%(value)s' is not a date or a date and time (2025-03-01T10:00:00+01:00).") % {"value": text}
        ) from error
    return timezone.make_aware(datetime(day.year, day.month, day.day)) if day else None


def decimal_parse(text: str, *, lower: float, upper: float, what: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    normalised = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text
    try:
        value = Decimal(normalised)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise CellError(_("'%(value)s' is not a number.") % {"value": text})
    if not lower <= value <= upper:
        raise CellError(
            _("%(value)s is not a %(what)s in the Netherlands (between %(lower)s and %(upper)s).")
            % {"value": text, "what": what, "lower": lower, "upper": upper}
        )
    return float(value)


_TRUE = frozenset({"ja", "j", "yes", "y", "true", "waar", "1", "x"})
_FALSE = frozenset({"nee", "n", "no", "false", "onwaar", "0", ""})


def boolean_parse(text: str) -> bool:
    key = text.strip().casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError(_("'%(value)s' is not yes or no (ja or nee).") % {"value": text.strip()})
