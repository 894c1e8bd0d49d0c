"""Reads for indicators: one answer per question, shared by the profile pages, the API and the downloads.

Every figure is computed in SQL from the stored cells (observations), with a fixed number of queries per
call, and comes back as a ``figures.Figure``: ``known_total`` (the sum of the cells with a value),
``cells``, ``suppressed_cells`` (DUO's "<5"), ``is_lower_bound`` and ``display()`` ("ten minste 1.777" /
"at least 1,777"). A suppressed cell is never a number.

How a region's figure is made: cells stored for the region itself are used when the indicator has
any for it (a CBS table may publish provinces directly); otherwise, for an additive indicator, the cells
of its current municipalities are summed (a municipality's newest membership decides its
labour-market region and province; the Netherlands sums every municipality).

``FigureFilter`` narrows the cells: by level, gender, programme (CROHO code), institution, mode, and by
ICT category of the programme. Categories are read from ``ProgrammeClassification`` in the same call
(one more query), so a changed classification changes every figure at once, without importing again.

The selectors (all keyword-only):

- ``indicator_list() -> list[Indicator]`` (1 query)
- ``indicator_get(*, code) -> Indicator | None`` (1 query)
- ``figure_get(*, indicator, region, year, where=FigureFilter()) -> Figure`` (1 query; +1 when
  ``indicator`` is given as a code, +1 when ``where`` filters on ICT categories)
- ``figure_series(*, indicator, region, where=FigureFilter(), years=None) -> list[YearFigure]``:
  one figure per year with data, oldest first, for the trend (1 query, +1 and +1 as above)
- ``figure_comparison(*, indicator, region, year, where=FigureFilter(),
  population_code=POPULATION_INDICATOR) -> Comparison``: the region beside the Netherlands, per 1,000
  residents when a population indicator has figures for both in that year, otherwise as the region's
  share of the national total (at most 7 queries with an ``Indicator``, +1 per use of the code or
  of an ICT-category filter)
- ``women_share(*, region, year, categories=(HARD_ICT,), indicator=HBO_ENROLLED) -> WomenShare``:
  women among the students of programmes in ``categories`` (pass ``(HARD_ICT, HYBRID_ICT)`` for
  both), with the range left open by suppressed cells (2 queries; 3 with the indicator as a code)
- ``figures_by_category(*, region, year, indicator=HBO_ENROLLED) -> dict[str, Figure]``: the
  students of hard ICT, hybrid ICT and other programmes (keys: ``ProgrammeCategory`` values), by the
  classification as it is now (2 queries; 3 with the indicator as a code)
- ``figures_by_region(*, indicator, year, kind=LABOUR_MARKET_REGION, where=FigureFilter())
  -> list[RegionFigure]``: every current region of a kind with its figure (those without data too),
  by name, for the choropleth and its table (3 queries; +1 and +1 as for ``figure_get``)
- ``region_figures(*, region, year=None) -> list[IndicatorYearFigure]``: every indicator's total per
  year for a region, for the API and the CSV download (2 queries)
- ``observations_of_region(*, region, indicator=None, year=None) -> QuerySet[Observation]``: the
  stored cells of one region, with provenance (lazy; 1 query per page)
- ``programme_classification_list() -> list[ProgrammeClassification]`` (1 query)
- ``programme_name(*, programme_code) -> str | None``: the name of a classified programme (1 query)
- ``years_of(*, indicator) -> list[int]`` (1 query)
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region, RegionMembership
from netwerkkaart.regions.selectors import municipalities_of

from .choices import Aggregation, ProgrammeCategory
from .duo import INDICATOR as _DUO_HBO
from .figures import Figure, Rate, Share, rate_of, share_of
from .models import Indicator, Observation, ProgrammeClassification

HBO_ENROLLED = _DUO_HBO.code
POPULATION_INDICATOR = "population"


@dataclass(frozen=True)
class FigureFilter:
    """Which cells count; None (or an empty tuple) means all of them."""

    level: str | None = None
    gender: str | None = None
    programme_code: str | None = None
    institution_code: str | None = None
    mode: str | None = None
    programme_categories: tuple[str, ...] = ()

    def q(self) -> Q:
        condition = Q()
        for name in ("level", "gender", "programme_code", "institution_code", "mode"):
            value = getattr(self, name)
            if value is not None:
                condition &= Q(**{name: value})
        if self.programme_categories:
            condition &= _category_q(self.programme_categories)
        return condition


def _ict_programmes() -> dict[str, str]:
    """The current classification of the ICT programmes: CROHO code -> hard or hybrid (1 query)."""
    rows = ProgrammeClassification.objects.exclude(category=ProgrammeCategory.OTHER)
    return dict(rows.values_list("programme_code", "category"))


def _category_q(categories: Sequence[str], ict: dict[str, str] | None = None) -> Q:
    """Cells whose programme is in one of ``categories``, by the classification as it is now (read in
    the same call: a change counts at once). "Other" is every programme that is not hard or hybrid ICT,
    classified as other or not classified at all."""
    ict = _ict_programmes() if ict is None else ict
    listed = sorted(code for code, category in ict.items() if category in categories)
    condition = Q(programme_code__in=listed)
    if ProgrammeCategory.OTHER in categories:
        condition |= ~Q(programme_code="") & ~Q(programme_code__in=sorted(ict))
    return condition


@dataclass(frozen=True)
class YearFigure:
    year: int
    figure: Figure


@dataclass(frozen=True)
class RegionFigure:
    region: Region
    figure: Figure


@dataclass(frozen=True)
class IndicatorYearFigure:
    indicator: Indicator
    year: int
    figure: Figure


@dataclass(frozen=True)
class Comparison:
    """A region beside the Netherlands. ``basis`` is "per_resident" (then ``region_rate`` and
    ``national_rate`` are per 1,000 residents) or "share_of_national" (then ``share`` is the region's
    part of the national total)."""

    region: Figure
    national: Figure
    basis: str
    region_rate: Rate | None = None
    national_rate: Rate | None = None
    share: Share | None = None


@dataclass(frozen=True)
class WomenShare:
    women: Figure
    total: Figure
    share: Share
    categories: tuple[str, ...] = field(default=(ProgrammeCategory.HARD_ICT,))


def indicator_list() -> list[Indicator]:
    return list(Indicator.objects.order_by("code"))


def indicator_get(*, code: str) -> Indicator | None:
    return Indicator.objects.filter(code=code).first()


def _indicator(indicator: Indicator | str) -> Indicator:
    if isinstance(indicator, Indicator):
        return indicator
    return Indicator.objects.get(code=indicator)


def years_of(*, indicator: Indicator | str) -> list[int]:
    lookup = {"indicator": indicator} if isinstance(indicator, Indicator) else {"indicator__code": indicator}
    return list(
        Observation.objects.filter(**lookup).values_list("year", flat=True).distinct().order_by("year")
    )


def _scopes(region: Region, indicator: Indicator) -> dict[str, Q]:
    """The cells that make a region's figure: its own, and (additive indicators) its municipalities'."""
    scopes = {"own": Q(region=region)}
    if indicator.aggregation != Aggregation.SUM or region.kind == RegionKind.MUNICIPALITY:
        return scopes
    if region.kind == RegionKind.COUNTRY:
        scopes["sum"] = Q(region__in=Subquery(Region.objects.municipalities().values("pk")))
    else:
        scopes["sum"] = Q(region__in=Subquery(municipalities_of(region=region).order_by().values("pk")))
    return scopes


def _rows(values: Any) -> list[dict[str, Any]]:
    """The rows of a ``values().annotate()`` query as plain dicts (the annotations are built by name)."""
    return [dict(row) for row in values]


def _aggregates(prefix: str, condition: Q) -> dict[str, Any]:
    return {
        f"{prefix}_total": Sum("value", filter=condition),
        f"{prefix}_cells": Count("pk", filter=condition),
        f"{prefix}_suppressed": Count("pk", filter=condition & Q(suppressed=True)),
    }


def _figure(row: dict[str, Any], prefixes: Sequence[str], indicator: Indicator) -> Figure:
    """The first scope with cells wins: the region's own cells before its municipalities' sum."""
    for prefix in prefixes:
        cells = row.get(f"{prefix}_cells") or 0
        if cells:
            return Figure(
                known_total=Decimal(row[f"{prefix}_total"] or 0),
                cells=cells,
                suppressed_cells=row[f"{prefix}_suppressed"],
                suppression_max=indicator.suppression_max,
                decimal_places=indicator.decimal_places,
            )
    return Figure.empty(suppression_max=indicator.suppression_max, decimal_places=indicator.decimal_places)


def _region_rows(
    indicator: Indicator,
    region: Region,
    where: FigureFilter,
    parts: dict[str, Q],
    group_by: Sequence[str] = (),
    years: Sequence[int] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """One query: for every part (e.g. women / the rest) and scope (own / sum), total, cells, suppressed.

    The scopes are selected once, in WHERE; inside the aggregates "sum" is simply "not the region's
    own cells" (a region is never its own municipality), so the municipality subquery runs once."""
    scopes = _scopes(region, indicator)
    any_scope = Q()
    for condition in scopes.values():
        any_scope |= condition
    cells = Observation.objects.filter(Q(indicator=indicator) & where.q() & any_scope)
    if years is not None:
        cells = cells.filter(year__in=years)
    in_aggregate = {"own": Q(region_id=region.pk), "sum": ~Q(region_id=region.pk)}
    aggregates: dict[str, Any] = {}
    prefixes: dict[str, list[str]] = {}
    for part, part_q in parts.items():
        prefixes[part] = []
        for scope in scopes:
            aggregates.update(_aggregates(f"{part}_{scope}", part_q & in_aggregate[scope]))
            prefixes[part].append(f"{part}_{scope}")
    if group_by:
        rows = _rows(cells.values(*group_by).annotate(**aggregates).order_by(*group_by))
    else:
        rows = [cells.aggregate(**aggregates)]
    return rows, prefixes


def figure_get(
    *, indicator: Indicator | str, region: Region, year: int, where: FigureFilter | None = None
) -> Figure:
    """The figure of one indicator, region and year (the cells that ``where`` lets through)."""
    found = _indicator(indicator)
    rows, prefixes = _region_rows(found, region, where or FigureFilter(), {"all": Q()}, years=[year])
    return _figure(rows[0], prefixes["all"], found)


def figure_series(
    *,
    indicator: Indicator | str,
    region: Region,
    where: FigureFilter | None = None,
    years: Sequence[int] | None = None,
) -> list[YearFigure]:
    """One figure per year that has cells, oldest first: the trend."""
    found = _indicator(indicator)
    rows, prefixes = _region_rows(found, region, where or FigureFilter(), {"all": Q()}, ["year"], years)
    series = [YearFigure(row["year"], _figure(row, prefixes["all"], found)) for row in rows]
    return [item for item in series if item.figure.has_data]


def _country() -> Region:
    return Region.objects.current().of_kind(RegionKind.COUNTRY).defer("boundary").get()


def figure_comparison(
    *,
    indicator: Indicator | str,
    region: Region,
    year: int,
    where: FigureFilter | None = None,
    population_code: str = POPULATION_INDICATOR,
) -> Comparison:
    """The region beside the Netherlands: per 1,000 residents when the population is known for both in
    ``year``, else as the region's share of the national total."""
    found = _indicator(indicator)
    country = _country()
    own = figure_get(indicator=found, region=region, year=year, where=where)
    national = figure_get(indicator=found, region=country, year=year, where=where)
    population = Indicator.objects.filter(code=population_code).first()
    if population is not None:
        region_population = figure_get(indicator=population, region=region, year=year)
        national_population = figure_get(indicator=population, region=country, year=year)
        region_rate = rate_of(own, region_population)
        national_rate = rate_of(national, national_population)
        if region_rate is not None and national_rate is not None:
            return Comparison(
                own, national, "per_resident", region_rate=region_rate, national_rate=national_rate
            )
    rest = Figure(
        known_total=national.known_total - own.known_total,
        cells=national.cells - own.cells,
        suppressed_cells=national.suppressed_cells - own.suppressed_cells,
        suppression_max=national.suppression_max,
        decimal_places=national.decimal_places,
    )
    share = share_of(own, rest) if own.has_data and national.has_data else Share(None, None)
    return Comparison(own, national, "share_of_national", share=share)


def women_share(
    *,
    region: Region,
    year: int,
    categories: tuple[str, ...] = (ProgrammeCategory.HARD_ICT,),
    indicator: Indicator | str = HBO_ENROLLED,
) -> WomenShare:
    """Women among the students of the programmes in ``categories`` (classification read now).

    ``women`` and ``total`` are figures (lower bounds when cells are suppressed); ``share`` is exact or
    the range the suppressed cells leave open. Students of unknown gender count in the total."""
    found = _indicator(indicator)
    where = FigureFilter(programme_categories=categories)
    parts = {"women": Q(gender="female"), "rest": ~Q(gender="female")}
    rows, prefixes = _region_rows(found, region, where, parts, years=[year])
    women = _figure(rows[0], prefixes["women"], found)
    rest = _figure(rows[0], prefixes["rest"], found)
    total = Figure(
        known_total=women.known_total + rest.known_total,
        cells=women.cells + rest.cells,
        suppressed_cells=women.suppressed_cells + rest.suppressed_cells,
        suppression_max=found.suppression_max,
        decimal_places=found.decimal_places,
    )
    return WomenShare(women=women, total=total, share=share_of(women, rest), categories=categories)


def figures_by_category(
    *, region: Region, year: int, indicator: Indicator | str = HBO_ENROLLED
) -> dict[str, Figure]:
    """The figure of each ICT category of programmes (hard, hybrid, other), classification read now."""
    found = _indicator(indicator)
    ict = _ict_programmes()
    parts: dict[str, Q] = {category.value: _category_q([category], ict) for category in ProgrammeCategory}
    rows, prefixes = _region_rows(found, region, FigureFilter(), parts, years=[year])
    return {category: _figure(rows[0], prefixes[category], found) for category in parts}


def figures_by_region(
    *,
    indicator: Indicator | str,
    year: int,
    kind: str = RegionKind.LABOUR_MARKET_REGION,
    where: FigureFilter | None = None,
) -> list[RegionFigure]:
    """Every current region of ``kind`` with its figure, by name (for a choropleth and its table)."""
    found = _indicator(indicator)
    condition = Q(indicator=found, year=year) & (where or FigureFilter()).q()
    regions = list(Region.objects.current().of_kind(kind).defer("boundary").order_by("name"))
    aggregates = _aggregates("own", Q())
    own = {
        row["region_id"]: row
        for row in Observation.objects.filter(condition, region__in=[r.pk for r in regions])
        .values("region_id")
        .annotate(**aggregates)
        .order_by()
    }
    summed: dict[int, dict[str, Any]] = {}
    if found.aggregation == Aggregation.SUM and kind in (
        RegionKind.PROVINCE,
        RegionKind.LABOUR_MARKET_REGION,
    ):
        newest = (
            RegionMembership.objects.filter(municipality=OuterRef("region_id"), parent_kind=kind)
            .order_by("-year")
            .values("year")[:1]
        )
        summed = {
            row["region__memberships__parent_id"]: {
                "sum_total": row["own_total"],
                "sum_cells": row["own_cells"],
                "sum_suppressed": row["own_suppressed"],
            }
            for row in _rows(
                Observation.objects.filter(
                    condition,
                    region__kind=RegionKind.MUNICIPALITY,
                    region__is_current=True,
                    region__memberships__parent_kind=kind,
                    region__memberships__year=Subquery(newest),
                )
                .values("region__memberships__parent_id")
                .annotate(**aggregates)
                .order_by()
            )
        }
    elif found.aggregation == Aggregation.SUM and kind == RegionKind.COUNTRY:
        total = Observation.objects.filter(
            condition, region__kind=RegionKind.MUNICIPALITY, region__is_current=True
        ).aggregate(**_aggregates("sum", Q()))
        summed = {region.pk: total for region in regions}
    return [
        RegionFigure(
            region, _figure({**own.get(region.pk, {}), **summed.get(region.pk, {})}, ["own", "sum"], found)
        )
        for region in regions
    ]


def region_figures(*, region: Region, year: int | None = None) -> list[IndicatorYearFigure]:
    """Every indicator's total per year for ``region`` (no breakdown), by indicator code and year."""
    indicators = {indicator.pk: indicator for indicator in Indicator.objects.all()}
    if not indicators:
        return []
    additive = [pk for pk, indicator in indicators.items() if indicator.aggregation == Aggregation.SUM]
    own_q = Q(region=region)
    sum_q = Q(pk__in=[])
    if region.kind == RegionKind.COUNTRY:
        municipalities = Region.objects.municipalities().values("pk")
        sum_q = Q(region__in=Subquery(municipalities), indicator_id__in=additive)
    elif region.kind != RegionKind.MUNICIPALITY:
        sum_q = Q(
            region__in=Subquery(municipalities_of(region=region).order_by().values("pk")),
            indicator_id__in=additive,
        )
    cells = Observation.objects.filter(own_q | sum_q)
    if year is not None:
        cells = cells.filter(year=year)
    rows = _rows(
        cells.values("indicator_id", "year")
        .annotate(**_aggregates("own", own_q), **_aggregates("sum", ~own_q))
        .order_by("indicator_id", "year")
    )
    found = [
        IndicatorYearFigure(
            indicators[row["indicator_id"]],
            row["year"],
            _figure(row, ["own", "sum"], indicators[row["indicator_id"]]),
        )
        for row in rows
    ]
    return sorted(
        (item for item in found if item.figure.has_data), key=lambda item: (item.indicator.code, item.year)
    )


def observations_of_region(
    *, region: Region, indicator: Indicator | str | None = None, year: int | None = None
) -> QuerySet[Observation]:
    """The cells stored for one region, with their provenance; suppressed cells have no value."""
    cells = Observation.objects.filter(region=region).select_related("indicator", "region")
    if isinstance(indicator, Indicator):
        cells = cells.filter(indicator=indicator)
    elif indicator:
        cells = cells.filter(indicator__code=indicator)
    if year is not None:
        cells = cells.filter(year=year)
    return cells.order_by("indicator__code", "year", "pk")


def programme_classification_list() -> list[ProgrammeClassification]:
    """Every classified programme, hard ICT first, then hybrid ICT, then other; by name."""
    order = {ProgrammeCategory.HARD_ICT: 0, ProgrammeCategory.HYBRID_ICT: 1, ProgrammeCategory.OTHER: 2}
    found = list(ProgrammeClassification.objects.all())
    return sorted(
        found, key=lambda p: (order.get(ProgrammeCategory(p.category), 3), p.name, p.programme_code)
    )


def programme_name(*, programme_code: str) -> str | None:
    return (
        ProgrammeClassification.objects.filter(programme_code=programme_code)
        .values_list("name", flat=True)
        .first()
    )
