"""The map of initiatives: the clusters endpoint, the map page, and the embeddable map and its framing."""

import json
import random
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from netwerkkaart.initiatives.choices import InitiativeKind, Phase, PublicationStatus
from netwerkkaart.initiatives.map_selectors import MAX_CELLS, NETHERLANDS, BoundingBox, grid_cell_size
from netwerkkaart.initiatives.models import Initiative, Theme
from netwerkkaart.initiatives.result_index import initiative_index_invalidate
from netwerkkaart.regions.models import Region

from .conftest import World

pytestmark = pytest.mark.django_db

CLUSTERS = "/kaart/clusters.json"
WHOLE_WORLD = "-180,-85,180,85"
# Payload bound for the whole country, whatever the number of initiatives.
MAX_PAYLOAD = 200 * 1024
GENERATED = 5000


@pytest.fixture(autouse=True)
def _no_basemap(settings: Any) -> None:
    """No request may leave the machine in tests."""
    settings.BASEMAP_TILE_URL = ""


def locate(initiative: Initiative, latitude: float, longitude: float) -> None:
    Initiative.objects.filter(pk=initiative.pk).update(latitude=latitude, longitude=longitude)
    initiative_index_invalidate()  # an update() sends no signal


@pytest.fixture
def located(world: World) -> World:
    locate(world.campus, 51.92, 4.48)
    locate(world.fictitious, 51.915, 4.40)
    locate(world.academy, 53.22, 6.57)
    locate(world.draft, 51.92, 4.48)
    locate(world.archived, 51.92, 4.48)
    return world


def generate(count: int, *, seed: int = 7) -> None:
    """Published initiatives spread over the Netherlands, written in one go."""
    rng = random.Random(seed)
    now = datetime(2026, 3, 1, tzinfo=UTC)
    kinds = list(InitiativeKind.values)
    Initiative.objects.bulk_create(
        [
            Initiative(
                name=f"Generated initiative number {number} with a name of usual length",
                slug=f"generated-{number}",
                kind=kinds[number % len(kinds)],
                latitude=rng.uniform(50.75, 53.5),
                longitude=rng.uniform(3.4, 7.2),
                status=PublicationStatus.PUBLISHED,
                published_at=now,
                fictitious=number % 3 == 0,
            )
            for number in range(count)
        ],
        batch_size=1000,
    )
    initiative_index_invalidate()  # bulk_create sends no signal


def clusters(client: Client, **params: Any) -> dict[str, Any]:
    params.setdefault("bbox", WHOLE_WORLD)
    response = client.get(CLUSTERS, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    data: dict[str, Any] = json.loads(response.content)
    return data


RIJNMOND = "4.3,51.8,4.6,52.0"
GRONINGEN = "6.4,53.1,6.7,53.3"


def names(client: Client, **params: Any) -> list[str]:
    """Names of the single initiatives around Rotterdam and Groningen, at a zoom that separates them."""
    found = []
    for bbox in (RIJNMOND, GRONINGEN):
        for feature in clusters(client, zoom=11, bbox=bbox, **params)["features"]:
            assert feature["properties"]["count"] == 1
            found.append(feature["properties"]["name"])
    return found


def counts(data: dict[str, Any]) -> int:
    return sum(feature["properties"]["count"] for feature in data["features"])


def test_clusters_hold_every_published_initiative_with_a_location(client: Client, located: World) -> None:
    data = clusters(client, zoom=5)

    assert data["type"] == "FeatureCollection"
    assert counts(data) == data["total"] == 3


def test_a_cell_with_one_initiative_carries_its_name_link_and_fictitious_flag(
    client: Client, located: World
) -> None:
    data = clusters(client, zoom=11, bbox=RIJNMOND)

    singles = {feature["properties"]["name"]: feature for feature in data["features"]}
    assert set(singles) == {"IT Campus Rotterdam", "Cyberlab Schiedam"}
    fictitious = singles["Cyberlab Schiedam"]
    assert fictitious["properties"] == {
        "count": 1,
        "name": "Cyberlab Schiedam",
        "url": f"/initiatieven/{located.fictitious.slug}",
        "fictitious": True,
    }
    assert fictitious["geometry"] == {"type": "Point", "coordinates": [4.4, 51.915]}
    assert singles["IT Campus Rotterdam"]["properties"]["fictitious"] is False


def test_links_of_single_initiatives_follow_the_language(client: Client, located: World) -> None:
    response = client.get(f"/en{CLUSTERS}", {"zoom": "11", "bbox": RIJNMOND})

    urls = {feature["properties"]["url"] for feature in json.loads(response.content)["features"]}
    assert f"/en/initiatieven/{located.campus.slug}" in urls


def test_a_low_zoom_level_groups_nearby_initiatives(client: Client, located: World) -> None:
    data = clusters(client, zoom=7, bbox="3.2,50.7,7.3,53.7")

    rotterdam = [feature for feature in data["features"] if feature["properties"]["count"] == 2]
    assert len(rotterdam) == 1
    assert rotterdam[0]["properties"] == {"count": 2, "fictitious": 1}
    longitude, latitude = rotterdam[0]["geometry"]["coordinates"]
    # The middle of its members.
    assert latitude == pytest.approx(51.9175) and longitude == pytest.approx(4.44)


def test_the_bounding_box_limits_the_initiatives(client: Client, located: World) -> None:
    data = clusters(client, zoom=10, bbox="6.0,53.0,7.0,53.5")

    assert data["total"] == 1
    assert data["features"][0]["properties"]["name"] == "IT Academy Noord-Nederland"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": InitiativeKind.CAMPUS}, {"IT Campus Rotterdam"}),
        (
            {"kind": [InitiativeKind.CAMPUS, InitiativeKind.FIELDLAB]},
            {"IT Campus Rotterdam", "Cyberlab Schiedam"},
        ),
        ({"phase": Phase.SCALING}, {"IT Campus Rotterdam"}),
        ({"theme": "cybersecurity"}, {"Cyberlab Schiedam"}),
        ({"theme": ["cybersecurity", "inflow"]}, {"IT Campus Rotterdam", "Cyberlab Schiedam"}),
        ({"region": "AM01"}, {"IT Academy Noord-Nederland"}),
        ({"municipality": "gm0606"}, {"Cyberlab Schiedam"}),
        ({"province": "PV28", "kind": InitiativeKind.FIELDLAB}, {"Cyberlab Schiedam"}),
        ({"region": "AM01", "municipality": "GM0606"}, set()),
        # Unknown values are left out, as the list leaves them out: an old link still shows results.
        (
            {"theme": "no-such-theme"},
            {"IT Campus Rotterdam", "Cyberlab Schiedam", "IT Academy Noord-Nederland"},
        ),
        ({"kind": "spaceship", "phase": Phase.SCALING}, {"IT Campus Rotterdam"}),
    ],
)
def test_filters_select_the_same_initiatives_as_the_list_would(
    client: Client, located: World, params: dict[str, Any], expected: set[str]
) -> None:
    found = names(client, **params)

    assert sorted(found) == sorted(expected)
    assert clusters(client, zoom=5, **params)["total"] == len(expected)


def test_a_theme_shared_by_filter_values_counts_an_initiative_once(client: Client, located: World) -> None:
    located.campus.themes.add(Theme.objects.get(slug="cybersecurity"))

    data = clusters(client, zoom=5, theme=["cybersecurity", "inflow"])

    assert data["total"] == 2


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "zoom"),
        ({"zoom": "x"}, "zoom"),
        ({"zoom": "19"}, "zoom"),
        ({"zoom": "-1"}, "zoom"),
        ({"zoom": "7", "bbox": "1,2,3"}, "bbox"),
        ({"zoom": "7", "bbox": "a,b,c,d"}, "bbox"),
        ({"zoom": "7", "bbox": "nan,50,7,53"}, "bbox"),
        ({"zoom": "7", "bbox": "7,50,3,53"}, "bbox"),
    ],
)
def test_invalid_parameters_are_refused_with_a_reason(
    client: Client, located: World, params: dict[str, Any], message: str
) -> None:
    response = client.get(CLUSTERS, params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = json.loads(response.content)
    assert problem["status"] == 400
    assert message in problem["detail"]


def test_clusters_cost_a_fixed_number_of_queries_whatever_the_number_of_initiatives(
    client: Client, located: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    def cost(**params: Any) -> int:
        with CaptureQueriesContext(connection) as queries:
            clusters(client, **params)
        return len(queries)

    searched = {"zoom": 9, "q": "campus", "kind": [InitiativeKind.CAMPUS, InitiativeKind.FIELDLAB]}
    cost(zoom=5)  # builds the result index
    few = cost(**searched), cost(zoom=5, theme="no-such-theme")
    generate(50)
    initiative_index_invalidate()
    cost(zoom=5)  # rebuilds the result index once
    # The index token, the filter form's regions and terms (5), then the search: nothing per initiative.
    assert (cost(**searched), cost(zoom=5, theme="no-such-theme")) == few
    with django_assert_num_queries(6):
        clusters(client, zoom=11, bbox=RIJNMOND)


def test_the_grid_is_coarser_for_a_bounding_box_too_big_for_the_zoom_level() -> None:
    width, height = grid_cell_size(zoom=18, bbox=NETHERLANDS)
    columns = (NETHERLANDS.east - NETHERLANDS.west) / width + 1
    rows = (NETHERLANDS.north - NETHERLANDS.south) / height + 1

    assert columns * rows <= MAX_CELLS
    # A screen-sized box keeps the cells of its zoom level.
    screen = BoundingBox(west=4.4, south=51.9, east=4.405, north=51.903)
    assert grid_cell_size(zoom=18, bbox=screen)[0] == pytest.approx(64 * 360 / (256 * 2**18))


def test_many_initiatives_stay_a_bounded_payload_and_add_up(client: Client, db: None) -> None:
    generate(GENERATED)
    bbox = f"{NETHERLANDS.west},{NETHERLANDS.south},{NETHERLANDS.east},{NETHERLANDS.north}"

    features_per_zoom = []
    for zoom in (6, 8, 10, 14, 18):
        response = client.get(CLUSTERS, {"zoom": zoom, "bbox": bbox})
        assert len(response.content) < MAX_PAYLOAD, (zoom, len(response.content))
        data = json.loads(response.content)
        assert counts(data) == data["total"] == GENERATED
        features_per_zoom.append(len(data["features"]))

    # Zooming in splits groups, until the grid reaches its bound for a box this large.
    assert features_per_zoom[0] < features_per_zoom[1] < features_per_zoom[2], features_per_zoom
    assert max(features_per_zoom) <= MAX_CELLS
    filtered = clusters(client, zoom=8, bbox=bbox, kind=InitiativeKind.CAMPUS)
    assert counts(filtered) == Initiative.objects.filter(kind=InitiativeKind.CAMPUS).count()


# --- the pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/kaart", "/en/kaart", "/embed/kaart", "/en/embed/kaart"])
def test_map_pages_link_to_the_list_with_the_same_filters(client: Client, world: World, path: str) -> None:
    response = client.get(path, {"kind": "campus", "zoom": "9"})

    assert response.status_code == 200
    content = response.content.decode()
    prefix = "/en" if path.startswith("/en") else ""
    assert f'href="{prefix}/initiatieven?kind=campus"' in content
    assert 'data-query="kind=campus"' in content
    assert 'role="region"' in content and "aria-label=" in content


def test_the_map_page_offers_an_embed_snippet(client: Client, world: World) -> None:
    content = client.get("/kaart", {"phase": "scaling"}).content.decode()

    assert '<label class="nk-label" for="embed-snippet">' in content
    assert "&lt;iframe src=&quot;http://testserver/embed/kaart?phase=scaling&quot;" in content
    assert 'data-tile-url=""' in content


def test_the_map_page_leaves_out_an_unknown_filter_value(client: Client, world: World) -> None:
    response = client.get("/kaart", {"kind": "spaceship"})

    assert response.status_code == 200


def test_a_search_on_the_map_links_to_the_same_results_in_the_search_page(
    client: Client, world: World
) -> None:
    content = client.get("/kaart", {"q": "campus", "kind": "campus"}).content.decode()

    assert 'href="/zoeken?q=campus&amp;kind=campus"' in content


def test_region_outlines_are_offered_when_boundaries_are_loaded(client: Client, world: World) -> None:
    content = client.get("/kaart").content.decode()

    assert 'data-shapes-url="/kaart/arbeidsmarktregios.geojson"' in content
    outlines = json.loads(client.get("/kaart/arbeidsmarktregios.geojson").content)
    assert [feature["properties"]["code"] for feature in outlines["features"]] == ["AM01", "AM22"]
    assert outlines["features"][0]["geometry"]["type"] == "Polygon"


def test_without_boundaries_no_outlines_are_drawn(client: Client, world: World) -> None:
    Region.objects.update(boundary=None)

    content = client.get("/kaart").content.decode()

    assert 'data-shapes-url=""' in content


def test_the_basemap_comes_from_the_settings(client: Client, world: World, settings: Any) -> None:
    settings.BASEMAP_TILE_URL = "https://tiles.example.nl/{z}/{x}/{y}.png"
    settings.BASEMAP_ATTRIBUTION = "Tiles &copy; Example"

    content = client.get("/kaart").content.decode()

    assert 'data-tile-url="https://tiles.example.nl/{z}/{x}/{y}.png"' in content
    assert 'data-tile-attribution="Tiles &amp;copy; Example"' in content


def csp_directives(response: Any) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip().split(" ", 1)[1]
        for part in policy.split(";")
        if part.strip()
    }


def test_the_embed_may_be_framed_by_the_allowed_origins_only(
    client: Client, world: World, settings: Any
) -> None:
    settings.EMBED_ALLOWED_ORIGINS = ["https://www.partner.nl", "https://regio.example.org"]

    response = client.get("/embed/kaart")

    assert csp_directives(response)["frame-ancestors"] == "https://www.partner.nl https://regio.example.org"
    assert "X-Frame-Options" not in response
    # The rest of the policy stays as strict as everywhere.
    assert "'nonce-" in csp_directives(response)["script-src"]


@pytest.mark.parametrize("path", ["/kaart", "/", "/regio", "/kaart/clusters.json?zoom=7"])
def test_other_pages_may_not_be_framed(client: Client, world: World, settings: Any, path: str) -> None:
    settings.EMBED_ALLOWED_ORIGINS = ["https://www.partner.nl"]

    response = client.get(path)

    assert csp_directives(response)["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"


def test_without_allowed_origins_the_embed_may_not_be_framed(
    client: Client, world: World, settings: Any
) -> None:
    settings.EMBED_ALLOWED_ORIGINS = []

    response = client.get("/embed/kaart")

    assert csp_directives(response)["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"


def test_the_embed_has_no_site_chrome(client: Client, world: World) -> None:
    content = client.get("/embed/kaart").content.decode()

    assert "<main" in content and content.count("<h1") == 1
    assert "<nav" not in content and "<footer" not in content
    assert 'data-link-target="_blank"' in content
