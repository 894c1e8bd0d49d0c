"""The filtered list of initiatives and the search page: one filter state, kept in the URL."""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from netwerkkaart.initiatives.forms import InitiativeFilterForm
from netwerkkaart.initiatives.models import Initiative, InitiativeQuerySet
from netwerkkaart.initiatives.selectors import initiative_facets, initiative_filter
from netwerkkaart.organisations.selectors import organisation_list
from netwerkkaart.search.choices import SearchKind
from netwerkkaart.search.selectors import initiative_queryset_search, search

PAGE_SIZE = 25
ORGANISATION_RESULTS = 10
MAX_QUERY_LENGTH = 200


def _filtered_context(
    request: HttpRequest, form: InitiativeFilterForm, base: InitiativeQuerySet | None = None
) -> dict[str, Any]:
    params = form.params()
    facets = initiative_facets(params=params, base=base, choices=form.choices)
    return {
        "form": form,
        "params": params,
        "facets": facets,
        "filter_groups": form.facet_fields(facets),
        "form_action": request.path,
        "page_obj": Paginator(initiative_filter(params=params, base=base), PAGE_SIZE).get_page(
            request.GET.get("page")
        ),
    }


@require_safe
def initiative_list(request: HttpRequest) -> HttpResponse:
    context = _filtered_context(request, InitiativeFilterForm(request.GET))
    return render(request, "web/search/initiative_list.html", context)


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    """Initiatives (ranked, filterable like the list) and organisations that match ``q``."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    context: dict[str, Any] = {"query": query}
    if query:
        matching = initiative_queryset_search(queryset=Initiative.objects.published(), query=query)
        context.update(
            _filtered_context(request, InitiativeFilterForm(request.GET, searching=True), matching)
        )
        hits = search(query=query, kinds=[SearchKind.ORGANISATION], limit=ORGANISATION_RESULTS).hits
        found = organisation_list().in_bulk([hit.object_id for hit in hits])
        context["organisations"] = [found[hit.object_id] for hit in hits if hit.object_id in found]
    return render(request, "web/search/search.html", context)
