"""Every list endpoint runs a fixed number of SQL queries, whatever the number of rows on its page."""

import pytest
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from netwerkkaart.initiatives.choices import PartnershipRole
from netwerkkaart.initiatives.models import Goal, Theme
from netwerkkaart.initiatives.result_index import initiative_index
from netwerkkaart.initiatives.services import initiative_create, initiative_publish, partnership_add
from netwerkkaart.organisations.choices import OrganisationKind
from netwerkkaart.organisations.services import organisation_create
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region

from .conftest import World, streamed

pytestmark = pytest.mark.django_db

# Endpoint -> queries. Initiatives: the filter form's choices (regions and four taxonomies: 5), the
# result index's token (1), the page's rows with municipality and labour-market regions (3) and the
# page's terms (4). The others: a count and the page's rows (with their related records joined).
QUERIES = {
    "/api/v1/initiatives?pageSize=100": 13,
    "/api/v1/initiatives?pageSize=100&theme=data-and-ai&theme=cybersecurity&region=AM22": 13,
    # Three more: the search word's two vocabulary lookups and the ranking (ADR 6).
    "/api/v1/initiatives?pageSize=100&q=rotterdam": 16,
    "/api/v1/initiatives.geojson?region=AM22": 6,  # no rows read: the points come from the index
    "/api/v1/initiative-facets?region=AM22": 7,  # the selection's, and the partner names
    "/api/v1/organisations?pageSize=100": 2,
    "/api/v1/partnerships?pageSize=100": 2,
    "/api/v1/regions?pageSize=100": 2,
    "/api/v1/themes?pageSize=100": 2,
    "/api/v1/goals?pageSize=100": 2,
}


def more_rows(world: World, count: int) -> None:
    """``count`` more initiatives (in Rotterdam), each with its own partner, municipality and terms."""
    for number in range(count):
        municipality = Region.objects.create(
            kind=RegionKind.MUNICIPALITY, code=f"GM9{number:03d}", name=f"Plaats {number}", year=2026
        )
        theme = Theme.objects.create(
            slug=f"theme-{number}", name_nl=f"Thema {number}", name_en=f"Theme {number}"
        )
        goal = Goal.objects.create(slug=f"goal-{number}", name_nl=f"Doel {number}", name_en=f"Goal {number}")
        initiative = initiative_create(
            name=f"Rotterdam initiative {number:02d}",
            municipality=world.rotterdam,
            regions_served=[world.rijnmond, municipality],
            themes=[theme, *Theme.objects.filter(slug="data-and-ai")],
            goals=[goal],
            fictitious=number % 2 == 0,
        )
        organisation = organisation_create(name=f"Partner {number}", kind=OrganisationKind.COMPANY)
        partnership_add(initiative=initiative, organisation=organisation, role=PartnershipRole.COMPANY)
        initiative_publish(initiative=initiative)


@pytest.mark.parametrize("extra", [0, 27])
def test_every_list_takes_a_fixed_number_of_queries(
    api: APIClient, world: World, django_assert_num_queries: DjangoAssertNumQueries, extra: int
) -> None:
    """With the world's 3 initiatives and with 27 more on the page: the same counts."""
    more_rows(world, extra)
    initiative_index()  # warm the result index: its rebuild after a change is a fixed cost of its own

    for path, expected in QUERIES.items():
        with django_assert_num_queries(expected, info=path):
            response = api.get(path)
            if response.streaming:
                streamed(response)
        assert response.status_code == 200, path
