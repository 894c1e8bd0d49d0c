"""Reads of the partnership finder and the business-involvement funnel (ADR 16).

The finder ranks the published initiatives for a company in three tiers: those in the company's
labour-market region (by main place, a region or municipality served, as the region pages count
them), then nearby ones (serving the company's province, or with a location within `NEARBY_KM` of the
postcode centre), then national ones (serving the whole country). Within a tier the fit with the
company's need decides (`needs.py`), then the distance, then the name. Everything is computed on the
initiative result index (`initiatives.result_index`): a fixed number of queries, whatever the number
of initiatives.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkkaart.core.models import Term
from netwerkkaart.initiatives.models import Activity, Goal, Initiative, TargetGroup, Theme
from netwerkkaart.initiatives.result_index import (
    ACTIVITY_COLUMN,
    NATIONAL_COLUMN,
    InitiativeIndex,
    Mask,
    initiative_index,
)
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Postcode, Region, RegionMembership
from netwerkkaart.regions.selectors import postcode_normalise

from .choices import Tier
from .models import Enquiry
from .needs import NEED_MATCHES, SECTOR_THEMES, SME_SIZES, SME_TARGET_GROUPS, WEIGHTS, NeedMatch

# Within this distance (km) of the postcode centre an initiative outside the region counts as nearby.
NEARBY_KM = 40.0
# How many initiatives each tier shows; the region tier links to all initiatives of the region.
TIER_LIMITS: dict[str, int] = {Tier.REGION: 10, Tier.NEARBY: 5, Tier.NATIONAL: 5}
EARTH_RADIUS_KM = 6371.0

_TERM_MODELS: dict[str, type[Term]] = {
    "activities": Activity,
    "target_groups": TargetGroup,
    "goals": Goal,
    "themes": Theme,
}


@dataclass(frozen=True)
class CompanyPlace:
    """Where the company is: its municipality and the regions around it, and a centre point."""

    municipality: Region
    labour_market_region: Region | None
    province: Region | None
    latitude: float | None
    longitude: float | None
    postcode: str = ""


@dataclass(frozen=True)
class Match:
    initiative: Initiative
    tier: str
    score: int
    distance_km: float | None
    reasons: tuple[str, ...]

    @property
    def via_coordinators(self) -> bool:
        return not self.initiative.contact_email


@dataclass(frozen=True)
class TierResult:
    tier: str
    label: str
    matches: list[Match]
    total: int


@dataclass(frozen=True)
class FinderResult:
    place: CompanyPlace
    tiers: list[TierResult] = field(default_factory=list)

    @property
    def total_shown(self) -> int:
        return sum(len(tier.matches) for tier in self.tiers)


def _memberships(municipality: Region) -> tuple[Region | None, Region | None]:
    """The current labour-market region and province of a municipality (one query)."""
    links = (
        RegionMembership.objects.filter(
            municipality=municipality,
            parent__is_current=True,
            parent_kind__in=[RegionKind.LABOUR_MARKET_REGION, RegionKind.PROVINCE],
        )
        .select_related("parent")
        .defer("parent__boundary")
        .order_by("-year")
    )
    found: dict[str, Region] = {}
    for link in links:
        found.setdefault(link.parent_kind, link.parent)
    return found.get(RegionKind.LABOUR_MARKET_REGION), found.get(RegionKind.PROVINCE)


def company_place_find(*, text: str) -> CompanyPlace | None:
    """The place of a postcode (PC4 or full) or a current municipality's name, or None (two queries)."""
    text = " ".join(text.split())
    if not text:
        return None
    code = postcode_normalise(text)
    if code is not None:
        postcode = (
            Postcode.objects.filter(code=code, municipality__isnull=False)
            .select_related("municipality")
            .defer("municipality__boundary")
            .first()
        )
        if postcode is None or postcode.municipality is None:
            return None
        municipality = postcode.municipality
        latitude: float | None = postcode.latitude
        longitude: float | None = postcode.longitude
    else:
        found = (
            Region.objects.current()
            .of_kind(RegionKind.MUNICIPALITY)
            .filter(Q(name__iexact=text) | Q(code__iexact=text))
            .defer("boundary")
            .order_by("-year")
            .first()
        )
        if found is None:
            return None
        municipality, code = found, ""
        latitude, longitude = found.latitude, found.longitude
    labour_market_region, province = _memberships(municipality)
    return CompanyPlace(
        municipality=municipality,
        labour_market_region=labour_market_region,
        province=province,
        latitude=latitude,
        longitude=longitude,
        postcode=code,
    )


def _distances_km(index: InitiativeIndex, latitude: float | None, longitude: float | None) -> np.ndarray:
    """Great-circle distance of every initiative's main place (NaN without coordinates)."""
    if latitude is None or longitude is None:
        return np.full(index.size, np.nan)
    lat1, lon1 = math.radians(latitude), math.radians(longitude)
    lat2, lon2 = np.radians(index.latitude), np.radians(index.longitude)
    a = np.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@dataclass(frozen=True)
class _Wanted:
    """The terms a company's answers ask for, per index column, with the weight of a match."""

    terms: dict[str, list[Term]]  # column -> terms, for the reasons
    sector_themes: list[Term]
    size_groups: list[Term]


def _wanted(*, need: NeedMatch, sector: str, size: str) -> _Wanted:
    """The taxonomy terms of the answers, one query per taxonomy."""
    slugs: dict[str, set[str]] = {
        "activities": set(need.activities),
        "target_groups": set(need.target_groups),
        "goals": set(need.goals),
        "themes": set(need.themes),
    }
    sector_slugs = set(SECTOR_THEMES.get(sector, ()))
    size_slugs = set(SME_TARGET_GROUPS) if size in SME_SIZES else set()
    slugs["themes"] |= sector_slugs
    slugs["target_groups"] |= size_slugs
    found: dict[str, list[Term]] = {}
    for column, model in _TERM_MODELS.items():
        found[column] = list(model.objects.active().filter(slug__in=slugs[column])) if slugs[column] else []
    return _Wanted(
        terms={
            "activities": found["activities"],
            "target_groups": [term for term in found["target_groups"] if term.slug in need.target_groups],
            "goals": found["goals"],
            "themes": [term for term in found["themes"] if term.slug in need.themes],
        },
        sector_themes=[term for term in found["themes"] if term.slug in sector_slugs],
        size_groups=[term for term in found["target_groups"] if term.slug in size_slugs],
    )


def _column_name(column: str) -> str:
    return ACTIVITY_COLUMN if column == "activities" else column


def _scores(index: InitiativeIndex, wanted: _Wanted) -> np.ndarray:
    scores = np.zeros(index.size, dtype=np.int64)
    for column, terms in wanted.terms.items():
        if terms:
            mask = index.columns[_column_name(column)].mask(index.size, [term.pk for term in terms])
            scores += WEIGHTS[column] * mask
    if wanted.sector_themes:
        scores += WEIGHTS["sector"] * index.columns["themes"].mask(
            index.size, [term.pk for term in wanted.sector_themes]
        )
    if wanted.size_groups:
        scores += WEIGHTS["size"] * index.columns["target_groups"].mask(
            index.size, [term.pk for term in wanted.size_groups]
        )
    return scores


def _terms_held(index: InitiativeIndex, column: str, position: int, terms: Sequence[Term]) -> list[Term]:
    """Which of ``terms`` the initiative at ``position`` holds in a column."""
    facet = index.columns[_column_name(column)]
    start, end = facet.by_initiative[position], facet.by_initiative[position + 1]
    held = {facet.keys[option] for option in facet.options[start:end]}
    return [term for term in terms if term.pk in held]


def _names(terms: Iterable[Term]) -> str:
    return ", ".join(term.name for term in terms)


def _reasons(
    index: InitiativeIndex, position: int, tier: str, place: CompanyPlace, wanted: _Wanted, distance: float
) -> tuple[str, ...]:
    """Plain sentences on why the initiative fits, the place first."""
    reasons: list[str] = []
    if tier == Tier.REGION and place.labour_market_region is not None:
        reasons.append(
            _("Works in your labour-market region %(region)s.") % {"region": place.labour_market_region.name}
        )
    elif tier == Tier.NEARBY:
        if not math.isnan(distance):
            reasons.append(_("About %(km)d km from you.") % {"km": round(distance)})
        else:
            reasons.append(_("Works in your province."))
    elif tier == Tier.NATIONAL:
        reasons.append(_("Works across the whole country."))
    messages = {
        "activities": _("Offers what you ask for: %(terms)s."),
        "target_groups": _("Works with %(terms)s."),
        "goals": _("Aims at %(terms)s."),
        "themes": _("Works on %(terms)s."),
    }
    for column, terms in wanted.terms.items():
        if held := _terms_held(index, column, position, terms):
            reasons.append(messages[column] % {"terms": _names(held).lower()})
    if held := _terms_held(index, "themes", position, wanted.sector_themes):
        reasons.append(_("Works on your sector's theme: %(terms)s.") % {"terms": _names(held).lower()})
    if _terms_held(index, "target_groups", position, wanted.size_groups):
        reasons.append(_("Works with small and medium-sized companies."))
    return tuple(reasons)


def _in_region(index: InitiativeIndex, column: str, region: Region | None) -> Mask:
    if region is None:
        return np.zeros(index.size, dtype=np.bool_)
    return index.columns[column].mask(index.size, [region.pk])


def partnership_find(*, place: CompanyPlace, need: str, sector: str = "", size: str = "") -> FinderResult:
    """The initiatives for a company, ranked in tiers with their reasons (ADR 16).

    Queries: the index token (plus a rebuild after a change), one per taxonomy the answers name (at
    most four) and one for the initiatives shown; none that grow with the data.
    """
    index = initiative_index()
    wanted = _wanted(need=NEED_MATCHES[need], sector=sector, size=size)
    scores = _scores(index, wanted)
    distances = _distances_km(index, place.latitude, place.longitude)
    region = _in_region(index, "labour_market_regions", place.labour_market_region)
    near = ~region & (
        _in_region(index, "provinces", place.province) | (np.nan_to_num(distances, nan=np.inf) <= NEARBY_KM)
    )
    national = (
        ~region
        & ~near
        & (index.columns[NATIONAL_COLUMN].mask(index.size, index.columns[NATIONAL_COLUMN].keys))
    )
    sort_distance = np.nan_to_num(distances, nan=np.inf)
    chosen: list[tuple[str, np.ndarray, int]] = []
    tier_masks: tuple[tuple[str, Mask], ...] = (
        (Tier.REGION, region),
        (Tier.NEARBY, near),
        (Tier.NATIONAL, national),
    )
    for tier, mask in tier_masks:
        # Outside the region only initiatives that fit the need are worth a company's time.
        if tier != Tier.REGION:
            mask = mask & (scores > 0)
        positions = index.ordered(mask, keys=[index.name_rank, sort_distance, -scores])
        chosen.append((tier, positions[: TIER_LIMITS[tier]], int(positions.size)))
    ids = [int(index.ids[position]) for _tier, positions, _total in chosen for position in positions]
    initiatives = (
        Initiative.objects.filter(pk__in=ids)
        .select_related("municipality")
        .only(
            "pk",
            "name",
            "slug",
            "summary",
            "kind",
            "place",
            "fictitious",
            "contact_email",
            "municipality__name",
            "municipality__code",
        )
        .in_bulk()
    )
    labels = {tier.value: str(tier.label) for tier in Tier}
    tiers = []
    for tier, positions, total in chosen:
        matches = []
        for position in positions:
            initiative = initiatives.get(int(index.ids[position]))
            if initiative is None:  # unpublished since the index was built
                continue
            distance = float(distances[position])
            matches.append(
                Match(
                    initiative=initiative,
                    tier=tier,
                    score=int(scores[position]),
                    distance_km=None if math.isnan(distance) else round(distance, 1),
                    reasons=_reasons(index, int(position), tier, place, wanted, distance),
                )
            )
        tiers.append(TierResult(tier=tier, label=labels[tier], matches=matches, total=total))
    return FinderResult(place=place, tiers=tiers)


def initiative_for_enquiry(*, slug: str) -> Initiative | None:
    """A published initiative a company may write to (one query)."""
    return (
        Initiative.objects.published()
        .filter(slug=slug)
        .only("pk", "name", "slug", "summary", "fictitious", "contact_email", "municipality_id")
        .first()
    )


def initiative_labour_market_region(initiative: Initiative) -> Region | None:
    """The labour-market region of an initiative's main place (one query; None without a place)."""
    if initiative.municipality_id is None:
        return None
    link = (
        RegionMembership.objects.filter(
            municipality_id=initiative.municipality_id,
            parent_kind=RegionKind.LABOUR_MARKET_REGION,
            parent__is_current=True,
        )
        .select_related("parent")
        .defer("parent__boundary")
        .order_by("-year")
        .first()
    )
    return link.parent if link else None


# --- the funnel -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class FunnelCounts:
    asked: int
    contacted: int
    joined: int


@dataclass(frozen=True)
class FunnelRegionRow:
    region: Region | None  # None: the company's region is unknown
    counts: FunnelCounts


@dataclass(frozen=True)
class FunnelMonthRow:
    month: date
    counts: FunnelCounts


@dataclass(frozen=True)
class Funnel:
    """Companies that asked, were contacted and joined: in total, per region and per month."""

    total: FunnelCounts
    regions: list[FunnelRegionRow]
    months: list[FunnelMonthRow]


def _funnel_counts() -> dict[str, Count]:
    return {
        "asked": Count("pk"),
        "contacted": Count("pk", filter=Q(contacted_at__isnull=False)),
        "joined": Count("pk", filter=Q(joined_at__isnull=False)),
    }


def _counts(row: Any) -> FunnelCounts:
    return FunnelCounts(asked=row["asked"], contacted=row["contacted"], joined=row["joined"])


def _month(value: datetime | date) -> date:
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)


def enquiry_funnel(*, region: Region | None = None) -> Funnel:
    """The business-involvement funnel, nationally or for the companies of one labour-market region.

    Counts only what stays after the purge (region, dates), so old enquiries keep counting. Every
    current labour-market region has a row, also without enquiries. Three queries plus one for the
    regions.
    """
    enquiries = Enquiry.objects.all()
    if region is not None:
        enquiries = enquiries.filter(labour_market_region=region)
    total = enquiries.aggregate(**_funnel_counts())
    per_region: dict[int | None, FunnelCounts] = {
        row["labour_market_region"]: _counts(row)
        for row in enquiries.order_by().values("labour_market_region").annotate(**_funnel_counts())
    }
    months: dict[date, FunnelCounts] = {}
    month_rows: Iterable[Any] = (
        enquiries.annotate(month=TruncMonth("created_at"))
        .order_by()
        .values("month")
        .annotate(**_funnel_counts())
        .order_by("month")
    )
    for row in month_rows:
        month = _month(row["month"])
        previous = months.get(month, FunnelCounts(0, 0, 0))
        counts = _counts(row)
        months[month] = FunnelCounts(
            previous.asked + counts.asked,
            previous.contacted + counts.contacted,
            previous.joined + counts.joined,
        )
    regions = (
        Region.objects.current().of_kind(RegionKind.LABOUR_MARKET_REGION).defer("boundary").order_by("name")
    )
    if region is not None:
        regions = regions.filter(pk=region.pk)
    rows = [FunnelRegionRow(region=r, counts=per_region.get(r.pk, FunnelCounts(0, 0, 0))) for r in regions]
    if None in per_region and region is None:
        rows.append(FunnelRegionRow(region=None, counts=per_region[None]))
    return Funnel(
        total=_counts(total),
        regions=rows,
        months=[FunnelMonthRow(month=month, counts=months[month]) for month in sorted(months)],
    )


def funnel_regions() -> list[Region]:
    """The labour-market regions a coordinator can choose, by name."""
    return list(
        Region.objects.current().of_kind(RegionKind.LABOUR_MARKET_REGION).defer("boundary").order_by("name")
    )
