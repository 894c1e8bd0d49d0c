"""Reads of initiatives for pages, the API and exports, so they never disagree.

An initiative is *in* a region when it is published and its main municipality or one of the regions it
serves lies within that region: the region itself, or (for a province or labour-market region) one of
its member municipalities. The Netherlands holds every published initiative.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet
from django.utils.functional import Promise

from netwerkkaart.core.models import Term
from netwerkkaart.organisations.choices import OrganisationKind
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region, RegionMembership

from .choices import PartnershipRole
from .models import Goal, Initiative, InitiativeLocation, InitiativeQuerySet, Partnership, Theme

_ROLE_ORDER = {role.value: position for position, role in enumerate(PartnershipRole)}

# The prefetched attributes that `labour_market_regions_of` reads.
_SERVED_LABOUR_MARKET_REGIONS = "served_labour_market_regions"
_MUNICIPALITY_LABOUR_MARKET_LINKS = "labour_market_links"


@dataclass(frozen=True)
class RegionCount:
    region: Region
    count: int
    has_boundary: bool


@dataclass(frozen=True)
class TermCount:
    term: Term
    count: int


@dataclass(frozen=True)
class GoalThemeCoverage:
    goals: list[TermCount]
    themes: list[TermCount]


@dataclass(frozen=True)
class PartnerGroup:
    role: str
    label: str | Promise
    partnerships: list[Partnership]


@dataclass(frozen=True)
class OrganisationRole:
    """One initiative an organisation takes part in, with all its roles there."""

    initiative: Initiative
    roles: list[Partnership]


@dataclass(frozen=True)
class InitiativeTotals:
    initiatives: int
    fictitious: int
    organisations: int
    companies: int

    @property
    def real(self) -> int:
        return self.initiatives - self.fictitious


def _with_list_relations(queryset: InitiativeQuerySet) -> InitiativeQuerySet:
    """What a row in a list of initiatives shows: place, municipality, labour-market region."""
    return (
        queryset.select_related("municipality")
        .defer("municipality__boundary")
        .prefetch_related(
            Prefetch(
                "regions_served",
                queryset=Region.objects.filter(kind=RegionKind.LABOUR_MARKET_REGION).defer("boundary"),
                to_attr=_SERVED_LABOUR_MARKET_REGIONS,
            ),
            Prefetch(
                "municipality__memberships",
                queryset=RegionMembership.objects.filter(
                    parent_kind=RegionKind.LABOUR_MARKET_REGION, parent__is_current=True
                )
                .select_related("parent")
                .defer("parent__boundary"),
                to_attr=_MUNICIPALITY_LABOUR_MARKET_LINKS,
            ),
        )
    )


def initiative_list_published(*, kind: str | None = None) -> InitiativeQuerySet:
    """Published initiatives ordered by name, ready for `labour_market_regions_of` without extra queries."""
    queryset = Initiative.objects.published().defer("description")
    if kind:
        queryset = queryset.filter(kind=kind)
    return _with_list_relations(queryset).order_by("name", "pk")


def initiative_list_real(*, limit: int = 50) -> list[Initiative]:
    """Published initiatives that are not fictitious demo data, by name (shown first on the home page)."""
    return list(initiative_list_published().real()[:limit])


def initiative_list_newest(*, limit: int = 6) -> list[Initiative]:
    return list(
        _with_list_relations(Initiative.objects.published().defer("description")).order_by(
            "-published_at", "name"
        )[:limit]
    )


def labour_market_regions_of(initiative: Initiative) -> list[Region]:
    """The labour-market regions an initiative works in: those it serves and that of its main place.

    Reads only what `initiative_list_published` prefetched; falls back to queries for other instances.
    """
    served: list[Region] | None = getattr(initiative, _SERVED_LABOUR_MARKET_REGIONS, None)
    if served is None:
        served = list(
            initiative.regions_served.filter(kind=RegionKind.LABOUR_MARKET_REGION).defer("boundary")
        )
    found = {region.pk: region for region in served}
    municipality = initiative.municipality
    if municipality is not None:
        links: list[RegionMembership] | None = getattr(municipality, _MUNICIPALITY_LABOUR_MARKET_LINKS, None)
        if links is None:
            links = list(
                municipality.memberships.filter(
                    parent_kind=RegionKind.LABOUR_MARKET_REGION, parent__is_current=True
                )
                .select_related("parent")
                .defer("parent__boundary")
            )
        for link in links:
            found.setdefault(link.parent_id, link.parent)
    return sorted(found.values(), key=lambda region: region.code)


def initiative_get_published(*, slug: str) -> Initiative | None:
    """One published initiative with everything its page shows, in a fixed number of queries."""
    return (
        Initiative.objects.published()
        .filter(slug=slug)
        .select_related("municipality")
        .defer("municipality__boundary")
        .prefetch_related(
            Prefetch("regions_served", queryset=Region.objects.defer("boundary").order_by("kind", "code")),
            "goals",
            "themes",
            "target_groups",
            "education_levels",
            "activities",
            Prefetch(
                "locations",
                queryset=InitiativeLocation.objects.select_related("municipality").defer(
                    "municipality__boundary"
                ),
            ),
            Prefetch(
                "partnerships",
                queryset=Partnership.objects.select_related("organisation").order_by("organisation__name"),
            ),
            "funding_lines",
            "yearly_figures",
        )
        .first()
    )


def partners_by_role(initiative: Initiative) -> list[PartnerGroup]:
    """The initiative's partners grouped by role, in the order of the roles (lead applicant first)."""
    groups: dict[str, list[Partnership]] = defaultdict(list)
    for partnership in initiative.partnerships.all():
        groups[partnership.role].append(partnership)
    return [
        PartnerGroup(role=role.value, label=role.label, partnerships=groups[role.value])
        for role in PartnershipRole
        if groups.get(role.value)
    ]


def initiatives_in_region(*, region: Region) -> InitiativeQuerySet:
    """Published initiatives in a region (see the module docstring), ordered by name."""
    queryset = Initiative.objects.published().defer("description")
    if region.kind == RegionKind.COUNTRY:
        return _with_list_relations(queryset).order_by("name", "pk")
    if region.kind == RegionKind.MUNICIPALITY:
        served = Initiative.regions_served.through.objects.filter(region=region).values("initiative_id")
        queryset = queryset.filter(Q(pk__in=served) | Q(municipality=region))
    else:
        members = RegionMembership.objects.filter(parent=region).values("municipality")
        served = Initiative.regions_served.through.objects.filter(
            Q(region=region) | Q(region__in=members)
        ).values("initiative_id")
        queryset = queryset.filter(Q(pk__in=served) | Q(municipality__in=members))
    return _with_list_relations(queryset).order_by("name", "pk")


def initiative_counts_per_region(*, kind: str, with_boundaries: bool = False) -> list[RegionCount]:
    """Every current region of a kind with the number of published initiatives in it, by code."""
    regions_qs = (
        Region.objects.current()
        .of_kind(kind)
        .annotate(shape_known=ExpressionWrapper(Q(boundary__isnull=False), output_field=BooleanField()))
        .order_by("code")
    )
    if not with_boundaries:
        regions_qs = regions_qs.defer("boundary")
    regions = list(regions_qs)
    region_ids = [region.pk for region in regions]
    through = Initiative.regions_served.through.objects.filter(initiative__in=Initiative.objects.published())
    pairs: set[tuple[int, int]] = set(
        through.filter(region_id__in=region_ids).values_list("initiative_id", "region_id")
    )
    if kind == RegionKind.MUNICIPALITY:
        pairs |= set(
            Initiative.objects.published()
            .filter(municipality_id__in=region_ids)
            .values_list("pk", "municipality_id")
        )
    elif kind != RegionKind.COUNTRY:
        pairs |= set(
            through.filter(region__memberships__parent_id__in=region_ids).values_list(
                "initiative_id", "region__memberships__parent_id"
            )
        )
        pairs |= set(
            Initiative.objects.published()
            .filter(municipality__memberships__parent_id__in=region_ids)
            .values_list("pk", "municipality__memberships__parent_id")
        )
    counts: dict[int, int] = defaultdict(int)
    for _initiative_id, region_id in pairs:
        counts[region_id] += 1
    return [
        RegionCount(region=region, count=counts[region.pk], has_boundary=region.shape_known)
        for region in regions
    ]


def initiative_counts_per_labour_market_region(*, with_boundaries: bool = False) -> list[RegionCount]:
    """All current labour-market regions (35) with their number of published initiatives."""
    return initiative_counts_per_region(kind=RegionKind.LABOUR_MARKET_REGION, with_boundaries=with_boundaries)


def goal_theme_coverage(*, initiatives: QuerySet[Initiative]) -> GoalThemeCoverage:
    """How many of the given initiatives work on each active goal and theme, zeros included (gaps)."""
    ids = initiatives.order_by().values("pk")

    def count(model: type[Goal] | type[Theme]) -> list[TermCount]:
        terms = model.objects.active().annotate(
            initiative_count=Count("initiatives", filter=Q(initiatives__in=ids), distinct=True)
        )
        return [TermCount(term=term, count=term.initiative_count) for term in terms]

    return GoalThemeCoverage(goals=count(Goal), themes=count(Theme))


def initiative_totals() -> InitiativeTotals:
    initiatives = Initiative.objects.published().aggregate(
        total=Count("pk"), fictitious=Count("pk", filter=Q(fictitious=True))
    )
    partners = Partnership.objects.filter(initiative__in=Initiative.objects.published()).aggregate(
        organisations=Count("organisation", distinct=True),
        companies=Count("organisation", distinct=True, filter=Q(organisation__kind=OrganisationKind.COMPANY)),
    )
    return InitiativeTotals(
        initiatives=initiatives["total"],
        fictitious=initiatives["fictitious"],
        organisations=partners["organisations"],
        companies=partners["companies"],
    )


def initiative_roles_of_organisation(*, organisation: Organisation) -> list[OrganisationRole]:
    """The published initiatives an organisation takes part in, by initiative name, with its roles."""
    partnerships = (
        Partnership.objects.filter(organisation=organisation, initiative__in=Initiative.objects.published())
        .select_related("initiative")
        .defer("initiative__description")
        .order_by("initiative__name", "initiative_id")
    )
    grouped: dict[int, OrganisationRole] = {}
    for partnership in partnerships:
        grouped.setdefault(
            partnership.initiative_id, OrganisationRole(initiative=partnership.initiative, roles=[])
        ).roles.append(partnership)
    for entry in grouped.values():
        entry.roles.sort(key=lambda partnership: _ROLE_ORDER.get(partnership.role, len(_ROLE_ORDER)))
    return list(grouped.values())
