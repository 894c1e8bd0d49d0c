"""The generator itself: pure functions of the seed and the regions, and the fallback regions."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from netwerkkaart.demo.synthetic import (
    FICTITIOUS_SUMMARY_PREFIX,
    Place,
    RegionContext,
    SyntheticGenerator,
    synthetic_generate,
)
from netwerkkaart.initiatives.models import Initiative
from netwerkkaart.regions.models import Region
from netwerkkaart.regions.services import fallback_regions_ensure

REGIONS = [
    RegionContext(
        index=index,
        region_id=index + 1,
        code=f"AM{index + 1:02d}",
        name=f"Regio {index + 1}",
        places=(
            Place(f"Stad {index}a", 100 + index, 52.0 + index / 100, 5.0),
            Place(f"Stad {index}b", 200 + index, 51.5, 5.5 + index / 100),
        ),
    )
    for index in range(35)
]


def test_the_same_seed_gives_the_same_initiatives_and_organisations() -> None:
    first = SyntheticGenerator(seed=42, regions=REGIONS)
    second = SyntheticGenerator(seed=42, regions=REGIONS)

    assert [first.initiative(i) for i in range(100)] == [second.initiative(i) for i in range(100)]
    assert first.organisation(3, 17) == second.organisation(3, 17)


def test_another_seed_gives_other_initiatives() -> None:
    names_1 = [SyntheticGenerator(seed=1, regions=REGIONS).initiative(i).name for i in range(100)]
    names_2 = [SyntheticGenerator(seed=2, regions=REGIONS).initiative(i).name for i in range(100)]

    assert sum(a != b for a, b in zip(names_1, names_2, strict=True)) > 50


def test_initiatives_go_round_the_regions() -> None:
    generator = SyntheticGenerator(seed=1, regions=REGIONS)

    assert [generator.initiative(i).region_index for i in range(70)] == list(range(35)) * 2


@pytest.mark.parametrize("mean", [3.0, 6.0, 10.0, 7.5])
def test_partner_counts_vary_but_add_up_exactly(mean: float) -> None:
    generator = SyntheticGenerator(seed=9, regions=REGIONS, partnerships_per_initiative=mean)

    counts = [generator.partner_count(i) for i in range(1000)]

    assert sum(counts) == int(1000 * mean)
    assert len(set(counts)) > 2
    assert sum(len(generator.initiative(i).partners) for i in range(200)) == int(200 * mean)


def test_every_initiative_has_one_lead_and_distinct_partners() -> None:
    generator = SyntheticGenerator(seed=4, regions=REGIONS, partnerships_per_initiative=10)

    for index in range(300):
        spec = generator.initiative(index)
        organisations = [local for local, _role in spec.partners]
        assert len(organisations) == len(set(organisations))
        assert [role for _local, role in spec.partners].count("lead_applicant") == 1
        assert spec.summary.startswith(FICTITIOUS_SUMMARY_PREFIX)
        assert spec.end_year is None or spec.end_year >= spec.start_year
        for figure in spec.figures:
            assert figure.smes <= figure.companies
            assert figure.year <= 2025
        for line in spec.funding:
            assert line.start_year <= line.end_year == line.end_date.year


def test_some_funding_ends_soon() -> None:
    generator = SyntheticGenerator(seed=1, regions=REGIONS)

    end_years = [line.end_year for i in range(500) for line in generator.initiative(i).funding]

    assert 0.1 < sum(year in (2026, 2027) for year in end_years) / len(end_years) < 0.6


@pytest.mark.django_db
def test_with_only_the_fallback_regions_initiatives_lie_in_the_region_itself() -> None:
    fallback_regions_ensure()
    assert not Region.objects.municipalities().exists()

    report = synthetic_generate(count=35, seed=1)

    assert (report.initiatives_created, report.with_municipalities) == (35, False)
    for initiative in Initiative.objects.all():
        region = initiative.regions_served.get()
        assert initiative.municipality is None
        assert initiative.place == region.name
        if region.latitude is None:
            assert initiative.latitude is None
        else:
            assert initiative.latitude is not None
            assert abs(initiative.latitude - region.latitude) <= 0.021
    codes = Initiative.objects.values_list("regions_served__code", flat=True)
    assert len(set(codes)) == 35


@pytest.mark.django_db
def test_the_command_asks_for_regions_when_there_are_none() -> None:
    with pytest.raises(CommandError) as error:
        call_command("load_demo", "--no-facts", "--synthetic", "5", stdout=StringIO())

    assert "import_regions" in str(error.value)
    assert not Initiative.objects.exists()
