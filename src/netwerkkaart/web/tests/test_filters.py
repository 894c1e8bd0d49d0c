"""The filtered list of initiatives: facet counts, the filter state in the URL, sorting, pagination."""

import re
from dataclasses import dataclass

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from netwerkkaart.initiatives.choices import InitiativeKind, PartnershipRole, Phase
from netwerkkaart.initiatives.forms import InitiativeFilterForm
from netwerkkaart.initiatives.models import Initiative, TargetGroup, Theme
from netwerkkaart.initiatives.result_index import BUILD_QUERIES
from netwerkkaart.initiatives.selectors import (
    Facets,
    InitiativeFilterParams,
    InitiativeSort,
    initiative_facets,
    initiative_filter,
)
from netwerkkaart.initiatives.services import initiative_create, initiative_publish, partnership_add

from .conftest import World, published

pytestmark = pytest.mark.django_db


@dataclass
class Filtered:
    world: World
    lifelong: Initiative
    women: Initiative
    served: Initiative


@pytest.fixture
def filtered(world: World) -> Filtered:
    """Six published initiatives: the world's three and these three.

    Rijnmond (AM22): campus, fictitious (cybersecurity), women (cybersecurity, women in ICT) and served
    (its place lies in Groningen, but it serves Rijnmond). Groningen (AM01): academy, lifelong, served.
    """
    lifelong = initiative_create(
        name="Leven Lang Leren Groningen",
        kind=InitiativeKind.RETRAINING_PROGRAMME,
        start_year=2020,
        municipality=world.groningen,
        themes=Theme.objects.filter(slug="lifelong-learning"),
        target_groups=TargetGroup.objects.filter(slug="working-professionals"),
    )
    partnership_add(initiative=lifelong, organisation=world.school, role=PartnershipRole.EDUCATION_PARTNER)
    published(lifelong, 5)
    women = initiative_create(
        name="Women in Tech Schiedam",
        kind=InitiativeKind.CAMPUS,
        phase=Phase.SCALING,
        start_year=2015,
        municipality=world.schiedam,
        themes=Theme.objects.filter(slug__in=["women-in-ict", "cybersecurity"]),
    )
    partnership_add(initiative=women, organisation=world.company, role=PartnershipRole.COMPANY)
    published(women, 6)
    served = initiative_create(
        name="Noord helpt Rijnmond",
        kind=InitiativeKind.REGIONAL_NETWORK,
        municipality=world.groningen,
        regions_served=[world.rijnmond],
        themes=Theme.objects.filter(slug="lifelong-learning"),
    )
    published(served, 7)
    return Filtered(world=world, lifelong=lifelong, women=women, served=served)


def counts(facets: Facets, name: str) -> dict[str, int]:
    facet = next(facet for facet in facets.facets if facet.name == name)
    return {option.value: option.count for option in facet.options if option.count}


def names(params: InitiativeFilterParams) -> list[str]:
    return [initiative.name for initiative in initiative_filter(params=params)]


def test_without_filters_every_published_initiative_is_counted(filtered: Filtered) -> None:
    facets = initiative_facets(params=InitiativeFilterParams())

    assert facets.total == 6
    assert counts(facets, "labour_market_regions") == {"AM22": 4, "AM01": 3}
    assert counts(facets, "provinces") == {"PV28": 3, "PV20": 3}
    assert counts(facets, "themes") == {
        "lifelong-learning": 2,
        "women-in-ict": 1,
        "cybersecurity": 2,
        "software-development": 1,
        "inflow": 1,
    }
    assert counts(facets, "kinds") == {
        "campus": 2,
        "fieldlab": 1,
        "retraining_programme": 2,
        "regional_network": 1,
    }
    assert counts(facets, "phases") == {"scaling": 2}
    assert counts(facets, "goals") == {"initial-education": 1, "innovation": 1, "postinitial-education": 1}
    assert counts(facets, "target_groups") == {"mbo-students": 1, "working-professionals": 1}
    # The campus has the school in two roles: it counts once.
    world = filtered.world
    assert counts(facets, "partners") == {
        world.school.slug: 2,
        world.company.slug: 2,
        world.fictitious_company.slug: 1,
    }


def test_each_facet_counts_with_the_other_facets_applied(filtered: Filtered) -> None:
    params = InitiativeFilterParams(themes=("cybersecurity",), labour_market_regions=("AM22",))

    facets = initiative_facets(params=params)

    assert facets.total == 2
    assert names(params) == ["Cyberlab Schiedam", "Women in Tech Schiedam"]
    # Themes: counted over Rijnmond only (the theme filter itself left out).
    assert counts(facets, "themes") == {
        "lifelong-learning": 1,
        "women-in-ict": 1,
        "cybersecurity": 2,
        "software-development": 1,
        "inflow": 1,
    }
    # Regions: counted over the cybersecurity initiatives only.
    assert counts(facets, "labour_market_regions") == {"AM22": 2}
    assert counts(facets, "kinds") == {"campus": 1, "fieldlab": 1}
    assert counts(facets, "partners") == {
        filtered.world.company.slug: 1,
        filtered.world.fictitious_company.slug: 1,
    }
    selected = {option.value for facet in facets.facets for option in facet.options if option.selected}
    assert selected == {"cybersecurity", "AM22"}


def test_values_within_a_facet_are_alternatives_and_facets_combine(filtered: Filtered) -> None:
    either = InitiativeFilterParams(themes=("cybersecurity", "lifelong-learning"))
    both = InitiativeFilterParams(
        themes=("cybersecurity", "lifelong-learning"), labour_market_regions=("AM01",)
    )

    assert len(names(either)) == 4
    assert names(both) == ["Leven Lang Leren Groningen", "Noord helpt Rijnmond"]
    assert initiative_facets(params=both).total == 2


def test_the_neglected_themes_are_shortcuts(filtered: Filtered) -> None:
    facets = initiative_facets(params=InitiativeFilterParams(labour_market_regions=("AM22",)))

    assert [(option.value, option.count) for option in facets.shortcuts] == [
        ("lifelong-learning", 1),
        ("women-in-ict", 1),
    ]


def test_a_partner_filter_finds_its_initiatives_and_stays_listed(filtered: Filtered) -> None:
    school = filtered.world.school.slug
    params = InitiativeFilterParams(partners=(school,))

    facets = initiative_facets(params=params)

    assert names(params) == ["IT Campus Rotterdam", "Leven Lang Leren Groningen"]
    partner = next(facet for facet in facets.facets if facet.name == "partners")
    assert any(option.value == school and option.selected for option in partner.options)


@pytest.mark.parametrize(
    ("sort", "first"),
    [
        (InitiativeSort.NAME, "Cyberlab Schiedam"),
        (InitiativeSort.START_YEAR, "Women in Tech Schiedam"),
        (InitiativeSort.NEWEST, "Noord helpt Rijnmond"),
    ],
)
def test_sorting(filtered: Filtered, sort: str, first: str) -> None:
    assert names(InitiativeFilterParams(sort=sort))[0] == first


def test_the_form_drops_unknown_values() -> None:
    form = InitiativeFilterForm(
        {"theme": ["cybersecurity", "no-such-theme"], "kind": ["nope"], "sort": "sideways", "partner": ["x"]}
    )

    params = form.params()

    assert params.themes == ("cybersecurity",)
    assert params.kinds == ()
    assert params.partners == ()
    assert params.sort == InitiativeSort.NAME


def test_unknown_values_in_the_url_are_ignored(client: Client, filtered: Filtered) -> None:
    response = client.get(
        "/initiatieven?theme=bestaat-niet&kind=nope&province=PV99&sort=x&page=abc&partner=%00"
    )

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 6


def test_the_filter_state_round_trips_through_the_url(client: Client, filtered: Filtered) -> None:
    response = client.get("/initiatieven?theme=cybersecurity&region=AM22&sort=start_year")
    html = response.content.decode()

    assert response.context["params"] == InitiativeFilterParams(
        themes=("cybersecurity",), labour_market_regions=("AM22",), sort="start_year"
    )
    assert re.search(r'name="theme"\s+value="cybersecurity"[^>]*checked', html)
    assert re.search(r'name="region"\s+value="AM22"[^>]*checked', html)
    assert not re.search(r'name="region"\s+value="AM01"[^>]*checked', html)
    assert re.search(r'<option value="start_year"\s+selected>', html)
    assert [row.name for row in response.context["page_obj"]] == [
        "Women in Tech Schiedam",
        "Cyberlab Schiedam",
    ]


@pytest.mark.parametrize(
    ("code", "query"),
    [("GM0606", "municipality=GM0606"), ("AM22", "region=AM22"), ("PV28", "province=PV28"), ("NL", "")],
)
def test_a_region_page_links_to_the_same_initiatives_in_the_list_and_on_the_map(
    client: Client, filtered: Filtered, code: str, query: str
) -> None:
    region_page = client.get(f"/regio/{code}")
    suffix = f"?{query}" if query else ""
    html = region_page.content.decode()

    assert f'href="/initiatieven{suffix}"' in html
    assert f'href="/kaart{suffix}"' in html
    listed = client.get(f"/initiatieven{suffix}")
    assert listed.context["page_obj"].paginator.count == region_page.context["page_obj"].paginator.count


def test_a_municipality_filter_is_kept_while_other_filters_change(client: Client, filtered: Filtered) -> None:
    response = client.get("/initiatieven?municipality=gm0606&theme=cybersecurity")
    html = response.content.decode()

    assert sorted(row.name for row in response.context["page_obj"]) == [
        "Cyberlab Schiedam",
        "Women in Tech Schiedam",
    ]
    assert '<input type="hidden" name="municipality" value="GM0606">' in html
    assert 'href="?theme=cybersecurity"' in html  # removes the municipality, keeps the rest


def test_the_form_works_without_javascript(client: Client, filtered: Filtered) -> None:
    html = client.get("/initiatieven").content.decode()

    form = re.search(r'<form class="nk-filters"\s+method="get"\s+action="/initiatieven"', html)
    assert form, "a plain GET form to the list itself"
    assert '<button class="nk-button" type="submit">' in html
    assert re.search(r"Cybersecurity\s*<span class=\"nk-facet__count\">\(2\)</span>", html)
    assert re.search(r'href="/initiatieven\?theme=women-in-ict"', html), "the shortcut is a link"


def test_the_result_count_is_in_a_heading_and_a_live_region(client: Client, filtered: Filtered) -> None:
    html = client.get("/en/initiatieven?theme=cybersecurity").content.decode()

    assert re.search(r'<h2 id="results-heading" data-filter-count>\s*2 initiatives\s*</h2>', html)
    assert re.search(r'role="status" data-filter-status>\s*2 initiatives found.\s*</p>', html)


def test_the_filtered_list_is_translated(client: Client, filtered: Filtered) -> None:
    dutch = client.get("/initiatieven").content.decode()
    english = client.get("/en/initiatieven").content.decode()

    assert "Vrouwen in ICT" in dutch
    assert "Women in ICT" in english


def _bulk_add(world: World, count: int) -> None:
    for number in range(count):
        initiative = initiative_create(
            name=f"Bulk {number:03d}",
            municipality=world.rotterdam,
            themes=Theme.objects.filter(slug="data-and-ai"),
            target_groups=TargetGroup.objects.filter(slug="teachers"),
        )
        partnership_add(initiative=initiative, organisation=world.company, role=PartnershipRole.COMPANY)
        initiative_publish(initiative=initiative)


def test_pagination_keeps_the_filters(client: Client, world: World) -> None:
    _bulk_add(world, 30)

    html = client.get("/initiatieven?theme=data-and-ai&sort=newest").content.decode()

    assert 'href="?theme=data-and-ai&amp;sort=newest&amp;page=2"' in html
    second = client.get("/initiatieven?theme=data-and-ai&sort=newest&page=2")
    assert second.context["page_obj"].number == 2
    assert len(second.context["page_obj"].object_list) == 5


@pytest.mark.parametrize("extra", [0, 40])
def test_the_filtered_list_runs_a_fixed_number_of_queries(
    client: Client, world: World, django_assert_num_queries: DjangoAssertNumQueries, extra: int
) -> None:
    _bulk_add(world, extra)

    url = f"/initiatieven?region=AM22&partner={world.company.slug}"
    # After a change the first request rebuilds the result index: a fixed number of queries more.
    with django_assert_num_queries(12 + BUILD_QUERIES):
        client.get(url)
    # The form: regions and terms (5), the partners asked (1); the selection: the index token and the
    # partners' keys (2); the facets: the partner names (1); the page: rows and two prefetches (3).
    with django_assert_num_queries(12):
        response = client.get(url)

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 1 + extra
