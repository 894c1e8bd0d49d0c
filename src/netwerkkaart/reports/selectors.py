"""Reads for the profiles' platform sections: the PPS coverage of a region, computed from the platform.

Every figure is computed over the same selection as the region's page and list (`initiative_select`
with `region_filter_params`), so the profile, the list and the map agree. The queries do not grow with
the number of regions; they read the selected initiatives' partners and yearly figures in chunks.
"""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from netwerkkaart.initiatives.models import YearlyFigure
from netwerkkaart.initiatives.result_index import PARTNER_FACET
from netwerkkaart.initiatives.selectors import (
    GoalThemeCoverage,
    InitiativeSelection,
    goal_theme_coverage,
    initiative_select,
    region_filter_params,
)
from netwerkkaart.organisations.choices import OrganisationKind
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region

# Keys per IN (...) list: well under SQLite's limit on parameters, and few round trips at scale.
CHUNK = 5_000
# The yearly measures that are counts of people or organisations (summed over initiatives).
YEARLY_MEASURES = ("students_reached", "companies", "teachers")


@dataclass(frozen=True)
class YearTotal:
    year: int
    value: int
    reporting: int  # initiatives that reported this measure for this year


@dataclass(frozen=True)
class Coverage:
    """The PPS coverage of one region, from the platform's own data."""

    region: Region
    initiatives: int
    fictitious: int
    companies: int
    goals_covered: int
    themes_covered: int
    coverage: GoalThemeCoverage
    yearly: dict[str, list[YearTotal]]

    def latest(self, measure: str) -> YearTotal | None:
        totals = self.yearly.get(measure) or []
        return totals[-1] if totals else None


def _chunks(ids: Sequence[int] | npt.NDArray[np.int64]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield [int(pk) for pk in ids[start : start + CHUNK]]


def selection_of(region: Region) -> InitiativeSelection:
    return initiative_select(params=region_filter_params(region=region))


def companies_involved(selection: InitiativeSelection) -> int:
    """Distinct companies that are partners in at least one of the selected initiatives."""
    counts = selection.index.columns[PARTNER_FACET].counts(selection.matching())
    partners = [pk for pk, count in counts.items() if count]
    return sum(
        Organisation.objects.filter(pk__in=chunk, kind=OrganisationKind.COMPANY).count()
        for chunk in _chunks(partners)
    )


def yearly_totals(selection: InitiativeSelection) -> dict[str, list[YearTotal]]:
    """Per measure, per year (oldest first): the sum over the selected initiatives. An initiative that
    reported one year from several sources counts once, with its largest figure (no double counting)."""
    ids = selection.index.ids[np.flatnonzero(selection.matching())]
    best: dict[str, dict[tuple[int, int], int]] = {measure: {} for measure in YEARLY_MEASURES}
    for chunk in _chunks(ids):
        rows = YearlyFigure.objects.filter(initiative_id__in=chunk).values_list(
            "initiative_id", "year", *YEARLY_MEASURES
        )
        for initiative_id, year, *values in rows:
            for measure, value in zip(YEARLY_MEASURES, values, strict=True):
                if value is not None:
                    key = (initiative_id, year)
                    best[measure][key] = max(value, best[measure].get(key, 0))
    totals: dict[str, list[YearTotal]] = {}
    for measure, values in best.items():
        per_year: dict[int, list[int]] = defaultdict(list)
        for (_initiative, year), value in values.items():
            per_year[year].append(value)
        totals[measure] = [
            YearTotal(year=year, value=sum(per_year[year]), reporting=len(per_year[year]))
            for year in sorted(per_year)
        ]
    return totals


def coverage_of(region: Region) -> Coverage:
    selection = selection_of(region)
    mask = selection.matching()
    coverage = goal_theme_coverage(selection=selection)
    return Coverage(
        region=region,
        initiatives=int(np.count_nonzero(mask)),
        fictitious=int(np.count_nonzero(mask & selection.index.fictitious)),
        companies=companies_involved(selection),
        goals_covered=sum(1 for row in coverage.goals if row.count),
        themes_covered=sum(1 for row in coverage.themes if row.count),
        coverage=coverage,
        yearly=yearly_totals(selection),
    )


def share(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole``, one decimal; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def profile_regions() -> list[Region]:
    """The regions that have a profile: the Netherlands, the provinces, the labour-market regions."""
    kinds = [RegionKind.COUNTRY, RegionKind.PROVINCE, RegionKind.LABOUR_MARKET_REGION]
    order: dict[str, int] = {kind: position for position, kind in enumerate(kinds)}
    regions = list(Region.objects.current().filter(kind__in=kinds).defer("boundary"))
    return sorted(regions, key=lambda region: (order[region.kind], region.name))


def country_get() -> Region | None:
    return Region.objects.current().of_kind(RegionKind.COUNTRY).defer("boundary").first()


def labour_market_region_shapes() -> list[Region]:
    return list(Region.objects.current().of_kind(RegionKind.LABOUR_MARKET_REGION).order_by("name"))
