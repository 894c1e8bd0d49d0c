"""The insights as CSV rows: the same selectors as the pages, written by the exports app's safe writer."""

from collections.abc import Callable, Iterator, Sequence

from django.utils import translation

from netwerkkaart.exports.selectors import Cell

from .models import InsightRun
from .selectors import (
    continuity_risk_list,
    coverage_cells_for_export,
    national_figures,
    overlap_pair_list,
    region_coverage_list,
)


def _run_cells(run: InsightRun) -> list[Cell]:
    return [run.as_of, run.computed_at.isoformat(timespec="seconds"), run.data_version]


RUN_COLUMNS = ["as_of", "computed_at", "data_version"]


def coverage_rows(run: InsightRun) -> tuple[Sequence[str], Iterator[Sequence[Cell]]]:
    columns = ["region_code", "region", "goal", "target_group", "initiatives", "gap", *RUN_COLUMNS]

    def rows() -> Iterator[Sequence[Cell]]:
        for cell in coverage_cells_for_export(run=run).iterator(chunk_size=2000):
            region = cell.coverage.region
            yield [
                region.code,
                region.name,
                cell.goal.slug,
                cell.target_group.slug,
                cell.count,
                cell.count == 0,
                *_run_cells(run),
            ]

    return columns, rows()


def ranking_rows(run: InsightRun) -> tuple[Sequence[str], Iterator[Sequence[Cell]]]:
    columns = [
        "rank",
        "region_code",
        "region",
        "initiatives",
        "lifelong_learning_initiatives",
        "women_in_ict_initiatives",
        "empty_cells",
        "overlapping_pairs",
        "initiatives_reporting_figures",
        "companies_involved",
        "smes_involved",
        "students_reached",
        "largest_initiative",
        "largest_initiative_companies",
        *RUN_COLUMNS,
    ]

    def rows() -> Iterator[Sequence[Cell]]:
        for coverage in region_coverage_list(run=run):
            yield [
                coverage.rank,
                coverage.region.code,
                coverage.region.name,
                coverage.initiatives,
                coverage.lifelong_learning,
                coverage.women_in_ict,
                coverage.empty_cells,
                coverage.overlap_pairs,
                coverage.reporting_initiatives,
                coverage.companies_involved,
                coverage.smes_involved,
                coverage.students_reached,
                coverage.largest_initiative.slug if coverage.largest_initiative else None,
                coverage.largest_companies,
                *_run_cells(run),
            ]

    return columns, rows()


def overlap_rows(run: InsightRun) -> tuple[Sequence[str], Iterator[Sequence[Cell]]]:
    columns = [
        "region_code",
        "first_initiative",
        "second_initiative",
        "score",
        "similarity",
        "shared_partners",
        "same_phase",
        "same_start_year",
        "cluster",
        "reason_nl",
        "reason_en",
        *RUN_COLUMNS,
    ]

    def rows() -> Iterator[Sequence[Cell]]:
        for pair in overlap_pair_list(run=run).iterator(chunk_size=2000):
            yield [
                pair.region.code,
                pair.first.slug,
                pair.second.slug,
                pair.score,
                pair.similarity,
                pair.shared_partners,
                pair.same_phase,
                pair.same_start_year,
                pair.cluster_id,
                pair.reason_nl,
                pair.reason_en,
                *_run_cells(run),
            ]

    return columns, rows()


def continuity_rows(run: InsightRun) -> tuple[Sequence[str], Iterator[Sequence[Cell]]]:
    columns = [
        "initiative",
        "risk",
        "project_subsidy_share",
        "subsidy_ends_within_12_months",
        "subsidy_ends_within_24_months",
        "no_private_co_funding",
        "first_subsidy_end",
        "funding_line_ids",
        "reason_nl",
        "reason_en",
        *RUN_COLUMNS,
    ]

    def rows() -> Iterator[Sequence[Cell]]:
        for risk in continuity_risk_list(run=run).iterator(chunk_size=2000):
            yield [
                risk.initiative.slug,
                risk.level,
                risk.subsidy_share,
                risk.ending_within_12_months,
                risk.ending_within_24_months,
                risk.without_private_funding,
                risk.earliest_end,
                " ".join(str(pk) for pk in risk.funding_line_ids),
                risk.reason_nl,
                risk.reason_en,
                *_run_cells(run),
            ]

    return columns, rows()


Rows = tuple[Sequence[str], Iterator[Sequence[Cell]]]


def national_rows(run: InsightRun) -> tuple[Sequence[str], Iterator[Sequence[Cell]]]:
    """ "Samenwerking in cijfers": one row per total, year, goal, theme and region (labels in Dutch)."""
    columns = [
        "section",
        "key",
        "label",
        "initiatives",
        "initiatives_reporting_figures",
        "companies_involved",
        "students_reached",
        *RUN_COLUMNS,
    ]
    with translation.override("nl"):
        figures = national_figures(run=run)

    def rows() -> Iterator[Sequence[Cell]]:
        sections = [
            ("total", [figures.totals]),
            ("year", figures.years),
            ("goal", figures.goals),
            ("theme", figures.themes),
            ("region", figures.regions),
        ]
        for section, items in sections:
            for row in items:
                yield [
                    section,
                    row.key,
                    row.label,
                    row.initiatives,
                    row.reporting,
                    row.companies,
                    row.students,
                    *_run_cells(run),
                ]

    return columns, rows()


ROWS: dict[str, Callable[[InsightRun], Rows]] = {
    "coverage": coverage_rows,
    "ranking": ranking_rows,
    "overlap": overlap_rows,
    "continuity": continuity_rows,
    "national": national_rows,
}
