"""The funnel's charts per month, drawn like every other chart of the site (web/includes/bar_chart.html):
server-side SVG beside a table with the same numbers."""

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from netwerkkaart.web.templatetags.charts import (
    BAR_TOP,
    LABEL_BASELINE,
    LONGEST_BAR,
    ROW_HEIGHT,
    VALUE_BASELINE,
    Bar,
    BarChart,
    _em,
    _percent,
)

from .selectors import Funnel

MEASURES = (
    ("asked", _("Companies that asked, per month")),
    ("contacted", _("Companies contacted, per month")),
    ("joined", _("Companies that joined, per month")),
)


def funnel_charts(funnel: Funnel) -> list[BarChart]:
    """One chart per step of the funnel, a bar per month (oldest first); none without enquiries."""
    if not funnel.months:
        return []
    charts = []
    for key, title in MEASURES:
        values = [(row.month, getattr(row.counts, key)) for row in funnel.months]
        largest = max(value for _month, value in values) or 1
        bars = []
        for index, (month, value) in enumerate(values):
            top = index * ROW_HEIGHT
            bars.append(
                Bar(
                    label=date_format(month, "YEAR_MONTH_FORMAT"),
                    value=number_format(value, force_grouping=True),
                    width=_percent(value / largest * LONGEST_BAR),
                    label_y=_em(top + LABEL_BASELINE),
                    bar_y=_em(top + BAR_TOP),
                    value_y=_em(top + VALUE_BASELINE),
                )
            )
        description = "; ".join(f"{bar.label}: {bar.value}" for bar in bars)
        charts.append(
            BarChart(
                key=f"funnel-{key}",
                title=str(title),
                description=gettext("%(title)s: %(values)s.") % {"title": title, "values": description},
                bars=tuple(bars),
                height=_em(len(bars) * ROW_HEIGHT + 0.5),
            )
        )
    return charts
