"""The map of initiatives (`/kaart`), its clusters endpoint, and the embeddable map (`/embed/kaart`).

The map is an enhancement of the list: without JavaScript the page links to `/initiatieven` with the
same filters, and with it the page still says that the list is an equal route to the same results.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from netwerkkaart.initiatives.forms import InitiativeFilterForm
from netwerkkaart.initiatives.map_selectors import (
    MapParamsError,
    initiative_clusters,
    labour_market_boundaries_loaded,
    labour_market_region_outlines,
    map_request_parse,
)
from netwerkkaart.initiatives.selectors import initiative_select

from .views_search import search_matches

# Parameters that belong to one view of the results, not to the result set the views share.
_VIEW_PARAMS = ("zoom", "bbox", "page", "sort")
# Five decimals of a degree are about a metre: more only makes the payload bigger.
_DECIMALS = 5
# A long name is cut in the payload; the initiative's page has the whole name.
_NAME_LENGTH = 90
_COMPACT_JSON = {"separators": (",", ":"), "ensure_ascii": False}
EMBED_HEIGHT = 480


def _shared_query(request: HttpRequest) -> str:
    """The query string of the result set: what the map, the list and the embed have in common."""
    query: QueryDict = request.GET.copy()
    for name in _VIEW_PARAMS:
        query.pop(name, None)
    return query.urlencode()


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


def _short(name: str) -> str:
    return name if len(name) <= _NAME_LENGTH else name[: _NAME_LENGTH - 1].rstrip() + "…"


def _problem(detail: str) -> JsonResponse:
    """An RFC 9457 problem: the reason a request was refused, in words for whoever sent it."""
    return JsonResponse(
        {"title": _("Invalid map request"), "status": 400, "detail": detail},
        status=400,
        content_type="application/problem+json",
    )


def _embed_snippet(url: str) -> str:
    """HTML for partner sites to copy; a plain string, so the template shows it as text."""
    title = _("Netwerkkaart: map of ICT partnerships in education")
    return (
        f'<iframe src="{escape(url)}" title="{escape(title)}" width="100%" height="{EMBED_HEIGHT}" '
        'loading="lazy"></iframe>'
    )


def _map_context(request: HttpRequest, *, embedded: bool) -> dict[str, Any]:
    query = _shared_query(request)
    # With a search the list of the same results is the search page.
    list_view = "web:search" if request.GET.get("q", "").strip() else "web:initiative-list"
    return {
        "embedded": embedded,
        "query": query,
        "list_url": _with_query(reverse(list_view), query),
        "map_url": _with_query(reverse("web:map"), query),
        "clusters_url": reverse("web:map-clusters"),
        "shapes_url": reverse("web:map-region-outlines") if labour_market_boundaries_loaded() else "",
        "tile_url": settings.BASEMAP_TILE_URL,
        "tile_attribution": settings.BASEMAP_ATTRIBUTION,
        "link_target": "_blank" if embedded else "",
    }


@require_safe
def map_page(request: HttpRequest) -> HttpResponse:
    context = _map_context(request, embedded=False)
    embed_url = request.build_absolute_uri(_with_query(reverse("web:embed-map"), context["query"]))
    context["embed_snippet"] = _embed_snippet(embed_url)
    return render(request, "web/map/map.html", context)


@require_safe
def embed_map(request: HttpRequest) -> HttpResponse:
    """The map without the site around it, for an iframe on the sites in EMBED_ALLOWED_ORIGINS only."""
    context = _map_context(request, embedded=True)
    response = render(request, "web/map/embed.html", context)
    origins = list(settings.EMBED_ALLOWED_ORIGINS)
    if origins:
        # What django-csp's @csp_replace and Django's @xframe_options_exempt do, decided per response:
        # the allow-list is a setting, and a decorator would freeze it when this module is imported.
        response._csp_replace = {"frame-ancestors": origins}  # type: ignore[attr-defined]
        response.xframe_options_exempt = True
    return response


@require_safe
def map_clusters(request: HttpRequest) -> JsonResponse:
    """GeoJSON points for `?zoom=Z&bbox=w,s,e,n` and the list's filters and search: one per non-empty
    grid cell.

    A cell with several initiatives is a cluster with its `count`; a cell with one initiative carries its
    name, link and whether it is fictitious. The whole country stays a few hundred features. Filter
    values are read as the list reads them: unknown ones are left out, so an old link still works.
    """
    try:
        map_request = map_request_parse(request.GET)
    except MapParamsError as exc:
        return _problem(str(exc))
    form = InitiativeFilterForm(request.GET)
    selection = initiative_select(params=form.params(), matches=search_matches(request), choices=form.choices)
    clusters = initiative_clusters(selection=selection, zoom=map_request.zoom, bbox=map_request.bbox)
    detail_url = reverse("web:initiative-detail", kwargs={"slug": "-"})[:-1]
    features = []
    for cluster in clusters:
        properties: dict[str, Any] = {"count": cluster.count}
        if cluster.is_single:
            properties.update(
                name=_short(cluster.name),
                url=detail_url + cluster.slug,
                fictitious=bool(cluster.fictitious),
            )
        else:
            properties["fictitious"] = cluster.fictitious
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [
                        round(cluster.longitude, _DECIMALS),
                        round(cluster.latitude, _DECIMALS),
                    ],
                },
                "properties": properties,
            }
        )
    payload = {
        "type": "FeatureCollection",
        "total": sum(cluster.count for cluster in clusters),
        "zoom": map_request.zoom,
        "features": features,
    }
    return JsonResponse(payload, content_type="application/geo+json", json_dumps_params=_COMPACT_JSON)


@require_safe
def map_region_outlines(request: HttpRequest) -> JsonResponse:
    """GeoJSON outlines of the labour-market regions: the backdrop of the map, the same for every filter."""
    return JsonResponse(
        {"type": "FeatureCollection", "features": labour_market_region_outlines()},
        content_type="application/geo+json",
        json_dumps_params=_COMPACT_JSON,
    )
