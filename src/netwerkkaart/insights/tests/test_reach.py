"""Scale and business reach (ADR 17): growth per initiative, the share of the largest initiatives, and
students reached beside the region's hbo ICT students, honest about DUO's hidden cells."""

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from netwerkkaart.indicators.choices import ProgrammeCategory
from netwerkkaart.indicators.models import Indicator, Observation, ProgrammeClassification
from netwerkkaart.indicators.selectors import HBO_ENROLLED
from netwerkkaart.insights.models import InsightRun, RegionCoverage
from netwerkkaart.insights.selectors import (
    ict_students_get,
    insights_run_latest,
    reach_growth,
    region_coverage_get,
)
from netwerkkaart.insights.services import insights_recompute

from .scenario import AS_OF, Scenario, scenario_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario() -> Scenario:
    created = scenario_create()
    insights_recompute(as_of=AS_OF)
    return created


def test_growth_per_initiative_from_first_to_latest_year(scenario: Scenario) -> None:
    figures = scenario.initiatives["Omscholing ICT Rijnmond"].yearly_figures.all()
    growth = {row.measure: row for row in reach_growth(figures)}

    # 2025 is reported by two sources: the highest figure counts (20 companies, 80 students).
    companies = growth["companies"]
    assert (companies.first_year, companies.first, companies.latest_year, companies.latest) == (
        2024,
        10,
        2025,
        20,
    )
    assert companies.percentage == 100
    assert growth["students_reached"].percentage == 60
    # One year only: no growth to show.
    assert reach_growth(scenario.initiatives["Zij-instroomacademie Rijnmond"].yearly_figures.all()) == []


def test_the_largest_initiatives_share_of_the_regions_companies(scenario: Scenario) -> None:
    coverage = _rijnmond()
    assert (coverage.top_count, coverage.top_companies, coverage.companies_involved) == (2, 50, 50)
    assert coverage.top_share == 100


def _rijnmond() -> RegionCoverage:
    run = insights_run_latest()
    assert isinstance(run, InsightRun)
    coverage = region_coverage_get(run=run, code="AM91")
    assert coverage is not None
    return coverage


def _duo(scenario: Scenario) -> None:
    hbo = Indicator.objects.create(
        code=HBO_ENROLLED,
        name_nl="Ingeschreven hbo",
        name_en="Enrolled hbo",
        unit_nl="studenten",
        unit_en="students",
        source="DUO",
        licence="CC0",
        suppression_max=4,
    )
    codes = {}
    for category, code in ((ProgrammeCategory.HARD_ICT, "99001"), (ProgrammeCategory.HYBRID_ICT, "99002")):
        ProgrammeClassification.objects.update_or_create(
            programme_code=code, defaults={"name": f"Test {category}", "category": category}
        )
        codes[category] = code
    rows = [
        (2023, codes[ProgrammeCategory.HARD_ICT], Decimal(100), False),
        (2024, codes[ProgrammeCategory.HARD_ICT], Decimal(120), False),
        (2024, codes[ProgrammeCategory.HYBRID_ICT], Decimal(80), False),
        (2024, codes[ProgrammeCategory.HYBRID_ICT], None, True),  # "<5": hidden, never a number
    ]
    for row, (year, code, value, suppressed) in enumerate(rows, start=1):
        Observation.objects.create(
            indicator=hbo,
            region=scenario.regions["Rijnmond"],
            year=year,
            programme_code=code,
            institution_code=f"B{row}",
            value=value,
            suppressed=suppressed,
            source_file="test.csv",
            source_row=row,
        )


def test_students_reached_beside_the_hbo_ict_students(
    scenario: Scenario, django_assert_max_num_queries: Any
) -> None:
    coverage = _rijnmond()
    assert ict_students_get(coverage=coverage) is None  # not loaded: nothing to compare with
    _duo(scenario)

    with django_assert_max_num_queries(4):
        found = ict_students_get(coverage=coverage)

    assert found is not None and found.year == 2024
    assert found.total.known_total == 200 and found.total.is_lower_bound
    assert found.total.display("nl") == "ten minste 200"
    assert found.reached == 180 and found.percentage == 90 and found.percentage_is_upper_bound


def test_the_region_page_shows_reach_against_ict_students(
    client: Client, scenario: Scenario, django_assert_max_num_queries: Any
) -> None:
    _duo(scenario)
    with django_assert_max_num_queries(16):
        html = client.get("/inzichten/regio/AM91").content.decode()
    assert "ten minste 200" in html and "hooguit 90" in html
    assert "De 2 grootste samen betrekken 50 bedrijven: 100%" in html
    with translation.override("en"):
        english = client.get("/en/inzichten/regio/AM91").content.decode()
    assert "at least 200" in english and "at most 90" in english
