"""Bar charts drawn on the server as inline SVG: no chart library, no script, and the numbers in a table
beside each chart remain the primary route (see web/includes/bar_chart.html)."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from netwerkkaart.initiatives.models import YearlyFigure

register = template.Library()

# The longest bar takes this share of the width, so that the value fits after it.
LONGEST_BAR = 75.0
# A year with figures from more than one source names the source, this long at most (SVG text won't wrap).
SOURCE_LABEL_LENGTH = 24
# Vertical rhythm of a row, in em of the chart's text: the label line, then the bar with its value.
ROW_HEIGHT = 2.75
LABEL_BASELINE = 1.0
BAR_TOP = 1.35  # the bar is 1em high (web/includes/bar_chart.html)
VALUE_BASELINE = 2.15

# The measures of the monitor, in the order of the table, each with the title of its chart.
MEASURES: tuple[tuple[str, Promise], ...] = (
    ("companies", _("Companies involved per year")),
    ("smes", _("SMEs involved per year")),
    ("students_reached", _("Students reached per year")),
    ("teachers", _("Teachers involved per year")),
    ("hybrid_teachers", _("Hybrid teachers per year")),
    ("postinitial_participants", _("Participants in post-initial programmes per year")),
    ("women_share", _("Share of women among participants per year (%)")),
)


@dataclass(frozen=True)
class Bar:
    """One bar; the geometry is ready for SVG attributes (never localised: "37.5", not "37,5")."""

    label: str
    value: str
    width: str
    label_y: str
    bar_y: str
    value_y: str


@dataclass(frozen=True)
class BarChart:
    key: str
    title: str
    description: str
    bars: tuple[Bar, ...]
    height: str


def _number(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".") or "0"


def _em(length: float) -> str:
    return f"{_number(length)}em"


def _percent(share: float) -> str:
    return f"{_number(share)}%"


def _shortened(text: str) -> str:
    if len(text) <= SOURCE_LABEL_LENGTH:
        return text
    return text[: SOURCE_LABEL_LENGTH - 1].rstrip() + "…"


def _formatted(value: int | Decimal, *, percentage: bool) -> str:
    if percentage:
        return f"{floatformat(value, '-1')}%"
    return number_format(value, force_grouping=True)


def bar_charts_of(figures: Iterable[YearlyFigure]) -> list[BarChart]:
    """One chart per measure that has at least one value: a bar per year, oldest first. A year reported
    by more than one source gets a bar per source, labelled with the source."""
    rows = sorted(figures, key=lambda figure: (figure.year, figure.source))
    per_year = Counter(figure.year for figure in rows)
    charts = []
    for key, title in MEASURES:
        measured = [(figure, getattr(figure, key)) for figure in rows if getattr(figure, key) is not None]
        if not measured:
            continue
        largest = max(value for _figure, value in measured) or 1
        bars = []
        for index, (figure, value) in enumerate(measured):
            top = index * ROW_HEIGHT
            label = str(figure.year)
            if per_year[figure.year] > 1:
                label = f"{figure.year} ({_shortened(figure.source)})"
            bars.append(
                Bar(
                    label=label,
                    value=_formatted(value, percentage=key == "women_share"),
                    width=_percent(float(value) / float(largest) * LONGEST_BAR),
                    label_y=_em(top + LABEL_BASELINE),
                    bar_y=_em(top + BAR_TOP),
                    value_y=_em(top + VALUE_BASELINE),
                )
            )
        description = "; ".join(f"{bar.label}: {bar.value}" for bar in bars)
        charts.append(
            BarChart(
                key=key,
                title=str(title),
                description=gettext("%(title)s: %(values)s.") % {"title": title, "values": description},
                bars=tuple(bars),
                height=_em(len(bars) * ROW_HEIGHT + 0.5),
            )
        )
    return charts


def bar_chart_of(*, key: str, title: str, rows: Iterable[tuple[str, int]]) -> BarChart:
    """One chart of labelled counts, a bar per row in the given order (the table beside it holds the same
    numbers)."""
    items = list(rows)
    largest = max((value for _label, value in items), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(items):
        top = index * ROW_HEIGHT
        bars.append(
            Bar(
                label=label,
                value=_formatted(value, percentage=False),
                width=_percent(float(value) / float(largest) * LONGEST_BAR),
                label_y=_em(top + LABEL_BASELINE),
                bar_y=_em(top + BAR_TOP),
                value_y=_em(top + VALUE_BASELINE),
            )
        )
    description = "; ".join(f"{bar.label}: {bar.value}" for bar in bars)
    return BarChart(
        key=key,
        title=title,
        description=gettext("%(title)s: %(values)s.") % {"title": title, "values": description},
        bars=tuple(bars),
        height=_em(len(bars) * ROW_HEIGHT + 0.5),
    )


@register.simple_tag
def bar_charts(figures: Iterable[YearlyFigure]) -> list[BarChart]:
    return bar_charts_of(figures)
