"""Reads of initiatives for pages, the API and exports, so they never disagree.

An initiative is *in* a region when it is published and its main municipality or one of the regions it
serves lies within that region: the region itself, or (for a province or labour-market region) one of
its member municipalities. The Netherlands holds every published initiative.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, overload

import numpy as np
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Prefetch, Q, TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from netwerkkaart.core.models import Term
from netwerkkaart.organisations.choices import OrganisationKind
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region, RegionMembership

from .choices import PartnershipRole
from .models import (
    Goal,
    Initiative,
    InitiativeLocation,
    InitiativeQuerySet,
    Partnership,
    Theme,
)
from .result_index import (
    CHOICE_FACETS,
    MUNICIPALITY_FACET,
    PARTNER_FACET,
    REGION_FACETS,
    TERM_FACETS,
    FacetColumn,
    InitiativeIndex,
    Mask,
    Positions,
    Scores,
    initiative_index,
    organisation_ids_of,
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


_REGION_COLUMNS: dict[str, str] = {
    RegionKind.PROVINCE: "provinces",
    RegionKind.LABOUR_MARKET_REGION: "labour_market_regions",
    RegionKind.MUNICIPALITY: MUNICIPALITY_FACET,
}


def initiative_counts_per_region(*, kind: str, with_boundaries: bool = False) -> list[RegionCount]:
    """Every current region of a kind with the number of published initiatives in it, by code.

    Counted in the result index: two queries when it is current, whatever the number of initiatives.
    """
    regions_qs = (
        Region.objects.current()
        .of_kind(kind)
        .annotate(shape_known=ExpressionWrapper(Q(boundary__isnull=False), output_field=BooleanField()))
        .order_by("code")
    )
    if not with_boundaries:
        regions_qs = regions_qs.defer("boundary")
    index = initiative_index()
    if kind == RegionKind.COUNTRY:
        counts = dict.fromkeys(regions_qs.values_list("pk", flat=True), index.size)
    else:
        counts = index.columns[_REGION_COLUMNS[kind]].counts(index.everything())
    return [
        RegionCount(region=region, count=counts.get(region.pk, 0), has_boundary=region.shape_known)
        for region in regions_qs
    ]


def region_filter_params(*, region: Region) -> "InitiativeFilterParams":
    """The filter state of the initiatives in a region, for its page and its links to the list and map."""
    if region.kind == RegionKind.PROVINCE:
        return InitiativeFilterParams(provinces=(region.code,))
    if region.kind == RegionKind.LABOUR_MARKET_REGION:
        return InitiativeFilterParams(labour_market_regions=(region.code,))
    if region.kind == RegionKind.MUNICIPALITY:
        return InitiativeFilterParams(municipalities=(region.code,))
    return InitiativeFilterParams()


def initiative_counts_per_labour_market_region(*, with_boundaries: bool = False) -> list[RegionCount]:
    """All current labour-market regions (35) with their number of published initiatives."""
    return initiative_counts_per_region(kind=RegionKind.LABOUR_MARKET_REGION, with_boundaries=with_boundaries)


def goal_theme_coverage(*, selection: "InitiativeSelection") -> GoalThemeCoverage:
    """How many of the selected initiatives work on each active goal and theme, zeros included (gaps)."""
    index, within = selection.index, selection.matching()

    def count(name: str, model: type[Goal] | type[Theme]) -> list[TermCount]:
        counts = index.columns[name].counts(within)
        return [TermCount(term=term, count=counts.get(term.pk, 0)) for term in model.objects.active()]

    return GoalThemeCoverage(goals=count("goals", Goal), themes=count("themes", Theme))


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
    # Not a facet (342 options): the region pages of municipalities link to their initiatives with it.
    municipalities: tuple[str, ...] = ()
    sort: str = InitiativeSort.NAME

    def without(self, facet: str) -> "InitiativeFilterParams":
        cleared: dict[str, Any] = {facet: ()}
        return replace(self, **cleared)

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in FILTER_NAMES)


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


_TERM_FACETS: dict[str, type[Term]] = dict(TERM_FACETS)
_REGION_FACETS = REGION_FACETS
_CHOICE_FACETS = CHOICE_FACETS
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
# Everything that narrows the result set: the facets and the municipality.
FILTER_NAMES = (*FACET_NAMES, MUNICIPALITY_FACET)
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


@dataclass(frozen=True)
class InitiativeSelection:
    """The published initiatives (within a base set, such as search results) that match a filter state,
    as masks over the result index: the list, the facets and the map all read this one selection."""

    index: InitiativeIndex
    params: InitiativeFilterParams
    base: Mask
    masks: dict[str, Mask]
    scores: Scores | None

    def matching(self, *, without: str | None = None) -> Mask:
        """The selected initiatives; ``without`` leaves one facet's own choice out (for its counts)."""
        mask = self.base.copy()
        for name, chosen in self.masks.items():
            if name != without:
                mask &= chosen
        return mask

    def ordered_positions(self) -> Positions:
        mask = self.matching()
        sort = self.params.sort
        if sort == InitiativeSort.RELEVANCE and self.scores is not None:
            return self.index.ordered(mask, keys=[self.index.name_rank, -self.scores])
        if sort == InitiativeSort.START_YEAR:
            return self.index.by_start_year(mask)
        if sort == InitiativeSort.NEWEST:
            return self.index.by_newest(mask)
        return self.index.by_name(mask)

    @cached_property
    def results(self) -> "InitiativeResults":
        return InitiativeResults(ids=self.index.ids[self.ordered_positions()])

    @property
    def total(self) -> int:
        return int(np.count_nonzero(self.matching()))


class InitiativeResults(Sequence[Initiative]):
    """An ordered list of initiatives that loads only the slices it is asked for (a page, a batch),
    ready for `labour_market_regions_of` without extra queries: 3 queries per slice."""

    def __init__(self, *, ids: Positions) -> None:
        self.ids = ids

    def __len__(self) -> int:
        return int(self.ids.size)

    @overload
    def __getitem__(self, item: int) -> Initiative: ...

    @overload
    def __getitem__(self, item: slice) -> list[Initiative]: ...

    def __getitem__(self, item: int | slice) -> Initiative | list[Initiative]:
        if isinstance(item, slice):
            return self._load([int(pk) for pk in self.ids[item]])
        return self._load([int(self.ids[item])])[0]

    def _load(self, ids: list[int]) -> list[Initiative]:
        if not ids:
            return []
        found = _with_list_relations(Initiative.objects.defer("description")).in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


def _matches_of(
    index: InitiativeIndex, matches: Sequence[tuple[int, int]] | None
) -> tuple[Mask, Scores | None]:
    """Which initiatives of the index a search matched, with their scores; all of them without one."""
    if matches is None:
        return index.everything(), None
    positions, held = index.positions_of_ids([pk for pk, _score in matches])
    mask = np.zeros(index.size, dtype=np.bool_)
    mask[positions[held]] = True
    scores = np.zeros(index.size, dtype=np.float64)
    scores[positions[held]] = np.array([score for _pk, score in matches], dtype=np.float64)[held]
    return mask, scores


def initiative_select(
    *,
    params: InitiativeFilterParams,
    matches: Sequence[tuple[int, int]] | None = None,
    choices: "FacetChoices | None" = None,
) -> InitiativeSelection:
    """The published initiatives (only the search ``matches`` as (id, score) pairs from
    `initiative_scores_search`, when given) that match ``params``.

    Within one facet the chosen options are alternatives, across facets they all apply; an initiative
    lies in a region by its main place, a region it serves, or a municipality it serves there.
    Queries: one for the index token (plus a rebuild after a change), one for the
    partner organisations chosen and, unless ``choices`` are given, one per region or term facet chosen;
    none that grow with the data.
    """
    index = initiative_index()
    mask, scores = _matches_of(index, matches)
    masks: dict[str, Mask] = {}
    choices_by_code = _facet_keys(params, choices)
    for name in FILTER_NAMES:
        chosen = getattr(params, name)
        if chosen:
            masks[name] = index.columns[name].mask(index.size, choices_by_code.get(name, chosen))
    return InitiativeSelection(index=index, params=params, base=mask, masks=masks, scores=scores)


def _facet_keys(params: InitiativeFilterParams, choices: "FacetChoices | None") -> dict[str, list[Any]]:
    """The index keys (primary keys) of the chosen regions, terms and partners; choices key on value.

    From ``choices`` when the caller has them (the filter form has), else one query per chosen facet.
    """
    keys: dict[str, list[Any]] = {}
    for name, kind in _REGION_FACETS.items():
        if codes := getattr(params, name):
            if choices is not None:
                keys[name] = [pk for pk, value, _label in choices.regions[name] if value in codes]
            else:
                regions = Region.objects.current().of_kind(kind).filter(code__in=codes)
                keys[name] = list(regions.values_list("pk", flat=True))
    for name, model in _TERM_FACETS.items():
        if slugs := getattr(params, name):
            if choices is not None:
                keys[name] = [pk for pk, value, _label in choices.terms[name] if value in slugs]
            else:
                keys[name] = list(model.objects.active().filter(slug__in=slugs).values_list("pk", flat=True))
    if params.partners:
        keys["partners"] = organisation_ids_of(params.partners)
    if params.municipalities:
        keys[MUNICIPALITY_FACET] = list(
            Region.objects.current()
            .of_kind(RegionKind.MUNICIPALITY)
            .filter(code__in=params.municipalities)
            .values_list("pk", flat=True)
        )
    return keys


def initiative_filter(*, params: InitiativeFilterParams) -> "InitiativeResults":
    """The published initiatives that match ``params``, in the chosen order."""
    return initiative_select(params=params).results


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


def _largest(counts: Positions, size: int) -> Positions:
    """Positions of the ``size`` largest non-zero counts; ties go to the lowest position (the oldest
    organisation). Linear, where sorting 200,000 partners' counts per request would not be."""
    if counts.size <= size:
        chosen = np.flatnonzero(counts)
    else:
        threshold = max(int(np.partition(counts, counts.size - size)[counts.size - size]), 1)
        above = np.flatnonzero(counts > threshold)
        chosen = np.concatenate([above, np.flatnonzero(counts == threshold)[: size - above.size]])
    return chosen[np.lexsort((chosen, -counts[chosen]))]


def _partner_options(
    column: FacetColumn, within: Mask, selected: tuple[str, ...]
) -> tuple[list[tuple[Any, str, str | Promise]], dict[Any, int]]:
    """The partners with the most initiatives in ``within`` (and those chosen), with their counts."""
    counted = column.count_array(within)
    top_keys = [column.keys[position] for position in _largest(counted, PARTNER_FACET_SIZE)]
    chosen = Q(pk__in=top_keys) | Q(slug__in=selected)
    partners: list[tuple[Any, str, str | Promise]] = list(
        Organisation.objects.filter(chosen).values_list("pk", "slug", "name")
    )
    positions = column.option_positions([pk for pk, _slug, _name in partners])
    counts = {column.keys[position]: int(counted[position]) for position in positions}
    rows = sorted(partners, key=lambda row: (-counts.get(row[0], 0), row[2]))
    return rows, counts


def initiative_facets(
    *,
    params: InitiativeFilterParams,
    choices: FacetChoices | None = None,
    selection: InitiativeSelection | None = None,
) -> Facets:
    """Every facet with live counts: each facet counts with all the *other* selected filters applied,
    so an option's count is the number of results a click on it adds (or keeps).

    Counted in the result index (`initiative_select`), so the queries do not grow with the data: one
    for the partner names and, unless ``choices`` (from `initiative_facet_choices`) are given, five for
    the regions and terms, besides those of the selection.
    """
    if choices is None:
        choices = initiative_facet_choices()
    if selection is None:
        selection = initiative_select(params=params, choices=choices)
    index = selection.index
    facets: list[Facet] = []
    shortcuts: list[FacetOption] = []
    for name in FACET_NAMES:
        within = selection.matching(without=name)
        selected: tuple[str, ...] = getattr(params, name)
        rows: list[tuple[Any, str, str | Promise]]
        if name == PARTNER_FACET:
            rows, counts = _partner_options(index.columns[name], within, selected)
        else:
            counts = index.columns[name].counts(within)
            if name in _REGION_FACETS:
                rows = list(choices.regions[name])
            elif name in _TERM_FACETS:
                rows = list(choices.terms[name])
            else:
                rows = [(value, value, label) for value, label in _CHOICE_FACETS[name][1].choices]
        options = _options(rows, counts, selected)
        if name == "themes":
            shortcuts = [option for option in options if option.value in NEGLECTED_THEMES]
        facets.append(Facet(name=name, label=_FACET_LABELS[name], options=options))
    return Facets(total=selection.total, facets=facets, shortcuts=shortcuts)
