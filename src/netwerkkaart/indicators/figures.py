"""Figures as the pages, the API and the downloads show them: a known total with the number of cells
the source suppressed, and shares with the range that the suppressed cells leave open.

A suppressed cell ("<5") is never counted as 0, 1 or any other number: ``known_total`` is the sum of
the cells that have a value, and a figure with suppressed cells is a lower bound ("at least 1,777").
When the indicator says how large a suppressed cell can be (4 for DUO), ``upper_bound`` adds that.

A ``Figure`` is a ``reports.figures.FigureLike`` (``value``, ``suppressed_cells``, ``lower_bound``,
``upper_bound``), so the profiles use it as it is; ``display()`` is ``reports.figures.figure_text``, so
a figure reads the same on the indicator pages, in the API, on the profiles and in every download.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from netwerkkaart.reports.figures import figure_text

PERCENT = Decimal(100)


def _number(value: Decimal, decimal_places: int) -> str:
    return number_format(value, decimal_pos=decimal_places, use_l10n=True, force_grouping=True)


@dataclass(frozen=True)
class Figure:
    """The sum of some cells of one indicator for one region (and year)."""

    known_total: Decimal
    cells: int
    suppressed_cells: int
    suppression_max: int | None = None
    decimal_places: int = 0

    @classmethod
    def empty(cls, *, suppression_max: int | None = None, decimal_places: int = 0) -> "Figure":
        return cls(Decimal(0), 0, 0, suppression_max, decimal_places)

    @property
    def has_data(self) -> bool:
        return self.cells > 0

    @property
    def is_lower_bound(self) -> bool:
        """True when suppressed cells are left out: the true total is at least ``known_total``."""
        return self.suppressed_cells > 0

    @property
    def is_exact(self) -> bool:
        return self.has_data and not self.is_lower_bound

    @property
    def upper_bound(self) -> Decimal | None:
        """The largest the true total can be, when the indicator says how large a suppressed cell can be."""
        if not self.has_data or self.suppression_max is None:
            return None
        return self.known_total + self.suppression_max * self.suppressed_cells

    @property
    def value(self) -> Decimal | None:
        """The known total; None without data or when every cell is suppressed (never 0 for "<5")."""
        if not self.has_data or self.suppressed_cells >= self.cells:
            return None
        return self.known_total

    @property
    def lower_bound(self) -> bool:
        return self.value is not None and self.is_lower_bound

    def display(self, language: str | None = None) -> str:
        """For people: "16.194" or "ten minste 1.777" (nl), "16,194" or "at least 1,777" (en); "<5" for
        one suppressed cell, "hooguit 8" / "at most 8" for several, a dash without data."""
        with translation.override(language or translation.get_language() or "nl"):
            return figure_text(self)

    def __str__(self) -> str:
        return self.display()


@dataclass(frozen=True)
class Share:
    """A fraction (0..1) known exactly (``low == high``) or only between ``low`` and ``high``; ``high``
    is None when the suppressed cells could be any size (no largest suppressed value is known)."""

    low: Decimal | None
    high: Decimal | None

    @property
    def is_exact(self) -> bool:
        return self.low is not None and self.low == self.high

    def display(self, language: str | None = None, decimal_places: int = 1) -> str:
        """ "11,0%", "tussen 10,9% en 11,1%", "ten minste 10,9%" (nl) and the same in English."""
        with translation.override(language or translation.get_language() or "nl"):
            if self.low is None:
                return _("no data")
            low = _number(self.low * PERCENT, decimal_places) + "%"
            if self.is_exact:
                return low
            if self.high is None:
                return _("at least %(number)s") % {"number": low}
            high = _number(self.high * PERCENT, decimal_places) + "%"
            if low == high:
                return _("about %(number)s") % {"number": low}
            return _("between %(low)s and %(high)s") % {"low": low, "high": high}

    def __str__(self) -> str:
        return self.display()


def share_of(part: Figure, rest: Figure) -> Share:
    """The share of ``part`` in ``part + rest`` (two disjoint sets of cells), honest about suppression:
    the lowest share has every suppressed cell of ``part`` empty and every one of ``rest`` full, the
    highest the other way round."""
    if not part.has_data and not rest.has_data:
        return Share(None, None)
    largest = part.suppression_max if part.suppression_max is not None else rest.suppression_max
    if (part.suppressed_cells or rest.suppressed_cells) and largest is None:
        whole = part.known_total + rest.known_total
        low = part.known_total / whole if whole and not rest.suppressed_cells else None
        return Share(low if low is not None else Decimal(0), None)
    max_part = part.known_total + (largest or 0) * part.suppressed_cells
    max_rest = rest.known_total + (largest or 0) * rest.suppressed_cells
    low_whole = part.known_total + max_rest
    high_whole = max_part + rest.known_total
    low = part.known_total / low_whole if low_whole else None
    high = max_part / high_whole if high_whole else None
    if low is None or high is None:
        return Share(None, None)
    return Share(low, high)


@dataclass(frozen=True)
class Rate:
    """A figure per a number of residents, with the range its suppressed cells leave open."""

    low: Decimal
    high: Decimal | None
    per: int

    def display(self, language: str | None = None, decimal_places: int = 1) -> str:
        with translation.override(language or translation.get_language() or "nl"):
            low = _number(self.low, decimal_places)
            if self.high is None:
                return _("at least %(number)s") % {"number": low}
            high = _number(self.high, decimal_places)
            if low == high:
                return low
            return _("between %(low)s and %(high)s") % {"low": low, "high": high}


def rate_of(figure: Figure, population: Figure, per: int = 1000) -> Rate | None:
    """``figure`` per ``per`` residents; None without a population (or with a suppressed one)."""
    if not figure.has_data or not population.is_exact or not population.known_total:
        return None
    low = figure.known_total * per / population.known_total
    upper = figure.upper_bound if figure.is_lower_bound else figure.known_total
    high = upper * per / population.known_total if upper is not None else None
    return Rate(low, high, per)
