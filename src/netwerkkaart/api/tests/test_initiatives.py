"""The initiatives in the API: the same selection as the public list, pages, GeoJSON and facets."""

import json
from collections.abc import Iterable
from typing import Any, cast

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from rest_framework.test import APIClient

from netwerkkaart.initiatives.choices import PartnershipRole
from netwerkkaart.initiatives.models import Initiative, TargetGroup, Theme
from netwerkkaart.initiatives.result_index import initiative_index_invalidate
from netwerkkaart.initiatives.selectors import InitiativeFilterParams, initiative_facets
from netwerkkaart.initiatives.services import initiative_create, initiative_publish, partnership_add

from .conftest import World, streamed

pytestmark = pytest.mark.django_db


def bulk_add(world: World, count: int) -> list[Initiative]:
    added = []
    for number in range(count):
        initiative = initiative_create(
            name=f"Bulk {number:03d}",
            municipality=world.rotterdam,
            start_year=2000 + number % 7,
            themes=Theme.objects.filter(slug="data-and-ai"),
            target_groups=TargetGroup.objects.filter(slug="teachers"),
            fictitious=number % 2 == 0,
        )
        partnership_add(initiative=initiative, organisation=world.company, role=PartnershipRole.COMPANY)
        added.append(initiative_publish(initiative=initiative))
    return added


def locate(initiative: Initiative, latitude: float, longitude: float) -> None:
    Initiative.objects.filter(pk=initiative.pk).update(latitude=latitude, longitude=longitude)
    initiative_index_invalidate()  # an update() sends no signal


def api_slugs(api: APIClient, query: str) -> tuple[list[str], int]:
    response = api.get(f"/api/v1/initiatives?pageSize=100&{query}")
    assert response.status_code == 200, response.content
    body = response.json()
    return [item["slug"] for item in body["results"]], body["total"]


def page_slugs(client: Client, query: str) -> tuple[list[str], int]:
    path = "/zoeken" if "q=" in query else "/initiatieven"
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200
    page = response.context["page_obj"]
    return [initiative.slug for initiative in page], page.paginator.count


QUERIES = [
    "",
    "region=AM22",
    "province=PV20",
    "province=PV28&province=PV20",
    "theme=cybersecurity",
    "theme=data-and-ai&target_group=teachers",
    "goal=initial-education&goal=postinitial-education",
    "kind=campus&kind=fieldlab",
    "partner=havenbedrijf-rotterdam",
    "municipality=gm0599",
    "phase=scaling",
    "sort=newest",
    "sort=start_year&region=AM22",
    "q=rotterdam",
    "q=campus&region=AM22",
    "q=bulk&sort=name",
    "q=zwembad",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_list_selects_what_the_public_list_selects(
    api: APIClient, client: Client, world: World, query: str
) -> None:
    bulk_add(world, 6)

    slugs, total = api_slugs(api, query)

    assert (slugs, total) == page_slugs(client, query)


def test_a_filter_narrows_and_alternatives_widen(api: APIClient, world: World) -> None:
    assert api_slugs(api, "region=AM01") == (["it-academy-noord-nederland"], 1)
    assert api_slugs(api, "kind=campus&kind=fieldlab")[1] == 2
    assert api_slugs(api, "kind=campus&region=AM01") == ([], 0)


def test_drafts_and_archived_initiatives_are_not_public(api: APIClient, world: World) -> None:
    slugs, _total = api_slugs(api, "")

    assert world.draft.slug not in slugs and world.archived.slug not in slugs
    assert api.get(f"/api/v1/initiatives/{world.draft.slug}").status_code == 404
    assert api.get(f"/api/v1/initiatives/{world.archived.slug}").status_code == 404


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("theme=no-such-theme", "theme"),
        ("region=AM99", "region"),
        ("region=am22", "region"),
        ("kind=castle", "kind"),
        ("partner=nobody", "partner"),
        ("partner=not%20a%20slug", "partner"),
        ("municipality=Rotterdam", "municipality"),
        ("sort=random", "sort"),
        ("sort=relevance", "sort"),  # only with search words
        ("q=" + "x" * 201, "q"),
        ("page=0", "page"),
        ("page=two", "page"),
        ("pageSize=101", "pageSize"),
        ("pageSize=-1", "pageSize"),
    ],
)
def test_unknown_values_are_refused_by_name(api: APIClient, world: World, query: str, parameter: str) -> None:
    response = api.get(f"/api/v1/initiatives?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [param["name"] for param in response.json()["invalidParams"]] == [parameter]


def test_empty_values_are_ignored_as_on_the_public_list(api: APIClient, world: World) -> None:
    assert api_slugs(api, "theme=&sort=")[1] == 3


def test_pages_have_links_and_totals(api: APIClient, world: World) -> None:
    bulk_add(world, 30)

    response = api.get("/api/v1/initiatives?theme=data-and-ai&pageSize=10&page=2")

    body = response.json()
    assert (body["total"], body["page"], body["pageSize"], body["pageCount"]) == (30, 2, 10, 3)
    assert [item["name"] for item in body["results"]] == [f"Bulk {number:03d}" for number in range(10, 20)]
    base = "http://testserver/api/v1/initiatives?theme=data-and-ai&pageSize=10"
    assert body["_links"] == {
        "self": {"href": f"{base}&page=2"},
        "first": {"href": base},
        "prev": {"href": base},
        "next": {"href": f"{base}&page=3"},
        "last": {"href": f"{base}&page=3"},
    }
    assert response["X-Total-Count"] == "30"
    assert f'<{base}&page=3>; rel="next"' in response["Link"]


def test_the_last_page_has_no_next_and_the_first_no_prev(api: APIClient, world: World) -> None:
    bulk_add(world, 30)

    first = api.get("/api/v1/initiatives?pageSize=10").json()["_links"]
    last = api.get("/api/v1/initiatives?pageSize=10&page=4").json()["_links"]

    assert "prev" not in first and "next" in first
    assert "next" not in last and "prev" in last


def test_a_page_beyond_the_last_is_not_found(api: APIClient, world: World) -> None:
    response = api.get("/api/v1/initiatives?page=2")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_empty_result_is_one_empty_page(api: APIClient, world: World) -> None:
    body = api.get("/api/v1/initiatives?region=AM01&kind=campus").json()

    assert (body["total"], body["pageCount"], body["results"]) == (0, 1, [])


def test_links_use_https_behind_https(api: APIClient, world: World) -> None:
    body = api.get("/api/v1/initiatives", secure=True).json()

    assert body["_links"]["self"]["href"].startswith("https://")
    assert all(item["url"].startswith("https://") for item in body["results"])


def test_one_initiative_has_its_partners_funding_and_figures(api: APIClient, world: World) -> None:
    body = api.get(f"/api/v1/initiatives/{world.campus.slug}").json()

    assert body["name"] == "IT Campus Rotterdam"
    assert body["fictitious"] is False
    assert body["contactPerson"] == "Anna de Vries"
    assert set(body["themes"]) == {"software-development", "inflow"}
    assert {(partner["organisation"]["slug"], partner["role"]) for partner in body["partners"]} == {
        ("hogeschool-rotterdam", "lead_applicant"),
        ("hogeschool-rotterdam", "knowledge_partner"),
        ("havenbedrijf-rotterdam", "company"),
        ("havenbedrijf-rotterdam", "funder"),
    }
    assert body["fundingLines"][0]["amountPerYear"] == 250000
    assert body["yearlyFigures"][0]["studentsReached"] == 1500
    assert body["labourMarketRegions"][0]["code"] == "AM22"
    assert body["webUrl"] == "http://testserver/initiatieven/it-campus-rotterdam"


# --- GeoJSON ---


def geojson(api: APIClient, query: str = "") -> tuple[Any, dict[str, Any]]:
    response = api.get(f"/api/v1/initiatives.geojson?{query}")
    assert response.status_code == 200, response
    assert response["Content-Type"] == "application/geo+json"
    return response, json.loads(streamed(response))


@pytest.fixture
def located(world: World) -> World:
    locate(world.campus, 51.92, 4.48)
    locate(world.fictitious, 51.915, 4.40)
    locate(world.draft, 51.92, 4.48)
    return world


def test_geojson_has_a_point_per_located_initiative(api: APIClient, located: World) -> None:
    _response, collection = geojson(api)

    assert collection["type"] == "FeatureCollection"
    assert collection["features"] == [
        {
            "type": "Feature",
            "id": "cyberlab-schiedam",
            "geometry": {"type": "Point", "coordinates": [4.4, 51.915]},
            "properties": {
                "slug": "cyberlab-schiedam",
                "name": "Cyberlab Schiedam",
                "kind": "fieldlab",
                "phase": "",
                "fictitious": True,
                "url": "http://testserver/api/v1/initiatives/cyberlab-schiedam",
                "webUrl": "http://testserver/initiatieven/cyberlab-schiedam",
            },
        },
        {
            "type": "Feature",
            "id": "it-campus-rotterdam",
            "geometry": {"type": "Point", "coordinates": [4.48, 51.92]},
            "properties": {
                "slug": "it-campus-rotterdam",
                "name": "IT Campus Rotterdam",
                "kind": "campus",
                "phase": "scaling",
                "fictitious": False,
                "url": "http://testserver/api/v1/initiatives/it-campus-rotterdam",
                "webUrl": "http://testserver/initiatieven/it-campus-rotterdam",
            },
        },
    ]


@pytest.mark.parametrize(
    "query", ["theme=cybersecurity", "q=campus", "kind=campus&sort=newest", "region=AM01"]
)
def test_geojson_takes_the_lists_filters(api: APIClient, client: Client, located: World, query: str) -> None:
    _response, collection = geojson(api, query)

    listed, _total = page_slugs(client, query)
    located_slugs = {"it-campus-rotterdam", "cyberlab-schiedam"}
    assert [feature["id"] for feature in collection["features"]] == [
        slug for slug in listed if slug in located_slugs
    ]


def test_geojson_of_many_initiatives_is_streamed_in_chunks(api: APIClient, world: World) -> None:
    from netwerkkaart.api import initiatives as module

    for number, initiative in enumerate(bulk_add(world, 5)):
        locate(initiative, 52 + number / 100, 5)
    response = api.get("/api/v1/initiatives.geojson")
    original, module.GEOJSON_CHUNK = module.GEOJSON_CHUNK, 2
    try:
        response = api.get("/api/v1/initiatives.geojson")
        chunks = list(cast(Iterable[bytes], cast(StreamingHttpResponse, response).streaming_content))
    finally:
        module.GEOJSON_CHUNK = original

    assert len(chunks) == 2 + 3  # opening, three chunks of at most two features, closing
    assert len(json.loads(b"".join(chunks))["features"]) == 5


def test_geojson_refuses_unknown_filters_as_a_problem(api: APIClient, world: World) -> None:
    response = api.get("/api/v1/initiatives.geojson?theme=unknown")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


# --- facets ---


def test_facets_count_as_on_the_public_list(api: APIClient, world: World) -> None:
    bulk_add(world, 4)

    body = api.get("/api/v1/initiative-facets?region=AM22&theme=data-and-ai").json()

    expected = initiative_facets(
        params=InitiativeFilterParams(labour_market_regions=("AM22",), themes=("data-and-ai",))
    )
    assert body["total"] == expected.total == 4
    counts = {
        (facet["name"], option["value"]): option["count"]
        for facet in body["facets"]
        for option in facet["options"]
    }
    assert counts[("theme", "cybersecurity")] == 1  # the other filters kept, this facet's choice left out
    assert counts[("region", "AM22")] == 4
    assert [facet["name"] for facet in body["facets"]] == [
        "province",
        "region",
        "goal",
        "theme",
        "target_group",
        "level",
        "kind",
        "phase",
        "partner",
    ]
