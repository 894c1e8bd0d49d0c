"""Reads of the stored insights: one selector per question, shared by the pages, the API and the CSV."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import get_language

from netwerkkaart.core.selectors import data_versions_get
from netwerkkaart.indicators.choices import ProgrammeCategory
from netwerkkaart.indicators.figures import Figure
from netwerkkaart.indicators.selectors import HBO_ENROLLED, figures_by_category, indicator_get, years_of
from netwerkkaart.initiatives.models import Goal, Initiative, TargetGroup, YearlyFigure
from netwerkkaart.initiatives.result_index import INDEX_DATA_KEY
from netwerkkaart.regions.models import Region
from netwerkkaart.regions.selectors import REGIONS_DATA_KEY

from .models import (
    ContinuityRisk,
    CoverageCell,
    InsightRun,
    LearnFromSuggestion,
    NetworkBridge,
    OverlapCluster,
    OverlapPair,
    RegionCoverage,
)
from .signals import INPUTS_DATA_KEY

INSIGHTS_DATA_KEYS = (INDEX_DATA_KEY, REGIONS_DATA_KEY, INPUTS_DATA_KEY)


def insights_data_version() -> str:
    """The version of everything the insights read, one query: the tokens joined in a fixed order."""
    tokens = data_versions_get(keys=list(INSIGHTS_DATA_KEYS))
    return ":".join(tokens.get(key, "-") for key in INSIGHTS_DATA_KEYS)


def insights_run_latest() -> InsightRun | None:
    return InsightRun.objects.order_by("-computed_at").first()


@dataclass(frozen=True)
class RunState:
    """The run the pages show and whether the data changed since it was computed."""

    run: InsightRun | None
    stale: bool


def insights_run_state() -> RunState:
    run = insights_run_latest()
    return RunState(run=run, stale=run is None or run.data_version != insights_data_version())


def region_coverage_list(*, run: InsightRun) -> QuerySet[RegionCoverage]:
    """Every labour-market region, most in need first (the national ranking)."""
    return (
        RegionCoverage.objects.filter(run=run).select_related("region", "largest_initiative").order_by("rank")
    )


def region_coverage_get(*, run: InsightRun, code: str) -> RegionCoverage | None:
    return (
        RegionCoverage.objects.filter(run=run, region__code=code, region__is_current=True)
        .select_related("region", "largest_initiative")
        .first()
    )


@dataclass(frozen=True)
class Matrix:
    """A region's coverage matrix: goals as rows, target groups as columns, initiatives in each cell."""

    goals: list[Goal]
    target_groups: list[TargetGroup]
    rows: list[list[CoverageCell]]
    samples: dict[int, Initiative]


def coverage_matrix(*, coverage: RegionCoverage) -> Matrix:
    """Three queries: the cells with their terms, and the sample initiatives."""
    cells = list(
        CoverageCell.objects.filter(coverage=coverage)
        .select_related("goal", "target_group")
        .order_by("goal__position", "goal__pk", "target_group__position", "target_group__pk")
    )
    goals: list[Goal] = []
    groups: list[TargetGroup] = []
    for cell in cells:
        if cell.goal not in goals:
            goals.append(cell.goal)
        if cell.target_group not in groups:
            groups.append(cell.target_group)
    rows = [[cell for cell in cells if cell.goal_id == goal.pk] for goal in goals]
    wanted = {pk for cell in cells for pk in cell.sample_ids}
    samples = Initiative.objects.in_bulk(wanted) if wanted else {}
    return Matrix(goals=goals, target_groups=groups, rows=rows, samples=samples)


def coverage_cells_for_export(*, run: InsightRun) -> QuerySet[CoverageCell]:
    return (
        CoverageCell.objects.filter(coverage__run=run)
        .select_related("coverage__region", "goal", "target_group")
        .order_by(
            "coverage__region__code",
            "goal__position",
            "goal__pk",
            "target_group__position",
            "target_group__pk",
        )
    )


def overlap_pair_list(*, run: InsightRun, region: Region | None = None) -> QuerySet[OverlapPair]:
    pairs = OverlapPair.objects.filter(run=run).select_related("region", "first", "second")
    if region is not None:
        pairs = pairs.filter(region=region)
    return pairs.order_by("-score", "region__code", "first__name", "second__name", "pk")


def overlap_cluster_list(*, run: InsightRun, region: Region | None = None) -> QuerySet[OverlapCluster]:
    clusters = OverlapCluster.objects.filter(run=run, size__gt=2).select_related("region")
    if region is not None:
        clusters = clusters.filter(region=region)
    return clusters.prefetch_related(
        Prefetch("initiatives", queryset=Initiative.objects.only("pk", "name", "slug", "fictitious"))
    ).order_by("-size", "-top_score", "region__code", "pk")


def continuity_risk_list(
    *, run: InsightRun, region: Region | None = None, levels: list[str] | None = None
) -> QuerySet[ContinuityRisk]:
    risks = ContinuityRisk.objects.filter(run=run).select_related("initiative")
    if region is not None:
        risks = risks.filter(regions=region)
    if levels:
        risks = risks.filter(level__in=levels)
    return risks.order_by("-severity", "earliest_end", "initiative__name", "pk")


def continuity_risk_counts(*, run: InsightRun) -> dict[str, int]:
    """Flagged initiatives per risk level, one query."""
    counts = ContinuityRisk.objects.filter(run=run).values_list("level").annotate(total=Count("pk"))
    return dict(counts.order_by())


@dataclass(frozen=True)
class NetworkDrawing:
    """The learning network of a region laid out for an SVG: organisations left, initiatives right."""

    width: int
    height: int
    organisations: list[tuple[int, str]]  # y, name
    initiatives: list[tuple[int, str]]  # y, name
    lines: list[tuple[int, int]]  # y of the organisation, y of the initiative


ROW_HEIGHT = 28


def network_bridge_list(*, run: InsightRun, region: Region) -> list[NetworkBridge]:
    """The region's shared organisations with their first initiatives attached (two queries)."""
    bridges = list(
        NetworkBridge.objects.filter(run=run, region=region)
        .select_related("organisation")
        .order_by("-initiative_count", "organisation__name", "pk")
    )
    wanted = {pk for bridge in bridges for pk in bridge.initiative_ids}
    found = Initiative.objects.only("pk", "name", "slug", "fictitious").in_bulk(wanted) if wanted else {}
    for bridge in bridges:
        bridge.first_initiatives = [found[pk] for pk in bridge.initiative_ids if pk in found]
    return bridges


def network_drawing(bridges: list[NetworkBridge]) -> NetworkDrawing:
    """Organisations evenly spread down the left, their initiatives (by name) down the right."""
    names: dict[int, str] = {}
    for bridge in bridges:
        for initiative in bridge.first_initiatives:
            names[initiative.pk] = initiative.name
    ordered = sorted(names, key=lambda pk: (names[pk], pk))
    rows = max(len(ordered), len(bridges), 1)
    y_of = {pk: ROW_HEIGHT * (row + 1) for row, pk in enumerate(ordered)}
    step = (rows - 1) / max(len(bridges) - 1, 1)
    organisations: list[tuple[int, str]] = []
    lines: list[tuple[int, int]] = []
    for row, bridge in enumerate(bridges):
        y = round(ROW_HEIGHT * (1 + row * step))
        organisations.append((y, bridge.organisation.name))
        lines.extend((y, y_of[initiative.pk]) for initiative in bridge.first_initiatives)
    return NetworkDrawing(
        width=800,
        height=ROW_HEIGHT * (rows + 1),
        organisations=organisations,
        initiatives=[(y_of[pk], names[pk]) for pk in ordered],
        lines=lines,
    )


def learn_from_list(*, initiative: Initiative) -> QuerySet[LearnFromSuggestion]:
    """The initiatives in other regions this one may learn from, most similar first (one query; only
    one run is stored at a time, see `LearnFromSuggestion`)."""
    return (
        LearnFromSuggestion.objects.filter(initiative=initiative)
        .select_related("suggestion")
        .order_by("rank", "pk")
    )


def learn_from_list_by_slug(*, slug: str) -> QuerySet[LearnFromSuggestion] | None:
    """`learn_from_list` of the published initiative with this slug; None when there is none (2 queries)."""
    initiative = Initiative.objects.published().filter(slug=slug).only("pk").first()
    return None if initiative is None else learn_from_list(initiative=initiative)


@dataclass(frozen=True)
class IctStudents:
    """Students reached by a region's initiatives beside its hbo students in hard and hybrid ICT
    programmes (DUO, ADR 14) in the latest year with figures."""

    year: int
    hard: Figure
    hybrid: Figure
    total: Figure
    reached: int

    @property
    def percentage(self) -> int | None:
        """Students reached per 100 ICT students; None without ICT students known."""
        if not self.total.known_total:
            return None
        return round(100 * Decimal(self.reached) / self.total.known_total)

    @property
    def percentage_is_upper_bound(self) -> bool:
        """When suppressed cells are left out, there are more ICT students: the percentage is at most this."""
        return self.total.is_lower_bound


def _sum(first: Figure, second: Figure) -> Figure:
    return Figure(
        known_total=first.known_total + second.known_total,
        cells=first.cells + second.cells,
        suppressed_cells=first.suppressed_cells + second.suppressed_cells,
        suppression_max=first.suppression_max
        if first.suppression_max is not None
        else second.suppression_max,
        decimal_places=first.decimal_places,
    )


def ict_students_get(*, coverage: RegionCoverage) -> IctStudents | None:
    """The region's hbo ICT students (hard + hybrid) in the latest year with data, beside the students its
    initiatives reach; None when the DUO indicator is not loaded (at most 4 queries)."""
    indicator = indicator_get(code=HBO_ENROLLED)
    if indicator is None:
        return None
    years = years_of(indicator=indicator)
    if not years:
        return None
    year = max(years)
    figures = figures_by_category(region=coverage.region, year=year, indicator=indicator)
    hard, hybrid = figures[ProgrammeCategory.HARD_ICT], figures[ProgrammeCategory.HYBRID_ICT]
    return IctStudents(
        year=year, hard=hard, hybrid=hybrid, total=_sum(hard, hybrid), reached=coverage.students_reached
    )


@dataclass(frozen=True)
class Growth:
    """How one yearly figure of an initiative changed from its first to its latest reported year."""

    measure: str  # "companies" or "students_reached"
    first_year: int
    first: int
    latest_year: int
    latest: int

    @property
    def percentage(self) -> int | None:
        return None if not self.first else round(100 * (self.latest - self.first) / self.first)


def reach_growth(figures: Iterable[YearlyFigure]) -> list[Growth]:
    """Companies and students reached, first against latest year (the highest figure of a year counts
    when several sources report it, as in the region's reach); no query with prefetched figures."""
    growth = []
    for measure in ("companies", "students_reached"):
        by_year: dict[int, int] = {}
        for figure in figures:
            value = getattr(figure, measure)
            if value is not None:
                by_year[figure.year] = max(by_year.get(figure.year, 0), value)
        if len(by_year) >= 2:
            first, latest = min(by_year), max(by_year)
            growth.append(Growth(measure, first, by_year[first], latest, by_year[latest]))
    return growth


@dataclass(frozen=True)
class NationalRow:
    """One line of "Samenwerking in cijfers": a goal, theme, region or year with its totals."""

    key: str
    label: str
    initiatives: int
    reporting: int
    companies: int
    students: int


@dataclass(frozen=True)
class NationalFigures:
    totals: NationalRow
    years: list[NationalRow]  # initiatives: started that year; reporting: initiatives with figures then
    goals: list[NationalRow]
    themes: list[NationalRow]
    regions: list[NationalRow]


def national_figures(*, run: InsightRun) -> NationalFigures:
    """The national dashboard from the stored run, labels in the active language (1 query: the regions)."""
    english = (get_language() or "nl").startswith("en")
    data = run.national or {}

    def terms(rows: list[list[Any]]) -> list[NationalRow]:
        return [
            NationalRow(slug, name_en if english else name_nl, *figures)
            for slug, name_nl, name_en, *figures in rows
        ]

    totals = data.get("totals") or [0, 0, 0, 0]
    regions = [
        NationalRow(
            coverage.region.code,
            coverage.region.name,
            coverage.initiatives,
            coverage.reporting_initiatives,
            coverage.companies_involved,
            coverage.students_reached,
        )
        for coverage in RegionCoverage.objects.filter(run=run)
        .select_related("region")
        .order_by("region__name")
    ]
    return NationalFigures(
        totals=NationalRow("total", "", *totals),
        years=[NationalRow(str(year), str(year), *figures) for year, *figures in data.get("years", [])],
        goals=terms(data.get("goals", [])),
        themes=terms(data.get("themes", [])),
        regions=regions,
    )
