"""The initiative page's yearly figures (a table and server-drawn bar charts) and its locations (a list,
and a small map drawn from that list)."""

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from netwerkkaart.initiatives.models import InitiativeLocation, YearlyFigure
from netwerkkaart.initiatives.services import initiative_update, yearly_figure_add
from netwerkkaart.web.templatetags.charts import LONGEST_BAR, bar_charts_of

from .conftest import World

pytestmark = pytest.mark.django_db


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_yearly_figures_are_a_table_and_charts_of_the_same_values(client: Client, world: World) -> None:
    yearly_figure_add(
        initiative=world.campus, year=2023, source="Annual report 2023", companies=80, students_reached=900
    )
    html = section(client.get(f"/en/initiatieven/{world.campus.slug}").content.decode(), "figures-heading")

    table = html[html.index("<table") : html.index("</table>")]
    assert '<caption class="utrecht-table__caption" id="figures-caption">' in table
    assert table.count('scope="col"') == 10
    assert table.count('scope="row"') == 2
    for value in ("1,500", "900", "120", "80", "90", "23%", "Annual report 2024", "Annual report 2023"):
        assert value in table, value

    charts = re.findall(r"<svg\b[^>]*>.*?</svg>", html, flags=re.DOTALL)
    # Companies, SMEs, students and the share of women have values; teachers and the others do not.
    assert len(charts) == 4
    students = next(chart for chart in charts if "Students reached per year" in chart)
    assert 'role="img"' in students
    assert re.search(r'aria-labelledby="chart-students_reached-caption"', students)
    assert re.search(r'aria-describedby="chart-students_reached-description"', students)
    assert "<title>Students reached per year</title>" in students
    assert "Students reached per year: 2023: 900; 2024: 1,500." in students
    assert 'width="75%"' in students and 'width="45%"' in students
    assert "Teachers involved per year" not in html
    assert "style=" not in html


def test_chart_values_are_localised_but_svg_geometry_is_not(client: Client, world: World) -> None:
    yearly_figure_add(initiative=world.campus, year=2023, source="Jaarverslag", students_reached=1000)

    html = section(client.get(f"/initiatieven/{world.campus.slug}").content.decode(), "figures-heading")

    assert "Bereikte studenten per jaar: 2023: 1.000; 2024: 1.500." in html
    assert 'width="50%"' in html
    assert not re.search(r'(width|y|height)="\d+,\d', html), "a decimal comma in an SVG attribute"


def test_no_chart_without_yearly_figures(client: Client, world: World) -> None:
    html = section(client.get(f"/en/initiatieven/{world.academy.slug}").content.decode(), "figures-heading")

    assert "No yearly figures have been reported yet." in html
    assert "<svg" not in html and "<table" not in html


def test_bar_charts_scale_to_the_largest_value_and_name_sources_of_the_same_year() -> None:
    figures = [
        YearlyFigure(year=2024, source="Monitor", companies=40),
        YearlyFigure(year=2024, source="Annual report of the initiative itself", companies=10),
        YearlyFigure(year=2022, source="Monitor", companies=0, teachers=None),
    ]

    with translation.override("en"):
        charts = bar_charts_of(figures)

    assert [chart.key for chart in charts] == ["companies"]
    bars = charts[0].bars
    assert [bar.label for bar in bars] == ["2022", "2024 (Annual report of the in…)", "2024 (Monitor)"]
    assert [bar.width for bar in bars] == ["0%", "18.75%", f"{LONGEST_BAR:g}%"]
    assert [bar.value for bar in bars] == ["0", "10", "40"]
    assert charts[0].height == "8.75em"
    assert bar_charts_of([]) == []


def test_locations_are_a_list_with_place_and_municipality(client: Client, world: World) -> None:
    InitiativeLocation.objects.create(
        initiative=world.campus, name="Lab", place="Schiedam", municipality=world.schiedam
    )

    html = section(client.get(f"/en/initiatieven/{world.campus.slug}").content.decode(), "locations-heading")

    assert "Main location" in html and "Rotterdam" in html
    assert 'href="/en/regio/GM0599"' in html
    assert "Lab," in html and 'href="/en/regio/GM0606"' in html
    # No coordinates: the list is all there is, without a map.
    assert "data-location-map" not in html
    assert "data-latitude" not in html


def test_the_location_map_draws_the_list_and_can_do_without_a_basemap(
    client: Client, world: World, settings: Any
) -> None:
    initiative_update(initiative=world.campus, latitude=51.9225, longitude=4.47917)
    InitiativeLocation.objects.create(
        initiative=world.campus, place="Schiedam", municipality=world.schiedam, latitude=51.917, longitude=4.4
    )
    settings.BASEMAP_TILE_URL = ""

    response = client.get(f"/initiatieven/{world.campus.slug}")
    html = response.content.decode()
    locations = section(html, "locations-heading")

    assert re.search(r'data-location="main"\s+data-latitude="51.9225"\s+data-longitude="4.47917"', locations)
    assert re.search(r'data-location="extra"\s+data-latitude="51.917"\s+data-longitude="4.4"', locations)
    figure = re.search(r"<figure class=\"nk-location-map\"[^>]*>", locations)
    assert figure, "the map's figure"
    assert 'data-tile-url=""' in figure.group(0)
    assert 'data-outlines-url="/kaart/arbeidsmarktregios.geojson"' in figure.group(0)
    assert figure.group(0).rstrip(">").rstrip().endswith("hidden"), "hidden until the script draws it"
    assert 'role="region"' in locations and 'aria-label="Kaart van de locaties"' in locations
    assert "vendor/leaflet/leaflet.js" in html and "web/js/location-map.js" in html
    assert re.search(r'<script src="[^"]*location-map.js"\s+nonce="[^"]+"', html)

    without = client.get(f"/initiatieven/{world.academy.slug}").content.decode()
    assert "leaflet" not in without and "location-map.js" not in without


def test_the_basemap_comes_from_the_settings(client: Client, world: World, settings: Any) -> None:
    initiative_update(initiative=world.campus, latitude=51.9225, longitude=4.47917)
    settings.BASEMAP_TILE_URL = "https://tiles.example.nl/{z}/{x}/{y}.png"
    settings.BASEMAP_ATTRIBUTION = "Tiles &copy; Example"

    html = client.get(f"/initiatieven/{world.campus.slug}").content.decode()

    assert 'data-tile-url="https://tiles.example.nl/{z}/{x}/{y}.png"' in html
    assert 'data-tile-attribution="Tiles &amp;copy; Example"' in html


def test_the_page_shows_everything_the_model_holds(client: Client, world: World) -> None:
    html = client.get(f"/en/initiatieven/{world.campus.slug}").content.decode()

    for heading in (
        "What it works on",
        "Locations",
        "Partners",
        "Funding",
        "Yearly figures",
        "Contact",
        "Where these facts come from",
    ):
        assert f">{heading}</h2>" in html, heading
    for label in ("Goals", "Themes", "Target groups", "Education levels", "Activities for companies"):
        assert label in html, label
    assert "Regions served" in html and "Last verified" in html and "Note on the source" in html
    assert 'aria-label="Breadcrumb"' in html and 'aria-current="page">IT Campus Rotterdam</a>' in html
    assert "1 February 2026" in html
