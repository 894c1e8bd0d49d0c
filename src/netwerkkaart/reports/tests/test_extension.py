"""The extension point: a section builder from another app (here a stand-in for the education figures)
is added by its dotted path, and its lower bounds and suppressed cells reach every output honestly."""

import csv
import io

import pikepdf
import pytest
from django.test import Client, override_settings
from django.utils import translation

from netwerkkaart.initiatives.result_index import INDEX_DATA_KEY
from netwerkkaart.reports.charts import chart_of, trend_spec
from netwerkkaart.reports.figures import Figure, Point
from netwerkkaart.reports.sections import Block, ProfileContext, Section, data_keys, section_builder
from netwerkkaart.web.tests.conftest import World

pytestmark = pytest.mark.django_db

EDUCATION_KEY = "test.education"
SECTIONS = [
    "netwerkkaart.reports.pps.pps_coverage",
    "netwerkkaart.reports.tests.test_extension.education_example",
]


@section_builder(INDEX_DATA_KEY, EDUCATION_KEY)
def education_example(context: ProfileContext) -> Section:
    """What the indicators app will return: totals over cells of which some were suppressed."""
    name = context.region.name
    points = [
        Point("2023", name, Figure(value=None, suppressed_cells=1)),
        Point("2024", name, Figure.total(1777, suppressed_cells=2)),
    ]
    title = "Women in B HBO-ICT"
    spec = trend_spec(points, title=title, category_label="Year", value_label="Students")
    block = Block(
        key="women-hbo-ict",
        title=title,
        points=points,
        category_label="Year",
        source="Source: DUO",
        chart=chart_of(spec, key="women-hbo-ict", title=title, points=points),
    )
    return Section(key="education", title="Education", blocks=[block])


@pytest.fixture
def education(world: World) -> World:
    from netwerkkaart.core.services import data_version_bump

    data_version_bump(key=EDUCATION_KEY)
    return world


@override_settings(REPORTS_PROFILE_SECTIONS=SECTIONS)
def test_the_sections_data_keys_join_the_profile_version(education: World) -> None:
    assert EDUCATION_KEY in data_keys()


@override_settings(REPORTS_PROFILE_SECTIONS=SECTIONS)
def test_lower_bounds_and_suppressed_cells_on_the_page_in_both_languages(
    client: Client, education: World
) -> None:
    html = client.get("/regio/AM22/profiel").content.decode()
    assert "ten minste 1.777" in html
    assert "2 afgeschermde cellen niet meegeteld" in html
    assert "&lt;5" in html and "door de bron afgeschermd (minder dan 5)" in html
    with translation.override("en"):
        html = client.get("/en/regio/AM22/profiel").content.decode()
    assert "at least 1,777" in html
    # The chart labels the lower bound as such and leaves the suppressed year out of its marks.
    chart = html[html.index('id="chart-women-hbo-ict-title"') :]
    chart = chart[: chart.index("</svg>")]
    assert "at least 1,777" in chart
    assert "2023: &lt;5" in chart  # in the text alternative, as in the table


@override_settings(REPORTS_PROFILE_SECTIONS=SECTIONS)
def test_a_suppressed_cell_never_becomes_a_number_in_the_downloads(client: Client, education: World) -> None:
    with translation.override("en"):
        body = client.get("/en/regio/AM22/profiel.csv").content.decode("utf-8-sig")
        pdf = client.get("/en/regio/AM22/profiel.pdf").content
        printed = client.get("/en/regio/AM22/profiel/afdrukken").content.decode()
    rows = [
        row
        for row in csv.DictReader(io.StringIO(body), delimiter=";")
        if row["table"] == "Women in B HBO-ICT"
    ]
    assert [
        (row["category"], row["value"], row["at least"], row["suppressed cells"], row["as shown"])
        for row in rows
    ] == [
        ("2023", "", "false", "1", "<5"),
        ("2024", "1777", "true", "2", "at least 1,777"),
    ]
    assert "at least 1,777" in printed and "&lt;5" in printed
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert "/StructTreeRoot" in document.Root
