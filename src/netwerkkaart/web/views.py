"""Public pages. Views stay thin: they ask selectors and render templates."""

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from netwerkkaart.initiatives.forms import filter_query
from netwerkkaart.initiatives.models import Initiative, InitiativeLocation
from netwerkkaart.initiatives.selectors import (
    RegionCount,
    goal_theme_coverage,
    initiative_counts_per_labour_market_region,
    initiative_counts_per_region,
    initiative_get_published,
    initiative_list_newest,
    initiative_list_real,
    initiative_roles_of_organisation,
    initiative_select,
    initiative_totals,
    partners_by_role,
    region_filter_params,
)
from netwerkkaart.insights.selectors import learn_from_list, reach_growth
from netwerkkaart.organisations.selectors import organisation_get
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.selectors import (
    labour_market_region_of,
    municipalities_of,
    province_of,
    region_get_current,
)

PAGE_SIZE = 25
NEWEST_COUNT = 6
# The real (not fictitious) initiatives are few; the home page lists them all up to this number.
REAL_COUNT = 50


def _page(request: HttpRequest, queryset: QuerySet[Initiative]) -> Page[Initiative]:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _by_name(rows: list[RegionCount]) -> list[RegionCount]:
    return sorted(rows, key=lambda row: row.region.name)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    region_counts = initiative_counts_per_labour_market_region()
    return render(
        request,
        "web/home.html",
        {
            "region_counts": _by_name(region_counts),
            "regions_covered": sum(1 for row in region_counts if row.count),
            "show_map": any(row.has_boundary for row in region_counts),
            "newest": initiative_list_newest(limit=NEWEST_COUNT),
            "real_initiatives": initiative_list_real(limit=REAL_COUNT),
            "totals": initiative_totals(),
        },
    )


@require_safe
def labour_market_region_shapes(request: HttpRequest) -> JsonResponse:
    """GeoJSON of the labour-market regions with their number of initiatives, for the home map."""
    features = []
    for row in initiative_counts_per_labour_market_region(with_boundaries=True):
        feature = row.region.boundary_feature()
        if feature is None:
            continue
        feature["properties"].update(
            count=row.count,
            url=row.region.get_absolute_url(),
            label=ngettext("%(region)s: %(count)d initiative", "%(region)s: %(count)d initiatives", row.count)
            % {"region": row.region.name, "count": row.count},
        )
        features.append(feature)
    return JsonResponse(
        {"type": "FeatureCollection", "features": features}, content_type="application/geo+json"
    )


def _has_coordinates(place: Initiative | InitiativeLocation) -> bool:
    return place.latitude is not None and place.longitude is not None


@require_safe
def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = initiative_get_published(slug=slug)
    if initiative is None:
        raise Http404
    locations = list(initiative.locations.all())
    # Computed ahead by `insights_recompute` (ADR 17): one query, empty until the first run.
    learn_from = list(learn_from_list(initiative=initiative))
    return render(
        request,
        "web/initiative_detail.html",
        {
            "initiative": initiative,
            "partner_groups": partners_by_role(initiative),
            "locations": locations,
            "learn_from": learn_from,
            "growth": reach_growth(initiative.yearly_figures.all()),
            # The small location map draws what the list of locations says; without coordinates, no map.
            "location_map": _has_coordinates(initiative) or any(map(_has_coordinates, locations)),
            "tile_url": settings.BASEMAP_TILE_URL,
            "tile_attribution": settings.BASEMAP_ATTRIBUTION,
            "outlines_url": reverse("web:map-region-outlines"),
        },
    )


@require_safe
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_get(slug=slug)
    if organisation is None:
        raise Http404
    return render(
        request,
        "web/organisation_detail.html",
        {
            "organisation": organisation,
            "memberships": initiative_roles_of_organisation(organisation=organisation),
        },
    )


@require_safe
def region_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/region_list.html",
        {
            "provinces": _by_name(initiative_counts_per_region(kind=RegionKind.PROVINCE)),
            "labour_market_regions": _by_name(initiative_counts_per_labour_market_region()),
        },
    )


@require_safe
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = region_get_current(code=code.upper())
    if region is None:
        raise Http404
    if region.code != code:
        return HttpResponsePermanentRedirect(region.get_absolute_url())
    params = region_filter_params(region=region)
    selection = initiative_select(params=params)
    context: dict[str, Any] = {
        "region": region,
        "page_obj": Paginator(selection.results, PAGE_SIZE).get_page(request.GET.get("page")),
        "coverage": goal_theme_coverage(selection=selection),
        # The same initiatives in the filtered list and on the map, where they can be narrowed down.
        "filter_query": filter_query(params),
    }
    if region.kind == RegionKind.MUNICIPALITY:
        context["labour_market_region"] = labour_market_region_of(municipality=region)
        context["province"] = province_of(municipality=region)
    elif region.kind == RegionKind.COUNTRY:
        context["provinces"] = _by_name(initiative_counts_per_region(kind=RegionKind.PROVINCE))
        context["labour_market_regions"] = _by_name(initiative_counts_per_labour_market_region())
    else:
        context["municipalities"] = municipalities_of(region=region).defer("boundary")
    return render(request, "web/region_detail.html", context)
