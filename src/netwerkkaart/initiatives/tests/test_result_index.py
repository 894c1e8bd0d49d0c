"""The result index agrees with the database, follows every change, and costs a fixed number of queries."""

import random
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from netwerkkaart.core.models import DataVersion
from netwerkkaart.core.selectors import data_versions_get
from netwerkkaart.demo.synthetic import synthetic_generate
from netwerkkaart.initiatives import result_index
from netwerkkaart.initiatives.choices import InitiativeKind, Phase, PublicationStatus
from netwerkkaart.initiatives.models import Initiative, Partnership, Theme
from netwerkkaart.initiatives.result_index import (
    BUILD_QUERIES,
    INDEX_DATA_KEY,
    initiative_index,
    initiative_index_invalidate,
)
from netwerkkaart.initiatives.selectors import (
    FACET_NAMES,
    InitiativeFilterParams,
    InitiativeSort,
    _largest,
    initiative_facets,
    initiative_filter,
)
from netwerkkaart.initiatives.services import initiative_update
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region, RegionMembership
from netwerkkaart.regions.selectors import REGIONS_DATA_KEY
from netwerkkaart.regions.services import reference_data_import
from netwerkkaart.search.analysis import sort_name

from .factories import InitiativeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_regions")]

COUNT = 120


@pytest.fixture
def generated() -> None:
    synthetic_generate(count=COUNT, seed=11)


def _published() -> Any:
    return Initiative.objects.published()


def _in_region(region: Region) -> set[int]:
    """Published initiatives whose main place, a region they serve, or a municipality they serve lies in
    the region, written plainly in SQL (the index derives the same in memory)."""
    members = RegionMembership.objects.filter(parent=region).values("municipality")
    served = Initiative.regions_served.through.objects.filter(Q(region=region) | Q(region__in=members))
    found = _published().filter(Q(pk__in=served.values("initiative_id")) | Q(municipality__in=members))
    return set(found.values_list("pk", flat=True))


def _reference_ids(params: InitiativeFilterParams) -> set[int]:
    """The same filter written plainly against the database, one facet at a time."""
    ids = set(_published().values_list("pk", flat=True))
    for name, kind in (
        ("provinces", RegionKind.PROVINCE),
        ("labour_market_regions", RegionKind.LABOUR_MARKET_REGION),
    ):
        if codes := getattr(params, name):
            inside: set[int] = set()
            for region in Region.objects.current().of_kind(kind).filter(code__in=codes):
                inside |= _in_region(region)
            ids &= inside
    for name in ("goals", "themes", "target_groups", "education_levels"):
        if slugs := getattr(params, name):
            ids &= set(_published().filter(**{f"{name}__slug__in": slugs}).values_list("pk", flat=True))
    if params.kinds:
        ids &= set(_published().filter(kind__in=params.kinds).values_list("pk", flat=True))
    if params.phases:
        ids &= set(_published().filter(phase__in=params.phases).values_list("pk", flat=True))
    if params.partners:
        partnered = Partnership.objects.filter(organisation__slug__in=params.partners)
        ids &= set(partnered.values_list("initiative_id", flat=True))
    return ids


def _with(params: InitiativeFilterParams, name: str, values: tuple[str, ...]) -> InitiativeFilterParams:
    changed: dict[str, Any] = {name: values}
    return replace(params, **changed)


def _random_params(rng: random.Random) -> InitiativeFilterParams:
    def some(values: list[str]) -> tuple[str, ...]:
        return tuple(rng.sample(values, rng.choice([0, 0, 1, 2])))

    partners = list(
        Organisation.objects.filter(partnerships__isnull=False).values_list("slug", flat=True)[:30]
    )
    return InitiativeFilterParams(
        provinces=some(
            list(Region.objects.current().of_kind(RegionKind.PROVINCE).values_list("code", flat=True))
        ),
        labour_market_regions=some(
            list(
                Region.objects.current()
                .of_kind(RegionKind.LABOUR_MARKET_REGION)
                .values_list("code", flat=True)
            )
        ),
        themes=some(list(Theme.objects.values_list("slug", flat=True))),
        kinds=some(list(InitiativeKind.values)),
        phases=some(list(Phase.values)),
        partners=some(partners),
    )


@pytest.mark.usefixtures("generated")
def test_filtered_results_match_the_database_for_many_filter_states() -> None:
    rng = random.Random(5)
    for _ in range(40):
        params = _random_params(rng)

        found = initiative_filter(params=params)

        assert set(found.ids.tolist()) == _reference_ids(params), params


@pytest.mark.usefixtures("generated")
def test_every_facet_count_is_the_number_of_results_a_click_would_give() -> None:
    rng = random.Random(8)
    for _ in range(3):
        params = _random_params(rng)
        facets = initiative_facets(params=params)
        assert facets.total == len(_reference_ids(params))
        for facet in facets.facets:
            for option in facet.options:
                # The other filters, and this option instead of the facet's own choice.
                clicked = _with(params, facet.name, (option.value,))
                assert option.count == len(_reference_ids(clicked)), (facet.name, option.value, params)


@pytest.mark.usefixtures("generated")
def test_orders_break_ties_by_folded_name_then_id() -> None:
    published = list(_published().values("pk", "name", "start_year", "published_at"))

    by_name = initiative_filter(params=InitiativeFilterParams()).ids.tolist()
    by_year = initiative_filter(params=InitiativeFilterParams(sort=InitiativeSort.START_YEAR)).ids.tolist()
    newest = initiative_filter(params=InitiativeFilterParams(sort=InitiativeSort.NEWEST)).ids.tolist()

    def name_key(row: dict[str, Any]) -> tuple[str, int]:
        return sort_name(row["name"]), row["pk"]

    assert by_name == [row["pk"] for row in sorted(published, key=name_key)]
    assert by_year == [
        row["pk"]
        for row in sorted(
            published, key=lambda row: (row["start_year"] is None, row["start_year"] or 0, name_key(row))
        )
    ]
    assert newest == [
        row["pk"]
        for row in sorted(
            published,
            key=lambda row: (
                row["published_at"] is None,
                -(row["published_at"].timestamp() if row["published_at"] else 0),
                name_key(row),
            ),
        )
    ]


def test_every_kind_of_change_reaches_the_index() -> None:
    def names() -> list[str]:
        return sorted(
            initiative.name for initiative in initiative_filter(params=InitiativeFilterParams())[:50]
        )

    initiative = InitiativeFactory.create(name="Datalab Twente", published=True)
    assert names() == ["Datalab Twente"]

    initiative_update(initiative=initiative, name="Datalab Enschede")
    assert names() == ["Datalab Enschede"]

    theme = Theme.objects.get(slug="cybersecurity")
    initiative.themes.add(theme)
    assert initiative_facets(params=InitiativeFilterParams(themes=("cybersecurity",))).total == 1
    initiative.themes.remove(theme)
    assert initiative_facets(params=InitiativeFilterParams(themes=("cybersecurity",))).total == 0

    initiative.status = PublicationStatus.ARCHIVED
    initiative.save()
    assert names() == []

    # Bulk writes send no signals: their callers mark the change themselves.
    Initiative.objects.filter(pk=initiative.pk).update(status=PublicationStatus.PUBLISHED)
    initiative_index_invalidate()
    assert names() == ["Datalab Enschede"]

    initiative.delete()
    assert names() == []


def test_a_region_import_marks_the_index_stale() -> None:
    before = data_versions_get(keys=[REGIONS_DATA_KEY])

    reference_data_import(data_dir=settings.REFERENCE_DATA_DIR)

    assert data_versions_get(keys=[REGIONS_DATA_KEY]) != before


def test_a_synthetic_load_marks_the_index_stale() -> None:
    before = data_versions_get(keys=[INDEX_DATA_KEY])

    synthetic_generate(count=2, seed=3)

    assert data_versions_get(keys=[INDEX_DATA_KEY]) != before
    assert initiative_facets(params=InitiativeFilterParams()).total == _published().count()


@pytest.mark.usefixtures("generated")
def test_a_current_index_costs_one_query_and_a_rebuild_a_fixed_number() -> None:
    initiative_index_invalidate()
    with CaptureQueriesContext(connection) as rebuild:
        initiative_index()
    with CaptureQueriesContext(connection) as current:
        initiative_index()

    assert len(rebuild) == 1 + BUILD_QUERIES
    assert len(current) == 1


def test_without_a_token_nothing_is_kept() -> None:
    InitiativeFactory.create(name="Eerste", published=True)

    DataVersion.objects.all().delete()
    assert initiative_index().size == 1
    published = PublicationStatus.PUBLISHED
    Initiative.objects.bulk_create([Initiative(name="Tweede", slug="tweede", status=published)])

    assert initiative_index().size == 2


def test_while_another_thread_rebuilds_the_old_index_answers() -> None:
    InitiativeFactory.create(name="Eerste", published=True)
    old = initiative_index()
    InitiativeFactory.create(name="Tweede", published=True)

    result_index._lock.acquire()  # as if another thread were rebuilding
    try:
        assert initiative_index() is old
    finally:
        result_index._lock.release()

    assert initiative_index().size == 2


def test_facets_cover_every_public_facet() -> None:
    InitiativeFactory.create(name="Eerste", published=True)

    facets = initiative_facets(params=InitiativeFilterParams())

    assert [facet.name for facet in facets.facets] == list(FACET_NAMES)
    assert facets.total == 1
    assert not Initiative.objects.filter(~Q(status=PublicationStatus.PUBLISHED)).exists()


@pytest.mark.parametrize(
    ("counts", "size", "expected"),
    [
        ([0, 3, 1, 3, 0, 2], 3, [1, 3, 5]),
        ([1, 1, 1, 1], 2, [0, 1]),
        ([0, 2, 0], 5, [1]),
        ([5, 0, 0, 0, 0, 0], 2, [0]),
        ([2, 4, 2, 4, 2], 3, [1, 3, 0]),
    ],
)
def test_the_largest_counts_break_ties_on_the_lowest_position(
    counts: list[int], size: int, expected: list[int]
) -> None:
    assert _largest(np.array(counts, dtype=np.int64), size).tolist() == expected
