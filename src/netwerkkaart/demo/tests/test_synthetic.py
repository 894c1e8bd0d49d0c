"""Fictitious initiatives: deterministic, idempotent, marked, and spread over all 35 regions."""

from collections.abc import Callable
from dataclasses import replace

import pytest
from django.conf import settings
from django.db.models import Count

from netwerkkaart.demo.facts import facts_default_path, facts_load, facts_real_name_keys
from netwerkkaart.demo.synthetic import (
    FICTITIOUS_NAME_SUFFIX,
    FICTITIOUS_SUMMARY_PREFIX,
    SYNTHETIC_SOURCE,
    SyntheticDataError,
    SyntheticGenerator,
    synthetic_generate,
    synthetic_regions_load,
)
from netwerkkaart.initiatives.models import FundingLine, Initiative, Partnership, YearlyFigure
from netwerkkaart.organisations.choices import OrganisationKind, SizeClass
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.organisations.services import organisation_name_key
from netwerkkaart.regions.models import Region
from netwerkkaart.regions.selectors import labour_market_region_of

from .conftest import Snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_regions")]

COUNT = 70  # two initiatives in each of the 35 labour-market regions


def _names() -> list[str]:
    return list(Initiative.objects.order_by("slug").values_list("name", flat=True))


def test_every_record_is_fictitious_and_marked() -> None:
    synthetic_generate(count=COUNT, seed=7)

    initiatives = Initiative.objects.all()
    assert initiatives.count() == COUNT
    assert not initiatives.filter(fictitious=False).exists()
    assert all(
        summary.startswith(FICTITIOUS_SUMMARY_PREFIX)
        for summary in initiatives.values_list("summary", flat=True)
    )
    organisations = Organisation.objects.all()
    assert organisations.exists()
    assert not organisations.filter(fictitious=False).exists()
    assert all(name.endswith(FICTITIOUS_NAME_SUFFIX) for name in organisations.values_list("name", flat=True))
    assert not organisations.exclude(kvk_number="").exists()
    assert all(".example" in url for url in organisations.values_list("website", flat=True))
    assert set(YearlyFigure.objects.values_list("source", flat=True)) == {SYNTHETIC_SOURCE}


def test_initiatives_are_spread_over_all_35_labour_market_regions_in_their_municipalities() -> None:
    synthetic_generate(count=COUNT, seed=7)

    served = Region.objects.labour_market_regions().annotate(n=Count("initiatives_served"))
    assert served.count() == 35
    assert {region.code: region.n for region in served} == {region.code: 2 for region in served}
    for initiative in Initiative.objects.select_related("municipality"):
        assert initiative.municipality is not None
        assert labour_market_region_of(municipality=initiative.municipality) == (
            initiative.regions_served.get()
        )
        assert initiative.latitude is not None and initiative.municipality.latitude is not None
        assert abs(initiative.latitude - initiative.municipality.latitude) <= 0.021


def test_the_same_seed_gives_the_same_data_and_a_rerun_changes_nothing(
    database_snapshot: Callable[[], Snapshot],
) -> None:
    first = synthetic_generate(count=COUNT, seed=7)
    before = database_snapshot()

    again = synthetic_generate(count=COUNT, seed=7)

    assert (again.initiatives_created, again.initiatives_existing) == (0, COUNT)
    assert again.rows_created == 0
    assert database_snapshot() == before
    assert first.initiatives_created == COUNT


def test_a_larger_count_extends_the_data_without_rewriting_it(
    database_snapshot: Callable[[], Snapshot],
) -> None:
    synthetic_generate(count=40, seed=7)
    before = database_snapshot()

    report = synthetic_generate(count=COUNT, seed=7)

    after = database_snapshot()
    assert report.initiatives_created == COUNT - 40
    for table, rows in before.items():
        kept = [row for row in after[table] if row in rows]
        assert kept == rows, table


def _clear() -> None:
    Initiative.objects.all().delete()
    Organisation.objects.all().delete()


def test_the_generated_names_and_counts_depend_only_on_the_seed() -> None:
    synthetic_generate(count=COUNT, seed=7)
    names_7 = _names()
    counts_7 = (Organisation.objects.count(), Partnership.objects.count(), FundingLine.objects.count())
    _clear()

    synthetic_generate(count=COUNT, seed=7)
    assert _names() == names_7
    assert (
        Organisation.objects.count(),
        Partnership.objects.count(),
        FundingLine.objects.count(),
    ) == counts_7
    _clear()

    synthetic_generate(count=COUNT, seed=8)
    assert Initiative.objects.count() == COUNT
    assert _names() != names_7


def test_the_partnership_total_is_exact_for_an_even_count() -> None:
    report = synthetic_generate(count=COUNT, seed=3, partnerships_per_initiative=10)

    assert report.partnerships_created == Partnership.objects.count() == 10 * COUNT


def test_organisations_are_mostly_small_companies_and_partners_stay_in_their_region() -> None:
    synthetic_generate(count=COUNT, seed=7)

    companies = Organisation.objects.filter(kind=OrganisationKind.COMPANY)
    assert companies.filter(size_class=SizeClass.SME).count() > 0.8 * companies.count()
    mismatches = [
        p
        for p in Partnership.objects.select_related("organisation__municipality", "initiative")
        if p.organisation.municipality is not None
        and labour_market_region_of(municipality=p.organisation.municipality)
        != p.initiative.regions_served.first()
    ]
    assert mismatches == []


def test_records_are_valid_for_the_models() -> None:
    synthetic_generate(count=COUNT, seed=11)

    for model in (Initiative, Organisation, Partnership, FundingLine, YearlyFigure):
        for record in model._default_manager.all()[:200]:
            record.full_clean()


def _base_key(name: str) -> str:
    return organisation_name_key(name.removesuffix(FICTITIOUS_NAME_SUFFIX))


def test_no_real_name_is_reused() -> None:
    facts = facts_default_path(settings.REFERENCE_DATA_DIR)
    facts_load(path=facts)
    real = facts_real_name_keys(path=facts)
    assert {"gemeente rotterdam", "hogeschool rotterdam", "it campus rotterdam"} <= real

    synthetic_generate(count=COUNT, seed=5, exclude_names=real)

    for model in (Initiative, Organisation):
        fictitious = model._default_manager.filter(fictitious=True).values_list("name", flat=True)
        assert not {_base_key(name) for name in fictitious} & real


def test_a_real_organisation_name_is_never_generated() -> None:
    rijnmond = next(r for r in synthetic_regions_load() if r.code == "AM22")
    rotterdam = next(p for p in rijnmond.places if p.name == "Rotterdam")
    only_rotterdam = replace(rijnmond, index=0, places=(rotterdam,))
    generator = SyntheticGenerator(seed=5, regions=[only_rotterdam], exclude_names=["gemeente Rotterdam"])

    names = [generator.organisation(0, local).name for local in range(400)]

    assert "Gemeente Rotterdam Demo (fictief)" in names
    assert "Gemeente Rotterdam (fictief)" not in names


def test_a_generated_name_that_is_real_is_changed() -> None:
    regions = synthetic_regions_load()
    taken = SyntheticGenerator(seed=5, regions=regions).initiative(0).name

    renamed = SyntheticGenerator(seed=5, regions=regions, exclude_names=[taken]).initiative(0).name

    assert organisation_name_key(renamed) != organisation_name_key(taken)
    assert renamed.startswith(taken)


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(SyntheticDataError):
        synthetic_generate(count=-1, seed=1)
