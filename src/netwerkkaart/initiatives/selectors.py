"""Reads of initiatives for pages, the API and exports, so they never disagree.

An initiative is *in* a region when it is published and its main municipality or one of the regions it
serves lies within that region: the region itself, or (for a province or labour-market region) one of
its member municipalities. The Netherlands holds every published initiative.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Prefetch, Q, QuerySet, TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from netwerkkaart.core.models import Term
from netwerkkaart.organisations.choices import OrganisationKind
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region, RegionMembership

from .choices import InitiativeKind, PartnershipRole, Phase
from .models import (
    EducationLevel,
    Goal,
    Initiative,
    InitiativeLocation,
    InitiativeQuerySet,
    Partnership,
    TargetGroup,
    Theme,
)

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


# --- The filtered list: one filter state (kept in the URL) for the list, the search and the map. ---

# The two themes that get too little attention: shown as prominent shortcuts above the filters.
NEGLECTED_THEMES = ("lifelong-learning", "women-in-ict")
PARTNER_FACET_SIZE = 10


class InitiativeSort(TextChoices):
    NAME = "name", _("name")
    START_YEAR = "start_year", _("start year")
    NEWEST = "newest", _("newest first")
    # Only for search results (a queryset annotated with ``search_score``).
    RELEVANCE = "relevance", _("relevance")


@dataclass(frozen=True)
class InitiativeFilterParams:
    """What the public selected: region codes, term slugs, choice values, organisation slugs.

    Within one facet the values are alternatives (OR); across facets they all apply (AND).
    """

    provinces: tuple[str, ...] = ()
    labour_market_regions: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    education_levels: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    sort: str = InitiativeSort.NAME

    def without(self, facet: str) -> "InitiativeFilterParams":
        cleared: dict[str, Any] = {facet: ()}
        return replace(self, **cleared)

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in FACET_NAMES)


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str | Promise
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str | Promise
    options: list[FacetOption]

    @property
    def selected_count(self) -> int:
        return sum(1 for option in self.options if option.selected)


@dataclass(frozen=True)
class Facets:
    total: int
    facets: list[Facet]
    shortcuts: list[FacetOption]


_TERM_FACETS: dict[str, type[Term]] = {
    "goals": Goal,
    "themes": Theme,
    "target_groups": TargetGroup,
    "education_levels": EducationLevel,
}
_REGION_FACETS = {"provinces": RegionKind.PROVINCE, "labour_market_regions": RegionKind.LABOUR_MARKET_REGION}
_CHOICE_FACETS = {"kinds": ("kind", InitiativeKind), "phases": ("phase", Phase)}
FACET_NAMES = (
    "provinces",
    "labour_market_regions",
    "goals",
    "themes",
    "target_groups",
    "education_levels",
    "kinds",
    "phases",
    "partners",
)
_FACET_LABELS = {
    "provinces": _("Province"),
    "labour_market_regions": _("Labour-market region"),
    "goals": _("Goal"),
    "themes": _("Theme"),
    "target_groups": _("Target group"),
    "education_levels": _("Education level"),
    "kinds": _("Kind"),
    "phases": _("Phase"),
    "partners": _("Partner organisation"),
}
_SORT_ORDER: dict[str, tuple[Any, ...]] = {
    InitiativeSort.NAME: ("name", "pk"),
    InitiativeSort.START_YEAR: (F("start_year").asc(nulls_last=True), "name", "pk"),
    InitiativeSort.NEWEST: (F("published_at").desc(nulls_last=True), "name", "pk"),
    InitiativeSort.RELEVANCE: (F("search_score").desc(nulls_last=True), "name", "pk"),
}


def _in_regions(codes: tuple[str, ...], kind: str) -> Q:
    """In one of the regions (see the module docstring): main place or served area lies within it."""
    regions = Region.objects.current().of_kind(kind).filter(code__in=codes).values("pk")
    members = RegionMembership.objects.filter(parent__in=regions).values("municipality")
    served = Initiative.regions_served.through.objects.filter(
        Q(region__in=regions) | Q(region__in=members)
    ).values("initiative_id")
    return Q(municipality__in=members) | Q(pk__in=served)


def _filtered(queryset: InitiativeQuerySet, params: InitiativeFilterParams) -> InitiativeQuerySet:
    for name, kind in _REGION_FACETS.items():
        if codes := getattr(params, name):
            queryset = queryset.filter(_in_regions(codes, kind))
    for name, model in _TERM_FACETS.items():
        if slugs := getattr(params, name):
            field = Initiative._meta.get_field(name)
            through = field.remote_field.through  # type: ignore[union-attr]
            term_column = f"{model._meta.model_name}__slug__in"
            queryset = queryset.filter(
                pk__in=through.objects.filter(**{term_column: slugs}).values("initiative_id")
            )
    for name, (field_name, _choices) in _CHOICE_FACETS.items():
        if values := getattr(params, name):
            queryset = queryset.filter(**{f"{field_name}__in": values})
    if params.partners:
        queryset = queryset.filter(
            pk__in=Partnership.objects.filter(organisation__slug__in=params.partners).values("initiative_id")
        )
    return queryset


def initiative_filter(
    *, params: InitiativeFilterParams, base: InitiativeQuerySet | None = None
) -> InitiativeQuerySet:
    """The published initiatives (or those of ``base``) that match ``params``, in the chosen order,
    ready for `labour_market_regions_of` without extra queries."""
    queryset = base if base is not None else Initiative.objects.published()
    queryset = _filtered(queryset.defer("description"), params)
    order = _SORT_ORDER.get(params.sort, _SORT_ORDER[InitiativeSort.NAME])
    return _with_list_relations(queryset).order_by(*order)


def _region_counts(ids: QuerySet[Initiative, Any], kind: str) -> dict[int, int]:
    """Initiatives per region of a kind, in one GROUP BY over the three ways to lie in a region."""
    memberships = RegionMembership.objects.filter(parent_kind=kind, parent__is_current=True)
    through = Initiative.regions_served.through.objects.filter(initiative__in=ids)
    by_place = memberships.filter(municipality__initiatives__in=ids).values(
        facet_region=F("parent_id"), facet_initiative=F("municipality__initiatives")
    )
    served_directly = through.filter(region__kind=kind, region__is_current=True).values(
        facet_region=F("region_id"), facet_initiative=F("initiative_id")
    )
    served_members = through.filter(
        region__memberships__parent_kind=kind, region__memberships__parent__is_current=True
    ).values(facet_region=F("region__memberships__parent_id"), facet_initiative=F("initiative_id"))
    # UNION drops the pairs found more than one way; the ORM cannot group over a union, so the outer
    # query is written here around the SQL the ORM compiled (no user text is pasted into it).
    pairs = by_place.order_by().union(served_directly.order_by(), served_members.order_by())
    try:
        pairs_sql, params = pairs.query.sql_with_params()
    except EmptyResultSet:  # the initiatives are `none()`: an empty search
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT facet_region, COUNT(*) FROM ({pairs_sql}) AS pairs GROUP BY facet_region",  # noqa: S608
            params,
        )
        return dict(cursor.fetchall())


def _value_counts(queryset: QuerySet[Any], key: str, counted: str) -> dict[Any, int]:
    return dict(queryset.order_by().values_list(key).annotate(n=Count(counted)).values_list(key, "n"))


def _facet_counts(name: str, ids: QuerySet[Initiative, Any]) -> dict[Any, int]:
    if name in _REGION_FACETS:
        return _region_counts(ids, _REGION_FACETS[name])
    if name in _TERM_FACETS:
        through = Initiative._meta.get_field(name).remote_field.through  # type: ignore[union-attr]
        column = f"{_TERM_FACETS[name]._meta.model_name}_id"
        return _value_counts(through.objects.filter(initiative__in=ids), column, "initiative_id")
    if name in _CHOICE_FACETS:
        return _value_counts(ids, _CHOICE_FACETS[name][0], "pk")
    return dict(
        Partnership.objects.filter(initiative__in=ids)
        .order_by()
        .values_list("organisation_id")
        .annotate(n=Count("initiative_id", distinct=True))
        .values_list("organisation_id", "n")
    )


def _options(
    rows: list[tuple[Any, str, str | Promise]], counts: dict[Any, int], selected: tuple[str, ...]
) -> list[FacetOption]:
    return [
        FacetOption(value=value, label=label, count=counts.get(key, 0), selected=value in selected)
        for key, value, label in rows
    ]


@dataclass(frozen=True)
class FacetChoices:
    """The options of the facets that live in tables: (primary key, value in the URL, label)."""

    regions: dict[str, list[tuple[int, str, str]]]
    terms: dict[str, list[tuple[int, str, str]]]


def initiative_facet_choices() -> FacetChoices:
    """The current provinces and labour-market regions, and the active taxonomy terms, by name."""
    regions = Region.objects.current().filter(kind__in=_REGION_FACETS.values()).order_by("name")
    rows = list(regions.values_list("pk", "code", "name", "kind"))
    return FacetChoices(
        regions={
            name: [(pk, code, label) for pk, code, label, region_kind in rows if region_kind == kind]
            for name, kind in _REGION_FACETS.items()
        },
        terms={
            name: [(term.pk, term.slug, term.name) for term in model.objects.active()]
            for name, model in _TERM_FACETS.items()
        },
    )


def initiative_facets(
    *,
    params: InitiativeFilterParams,
    base: InitiativeQuerySet | None = None,
    choices: FacetChoices | None = None,
) -> Facets:
    """Every facet with live counts: each facet counts with all the *other* selected filters applied,
    so an option's count is the number of results a click on it adds (or keeps).

    A fixed number of queries whatever the data: one GROUP BY per facet, one for the total, one for
    the partner names and, unless ``choices`` (from `initiative_facet_choices`) are given, five for
    the regions and terms.
    """
    published = base if base is not None else Initiative.objects.published()
    published = published.order_by()

    def ids_without(name: str) -> QuerySet[Initiative, Any]:
        return _filtered(published, params.without(name)).values("pk")

    if choices is None:
        choices = initiative_facet_choices()
    total = _filtered(published, params).count()
    facets: list[Facet] = []
    shortcuts: list[FacetOption] = []
    for name in FACET_NAMES:
        counts = _facet_counts(name, ids_without(name))
        selected: tuple[str, ...] = getattr(params, name)
        rows: list[tuple[Any, str, str | Promise]]
        if name in _REGION_FACETS:
            rows = list(choices.regions[name])
        elif name in _TERM_FACETS:
            rows = list(choices.terms[name])
        elif name in _CHOICE_FACETS:
            rows = [(value, value, label) for value, label in _CHOICE_FACETS[name][1].choices]
        else:
            top = sorted(counts, key=lambda pk: -counts[pk])[:PARTNER_FACET_SIZE]
            partners = Organisation.objects.filter(Q(pk__in=top) | Q(slug__in=selected)).values_list(
                "pk", "slug", "name"
            )
            rows = sorted(partners, key=lambda row: (-counts.get(row[0], 0), row[2]))
        options = _options(rows, counts, selected)
        if name == "themes":
            shortcuts = [option for option in options if option.value in NEGLECTED_THEMES]
        facets.append(Facet(name=name, label=_FACET_LABELS[name], options=options))
    return Facets(total=total, facets=facets, shortcuts=shortcuts)
