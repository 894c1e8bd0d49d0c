"""Figures as shown in profiles: a value that may be a lower bound, never a guess for a suppressed cell.

Official sources suppress small counts (DUO publishes counts under 5 as "<5"). A total over cells of
which some are suppressed is only known from below: it is shown as "at least 1,777" ("ten minste
1.777"). A figure that is suppressed itself has no value at all and is shown as "<5", never as a number.
Every table, chart label, text alternative and download formats figures through this module, so they
say the same thing.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.template.defaultfilters import floatformat
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

Number = int | Decimal

# What a suppressed cell is shown as (DUO's own notation).
SUPPRESSED_TEXT = "<5"
# What an unknown figure is shown as (an en dash).
UNKNOWN_TEXT = "\u2013"


class FigureLike(Protocol):
    """What a profile needs of a figure; the indicators' observation totals have the same attributes."""

    @property
    def value(self) -> Number | None: ...

    @property
    def suppressed_cells(self) -> int: ...

    @property
    def lower_bound(self) -> bool: ...


@dataclass(frozen=True)
class Figure:
    """A value (None: not known or suppressed), the number of suppressed cells it leaves out, and
    whether it is therefore a lower bound."""

    value: Number | None
    suppressed_cells: int = 0
    lower_bound: bool = False

    def __post_init__(self) -> None:
        if self.suppressed_cells < 0:
            raise ValueError("suppressed_cells cannot be negative")
        if self.value is None and self.lower_bound:
            raise ValueError("a lower bound needs a value")

    @classmethod
    def of(cls, value: Number | None) -> "Figure":
        return cls(value=value)

    @classmethod
    def total(cls, value: Number, *, suppressed_cells: int) -> "Figure":
        """A sum over cells of which ``suppressed_cells`` were suppressed: a lower bound if any were."""
        return cls(value=value, suppressed_cells=suppressed_cells, lower_bound=suppressed_cells > 0)


def is_suppressed(figure: FigureLike) -> bool:
    return figure.value is None and figure.suppressed_cells > 0


def number_text(value: Number, *, unit: str = "") -> str:
    """A number in the current language (1.777 / 1,777); a percentage with at most one decimal."""
    if unit == "%":
        return f"{floatformat(value, '-1')}%"
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return str(floatformat(value, "-2"))
    return number_format(int(value), force_grouping=True)


def figure_text(figure: FigureLike, *, unit: str = "") -> str:
    """The figure as read: "1.777", "ten minste 1.777" / "at least 1,777", "<5", or a dash when unknown."""
    if figure.value is None:
        return SUPPRESSED_TEXT if figure.suppressed_cells else UNKNOWN_TEXT
    text = number_text(figure.value, unit=unit)
    if figure.lower_bound:
        return gettext("at least %(value)s") % {"value": text}
    return text


def figure_note(figure: FigureLike) -> str:
    """Why a figure is a lower bound or missing, for a table cell's note; empty when it is exact."""
    if figure.value is None:
        return gettext("suppressed by the source (fewer than 5)") if figure.suppressed_cells else ""
    if figure.suppressed_cells:
        return ngettext(
            "%(count)s suppressed cell not included",
            "%(count)s suppressed cells not included",
            figure.suppressed_cells,
        ) % {"count": number_format(figure.suppressed_cells, force_grouping=True)}
    return ""


@dataclass(frozen=True)
class Point:
    """One figure of a block: its category (a year, a region, a goal), its series (the region, the
    Netherlands) and the figure. Chart, table, text alternative and downloads are all made from these."""

    category: str
    series: str
    figure: FigureLike


def categories_of(points: Sequence[Point]) -> list[str]:
    return list(dict.fromkeys(point.category for point in points))


def series_of(points: Sequence[Point]) -> list[str]:
    return list(dict.fromkeys(point.series for point in points))
