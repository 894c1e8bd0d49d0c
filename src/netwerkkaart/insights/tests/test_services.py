"""The labelled scenario: every expected flag appears with its reason, no unrelated pair is flagged."""

from itertools import combinations
from typing import Any

import numpy as np
import pytest
from django.utils import translation

from netwerkkaart.initiatives.models import FundingLine
from netwerkkaart.initiatives.services import funding_line_add
from netwerkkaart.insights import overlap
from netwerkkaart.insights.choices import RiskLevel
from netwerkkaart.insights.models import (
    ContinuityRisk,
    InsightRun,
    OverlapCluster,
    OverlapPair,
    RegionCoverage,
)
from netwerkkaart.insights.selectors import (
    continuity_risk_list,
    coverage_matrix,
    insights_run_state,
    network_bridge_list,
    network_drawing,
    overlap_pair_list,
    region_coverage_get,
    region_coverage_list,
)
from netwerkkaart.insights.services import insights_recompute, insights_recompute_if_stale

from .scenario import AS_OF, DUPLICATES, SUBSIDY_END, Scenario, scenario_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario() -> Scenario:
    return scenario_create()


def _flagged_names(scenario: Scenario) -> set[frozenset[str]]:
    return {
        frozenset({scenario.by_id(pair.first_id), scenario.by_id(pair.second_id)})
        for pair in OverlapPair.objects.all()
    }


def test_the_known_duplicates_and_nothing_else_are_flagged(scenario: Scenario) -> None:
    insights_recompute(as_of=AS_OF)
    flagged = _flagged_names(scenario)
    assert flagged == DUPLICATES


def test_precision_and_recall_on_the_hand_labelled_pairs(scenario: Scenario) -> None:
    """Every same-region pair is labelled (a duplicate or not); the method must get them all right."""
    insights_recompute(as_of=AS_OF)
    flagged = _flagged_names(scenario)
    by_region: dict[str, list[str]] = {}
    for name, initiative in scenario.initiatives.items():
        if initiative.phase != "ended":
            region = initiative.regions_served.get().name
            by_region.setdefault(region, []).append(name)
    labelled = {frozenset(pair) for names in by_region.values() for pair in combinations(names, 2)}
    assert len(labelled) == 10 + 3 + 1
    true_positives = flagged & DUPLICATES
    precision = len(true_positives) / len(flagged)
    recall = len(true_positives) / len(DUPLICATES)
    assert (precision, recall) == (1.0, 1.0)
    assert flagged <= labelled  # never a pair across regions


def test_the_overlap_reason_names_the_shared_work_start_and_partners(scenario: Scenario) -> None:
    insights_recompute(as_of=AS_OF)
    rijnmond = OverlapPair.objects.get(region=scenario.regions["Rijnmond"])
    assert rijnmond.shared_partners == 4
    assert rijnmond.same_phase and rijnmond.same_start_year
    assert rijnmond.reason_nl.startswith("Beide werken aan omscholing en post-initieel onderwijs (LLO) voor ")
    assert "werkzoekenden en zij-instromers" in rijnmond.reason_nl
    assert "in Rijnmond" in rijnmond.reason_nl
    assert "beide gestart in 2023" in rijnmond.reason_nl
    assert "ze delen 4 partners (Partner Rijnmond 1, Partner Rijnmond 2, Partner Rijnmond 3 en nog 1)" in (
        rijnmond.reason_nl
    )
    assert "they share 4 partners" in rijnmond.reason_en
    assert "both started in 2023" in rijnmond.reason_en
    twente = OverlapPair.objects.get(region=scenario.regions["Twente"])
    assert not twente.same_start_year and twente.shared_partners == 1
    assert "gestart" not in twente.reason_nl
    assert "ze delen 1 partner (Universiteit Twente Cyberlab)" in twente.reason_nl
    assert twente.score < rijnmond.score


def test_region_without_lifelong_learning_tops_the_ranking(scenario: Scenario) -> None:
    insights_recompute(as_of=AS_OF)
    run = InsightRun.objects.get()
    ranking = [
        coverage.region.name for coverage in region_coverage_list(run=run) if coverage.region.code >= "AM91"
    ]
    zeeland = RegionCoverage.objects.get(region=scenario.regions["Zeeland"])
    # The ended retraining programme does not count; nor does it count as a covered region.
    assert zeeland.lifelong_learning == 0 and zeeland.lacks_lifelong_learning
    assert zeeland.women_in_ict == 0
    rijnmond = RegionCoverage.objects.get(region=scenario.regions["Rijnmond"])
    assert (rijnmond.lifelong_learning, rijnmond.women_in_ict, rijnmond.initiatives) == (2, 1, 5)
    twente = RegionCoverage.objects.get(region=scenario.regions["Twente"])
    assert twente.lifelong_learning == 1 and twente.women_in_ict == 0
    assert ranking == ["Zeeland", "Twente", "Rijnmond"]


def test_the_matrix_puts_each_initiative_in_its_cells(scenario: Scenario) -> None:
    insights_recompute(as_of=AS_OF)
    coverage = region_coverage_get(run=InsightRun.objects.get(), code="AM91")
    assert coverage is not None
    matrix = coverage_matrix(coverage=coverage)
    assert [goal.slug for goal in matrix.goals] == [
        "initial-education",
        "postinitial-education",
        "innovation",
    ]
    cells = {(cell.goal.slug, cell.target_group.slug): cell for row in matrix.rows for cell in row}
    career = cells[("postinitial-education", "jobseekers-career-switchers")]
    assert career.count == 2
    assert {matrix.samples[pk].name for pk in career.sample_ids} == {
        "Omscholing ICT Rijnmond",
        "Zij-instroomacademie Rijnmond",
    }
    assert cells[("initial-education", "women-and-girls")].count == 1
    assert cells[("postinitial-education", "women-and-girls")].count == 0
    assert coverage.empty_cells == sum(1 for cell in cells.values() if cell.count == 0)


def test_the_subsidy_ending_in_six_months_is_a_high_risk_with_its_line(scenario: Scenario) -> None:
    insights_recompute(as_of=AS_OF)
    risk = ContinuityRisk.objects.get(initiative=scenario.initiatives["Techniekpact ICT Zeeland"])
    line = FundingLine.objects.get(initiative=scenario.initiatives["Techniekpact ICT Zeeland"])
    assert risk.level == RiskLevel.HIGH
    assert risk.ending_within_12_months and risk.without_private_funding
    assert risk.subsidy_share == 1.0
    assert risk.earliest_end == SUBSIDY_END
    assert risk.funding_line_ids == [line.pk]
    assert (
        "Regionaal Investeringsfonds mbo (RIF) sinds 2022 (€ 200.000 per jaar) stopt op 15 juli 2026, "
        "over 6 maanden" in risk.reason_nl
    )
    assert "ends on 15 July 2026, in 6 months" in risk.reason_en
    assert "no private co-funding" in risk.reason_en
    assert list(risk.regions.values_list("name", flat=True)) == ["Zeeland"]
    # Private co-funding and no subsidy ending soon: nothing to flag.
    flagged = {risk.initiative.name for risk in ContinuityRisk.objects.all()}
    assert flagged == {"Techniekpact ICT Zeeland"}


def test_continuity_shares_and_windows() -> None:
    scenario = scenario_create()
    hub = scenario.initiatives["Cyber Academy Twente"]
    funding_line_add(
        initiative=hub, source="national_growth_fund", amount_per_year=300_000, start_year=2024, end_year=2027
    )
    funding_line_add(initiative=hub, source="private_in_kind", amount_per_year=100_000, start_year=2024)
    insights_recompute(as_of=AS_OF)
    risk = ContinuityRisk.objects.get(initiative=hub)
    # Ends 31 December 2027: within 24 months, not 12; three quarters of the money is subsidy.
    assert (risk.ending_within_12_months, risk.ending_within_24_months) == (False, True)
    assert risk.subsidy_share == 0.75 and not risk.without_private_funding
    assert risk.level == RiskLevel.MEDIUM
    assert "75% van de huidige financiering is projectsubsidie" in risk.reason_nl


def test_recompute_replaces_the_previous_run_and_knows_when_it_is_stale(scenario: Scenario) -> None:
    first = insights_recompute(as_of=AS_OF)
    assert insights_recompute_if_stale(as_of=AS_OF) is None
    assert not insights_run_state().stale
    FundingLine.objects.filter(initiative=scenario.initiatives["Techniekpact ICT Zeeland"]).delete()
    assert insights_run_state().stale
    second = insights_recompute_if_stale(as_of=AS_OF)
    assert second is not None and second.pk != first.pk
    assert InsightRun.objects.count() == 1
    assert not ContinuityRisk.objects.exists()
    assert OverlapPair.objects.count() == 2 and OverlapCluster.objects.count() == 2
    # Another day: the months to a subsidy's end change, so the run is stale too.
    assert insights_recompute_if_stale(as_of=AS_OF.replace(day=16)) is not None


def test_reads_are_a_fixed_number_of_queries(scenario: Scenario, django_assert_num_queries: Any) -> None:
    insights_recompute(as_of=AS_OF)
    run = InsightRun.objects.get()
    with django_assert_num_queries(1):
        list(overlap_pair_list(run=run))
    with django_assert_num_queries(1):
        list(continuity_risk_list(run=run, region=scenario.regions["Zeeland"]))
    coverage = region_coverage_get(run=run, code="AM91")
    assert coverage is not None
    with django_assert_num_queries(2):
        coverage_matrix(coverage=coverage)


def test_large_blocks_are_compared_with_neighbours_only() -> None:
    """A block above FULL_BLOCK costs at most size x PASSES x WINDOW comparisons, and identical
    profiles still end up in one cluster."""
    from netwerkkaart.initiatives.result_index import FacetColumn

    size = 1000
    rng = np.random.default_rng(3)

    def column(options: int, per: int) -> FacetColumn:
        initiatives = np.repeat(np.arange(size), per)
        chosen = np.concatenate([rng.choice(options, per, replace=False) for _ in range(size)])
        return FacetColumn.of_pairs(size, initiatives, chosen, tuple(range(options)))

    columns = {
        "goals": column(3, 1),
        "themes": column(9, 2),
        "target_groups": column(10, 2),
        "education_levels": column(8, 1),
    }
    data = overlap.OverlapInput(
        size=size,
        taxonomies={name: overlap.TermBits.of_column(size, col) for name, col in columns.items()},
        term_columns=columns,
        phase=np.zeros(size, dtype=np.int64),
        start_year=np.full(size, 2023.0),
        partners=FacetColumn.of_pairs(size, np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), ()),
        comparable=np.ones(size, dtype=np.bool_),
    )
    signatures = overlap.minhash_signatures(data)
    first, second = overlap.candidate_pairs(data, [np.arange(size)], signatures)
    assert first.size <= size * overlap.PASSES * overlap.WINDOW
    assert first.size < size * (size - 1) // 2 // 5
    assert np.all(first < second)
    scored = overlap.pairs_score(data, first, second)
    # Most truly identical profiles are compared: recall of exact duplicates among all pairs.
    profile = np.stack([data.taxonomies[name].bits[:, 0] for name in overlap.TAXONOMY_WEIGHTS], axis=1)
    _, groups = np.unique(profile, axis=0, return_inverse=True)
    groups = groups.reshape(-1)
    identical = {(a, b) for a, b in combinations(range(size), 2) if groups[a] == groups[b]}
    found = {(a, b) for a, b in zip(first.tolist(), second.tolist(), strict=True) if groups[a] == groups[b]}
    assert identical and len(found) / len(identical) > 0.9
    assert scored.score.max() <= 1.0


def test_reasons_are_written_in_both_languages(scenario: Scenario) -> None:
    insights_recompute(as_of=AS_OF)
    pair = OverlapPair.objects.get(region=scenario.regions["Rijnmond"])
    with translation.override("en"):
        assert pair.reason_en.startswith("Both work on retraining and post-initial education")


def test_reach_counts_each_initiative_with_its_latest_year(scenario: Scenario) -> None:
    insights_recompute(as_of=AS_OF)
    rijnmond = RegionCoverage.objects.get(region=scenario.regions["Rijnmond"])
    assert (rijnmond.reporting_initiatives, rijnmond.companies_involved, rijnmond.smes_involved) == (
        2,
        50,
        35,
    )
    assert rijnmond.students_reached == 180
    assert rijnmond.largest_initiative == scenario.initiatives["Zij-instroomacademie Rijnmond"]
    assert (rijnmond.largest_companies, rijnmond.largest_share) == (30, 60)
    assert rijnmond.yearly_reach == [[2024, 10, 50], [2025, 50, 180]]
    zeeland = RegionCoverage.objects.get(region=scenario.regions["Zeeland"])
    assert zeeland.reporting_initiatives == 0 and zeeland.largest_share is None


def test_learning_network_lists_the_organisations_shared_in_a_region(scenario: Scenario) -> None:
    insights_recompute(as_of=AS_OF)
    run = InsightRun.objects.get()
    rijnmond = network_bridge_list(run=run, region=scenario.regions["Rijnmond"])
    assert [(bridge.organisation.name, bridge.initiative_count) for bridge in rijnmond] == [
        ("Partner Rijnmond 1", 4),
        ("Partner Rijnmond 2", 3),
        ("Partner Rijnmond 3", 2),
        ("Partner Rijnmond 4", 2),
    ]
    assert [initiative.name for initiative in rijnmond[1].first_initiatives] == [
        "Omscholing ICT Rijnmond",
        "Softwarevakschool Rijnmond",
        "Zij-instroomacademie Rijnmond",
    ]
    # Partners 3 and 4 also work in Twente, but with one initiative there: no bridge in Twente.
    twente = network_bridge_list(run=run, region=scenario.regions["Twente"])
    assert [bridge.organisation.name for bridge in twente] == ["Universiteit Twente Cyberlab"]
    drawing = network_drawing(rijnmond)
    assert len(drawing.organisations) == 4 and len(drawing.initiatives) == 4
    assert len(drawing.lines) == 4 + 3 + 2 + 2
    assert not network_bridge_list(run=run, region=scenario.regions["Zeeland"])
