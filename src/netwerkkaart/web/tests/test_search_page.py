"""The search page: ranked initiatives and organisations, the list's filters, empty and no results."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netwerkkaart.initiatives.choices import InitiativeKind
from netwerkkaart.initiatives.models import Theme
from netwerkkaart.initiatives.result_index import initiative_index
from netwerkkaart.initiatives.services import initiative_create
from netwerkkaart.search.services import search_index_rebuild

from .conftest import World, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(world: World) -> World:
    for day, (name, kind, municipality, theme) in enumerate(
        [
            ("ICT-opleiding Rijnmond", InitiativeKind.CAMPUS, world.rotterdam, "inflow"),
            ("Digitaal Fryslân", InitiativeKind.REGIONAL_NETWORK, world.groningen, "digital-basic-skills"),
            ("Cybersecurity Academy Schiedam", InitiativeKind.FIELDLAB, world.schiedam, "cybersecurity"),
        ],
        start=10,
    ):
        initiative = initiative_create(
            name=name, kind=kind, municipality=municipality, themes=Theme.objects.filter(slug=theme)
        )
        published(initiative, day)
    search_index_rebuild()
    return world


def initiative_names(client: Client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200
    return [initiative.name for initiative in response.context["page_obj"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("opleidingen", "ICT-opleiding Rijnmond"),
        ("Fryslan", "Digitaal Fryslân"),
        ("cybersecurty", "Cybersecurity Academy Schiedam"),
    ],
)
def test_natural_queries_find_the_expected_initiative(
    client: Client, indexed: World, query: str, expected: str
) -> None:
    assert initiative_names(client, f"/zoeken?q={query}")[0] == expected


def test_organisations_are_found_too(client: Client, indexed: World) -> None:
    response = client.get("/zoeken?q=Havenbedrijf")

    assert [organisation.name for organisation in response.context["organisations"]] == [
        "Havenbedrijf Rotterdam"
    ]
    assert f'href="{indexed.company.get_absolute_url()}"' in response.content.decode()


def test_drafts_are_not_found(client: Client, indexed: World) -> None:
    assert initiative_names(client, "/zoeken?q=secret") == []


def test_the_list_filters_apply_to_the_initiatives_found(client: Client, indexed: World) -> None:
    everything = initiative_names(client, "/zoeken?q=Rotterdam")
    campuses = initiative_names(client, "/zoeken?q=Rotterdam&kind=campus")

    assert "IT Campus Rotterdam" in everything
    assert set(campuses) <= set(everything)
    assert campuses == ["IT Campus Rotterdam"]
    html = client.get("/zoeken?q=Rotterdam&kind=campus").content.decode()
    assert '<input type="hidden" name="q" value="Rotterdam">' in html
    assert re.search(r'name="kind"\s+value="campus"[^>]*checked', html)


def test_results_come_by_relevance_unless_sorted(client: Client, indexed: World) -> None:
    by_relevance = client.get("/zoeken?q=cyber")
    by_name = client.get("/zoeken?q=cyber&sort=name")

    assert by_relevance.context["params"].sort == "relevance"
    names = [initiative.name for initiative in by_name.context["page_obj"]]
    assert names == sorted(names)


def test_an_empty_query_gives_a_helpful_page(client: Client, indexed: World) -> None:
    for path in ("/zoeken", "/zoeken?q=", "/zoeken?q=%20%20", "/en/zoeken"):
        response = client.get(path)
        assert response.status_code == 200
        assert "page_obj" not in response.context
    assert "What can you search for?" in client.get("/en/zoeken").content.decode()


def test_no_results_says_so(client: Client, indexed: World) -> None:
    response = client.get("/en/zoeken?q=zwembad")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Nothing found" in html
    assert "zwembad" in html


def test_odd_queries_do_not_break(client: Client, indexed: World) -> None:
    for query in ("%00", "a" * 1000, "%22%3E%3Cscript%3E", "***", "é"):
        assert client.get(f"/zoeken?q={query}").status_code == 200


def test_every_page_has_a_labelled_search_box_in_the_header(client: Client, indexed: World) -> None:
    for path in ("/", "/en/", "/initiatieven", "/regio", f"/initiatieven/{indexed.campus.slug}"):
        html = client.get(path).content.decode()
        prefix = "/en" if path.startswith("/en") else ""
        assert re.search(rf'<form class="nk-header-search"\s+method="get"\s+action="{prefix}/zoeken"', html)
        assert re.search(r'<label class="nk-visually-hidden"\s+for="site-search">', html)


def test_the_search_page_runs_a_fixed_number_of_queries_whatever_the_number_of_results(
    client: Client, indexed: World
) -> None:
    def cost() -> tuple[int, int]:
        initiative_index()  # rebuilt once per change, in a fixed number of queries (tested with it)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/zoeken?q=rijnmond&kind=campus&theme=inflow")
        return len(queries), response.context["page_obj"].paginator.count

    queries, results = cost()
    for number in range(30):
        initiative = initiative_create(
            name=f"Rijnmond campus {number}",
            kind=InitiativeKind.CAMPUS,
            municipality=indexed.rotterdam,
            themes=Theme.objects.filter(slug="inflow"),
        )
        published(initiative, 20)

    assert results == 1
    assert cost() == (queries, 31)
