"""The charts of "Samenwerking in cijfers", drawn by the web app's server-side SVG bar charts."""

from django.utils.translation import gettext

from netwerkkaart.web.templatetags.charts import BarChart, bar_chart_of

from .selectors import NationalFigures, NationalRow


def _chart(key: str, title: str, rows: list[NationalRow], measure: str) -> BarChart:
    return bar_chart_of(key=key, title=title, rows=[(row.label, getattr(row, measure)) for row in rows])


def national_charts(figures: NationalFigures) -> dict[str, list[BarChart]]:
    """Per section the charts of the numbers in its table."""
    return {
        "years": [
            _chart("started", gettext("Initiatives started per year"), figures.years, "initiatives"),
            _chart("companies-year", gettext("Companies involved per year"), figures.years, "companies"),
            _chart("students-year", gettext("Students reached per year"), figures.years, "students"),
        ],
        "goals": [_chart("goals", gettext("Current initiatives per goal"), figures.goals, "initiatives")],
        "themes": [_chart("themes", gettext("Current initiatives per theme"), figures.themes, "initiatives")],
        "regions": [
            _chart(
                "regions",
                gettext("Current initiatives per labour-market region"),
                figures.regions,
                "initiatives",
            ),
            _chart(
                "regions-companies",
                gettext("Companies involved per labour-market region"),
                figures.regions,
                "companies",
            ),
        ],
    }
