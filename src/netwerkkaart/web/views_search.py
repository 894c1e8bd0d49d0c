"""The filtered list of initiatives and the search page: one filter state, kept in the URL."""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from netwerkkaart.initiatives.forms import InitiativeFilterForm
from netwerkkaart.initiatives.selectors import initiative_facets, initiative_select
from netwerkkaart.organisations.selectors import organisation_list
from netwerkkaart.regions.selectors import regions_current_of_codes
from netwerkkaart.search.choices import SearchKind
from netwerkkaart.search.selectors import initiative_scores_search, search

# (initiative id, score) pairs of a search.
SearchMatches = list[tuple[int, int]]

PAGE_SIZE = 25
ORGANISATION_RESULTS = 10
MAX_QUERY_LENGTH = 200


def _filtered_context(
    request: HttpRequest, form: InitiativeFilterForm, matches: SearchMatches | None = None
) -> dict[str, Any]:
    params = form.params()
    selection = initiative_select(params=params, matches=matches, choices=form.choices)
    facets = initiative_facets(params=params, choices=form.choices, selection=selection)
    return {
        "form": form,
        "params": params,
        "facets": facets,
        "filter_groups": form.facet_fields(facets),
        "form_action": request.path,
        # Not a facet: set by the links on municipality pages, kept while other filters change.
        "municipalities": regions_current_of_codes(codes=params.municipalities),
        "page_obj": Paginator(selection.results, PAGE_SIZE).get_page(request.GET.get("page")),
    }


@require_safe
def initiative_list(request: HttpRequest) -> HttpResponse:
    context = _filtered_context(request, InitiativeFilterForm(request.GET))
    return render(request, "web/search/initiative_list.html", context)


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]


def search_matches(request: HttpRequest) -> SearchMatches | None:
    """The initiatives that match the search ``q`` with their scores; None without a search."""
    query = _query(request)
    if not query:
        return None
    return initiative_scores_search(query=query)


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    """Initiatives (ranked, filterable like the list) and organisations that match ``q``."""
    query = _query(request)
    context: dict[str, Any] = {"query": query}
    matches = search_matches(request)
    if matches is not None:
        context.update(_filtered_context(request, InitiativeFilterForm(request.GET, searching=True), matches))
        hits = search(query=query, kinds=[SearchKind.ORGANISATION], limit=ORGANISATION_RESULTS).hits
        found = organisation_list().in_bulk([hit.object_id for hit in hits])
        context["organisations"] = [found[hit.object_id] for hit in hits if hit.object_id in found]
    return render(request, "web/search/search.html", context)
