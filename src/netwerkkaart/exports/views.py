"""The downloads page, the downloads themselves (any filtered list as CSV, XLSX or ODS) and the catalogue."""

import json
import tempfile

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from netwerkkaart.initiatives.forms import InitiativeFilterForm
from netwerkkaart.initiatives.selectors import InitiativeSelection, initiative_select
from netwerkkaart.search.selectors import initiative_scores_search

from .catalogue import catalogue_build
from .datasets import CSV_DELIMITERS, DATASETS, DEFAULT_CSV_DELIMITER, FILE_FORMATS
from .files import export_csv, export_write

# As the search page cuts a query (web.views_search), so a download of search results matches it.
MAX_QUERY_LENGTH = 200


def export_selection(request: HttpRequest) -> InitiativeSelection:
    """The initiatives of the list or search page that the query string describes (the same filter
    form, the same search, the same selector), in that page's order."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    matches = initiative_scores_search(query=query) if query else None
    form = InitiativeFilterForm(request.GET, searching=matches is not None)
    return initiative_select(params=form.params(), matches=matches, choices=form.choices)


@require_safe
def downloads(request: HttpRequest) -> HttpResponse:
    """The data sets, their formats and columns, the licence and the catalogue. With the filters of the
    list in the query string (the list's "download" link), the links download that selection."""
    filters = [name for name in InitiativeFilterForm.base_fields if name != "sort"]
    filtered = any(value.strip() for name in (*filters, "q") for value in request.GET.getlist(name))
    return render(
        request,
        "exports/downloads.html",
        {
            "datasets": list(DATASETS.values()),
            "licence_url": settings.DATA_LICENCE_URL,
            "selected": export_selection(request).total if filtered else None,
        },
    )


@require_safe
def download(request: HttpRequest, dataset: str, file_format: str) -> HttpResponseBase:
    """One data set of the selected initiatives; CSV is sent while it is read, XLSX and ODS are
    written to a temporary file first (a ZIP package is finished only at its end) and then sent."""
    chosen = DATASETS.get(dataset)
    if chosen is None or file_format not in FILE_FORMATS:
        raise Http404
    filename = f"{chosen.slug}.{file_format}"
    media_type = FILE_FORMATS[file_format].media_type
    if file_format == "csv":
        delimiter = request.GET.get("delimiter", DEFAULT_CSV_DELIMITER)
        if delimiter not in CSV_DELIMITERS:
            choices = ", ".join(CSV_DELIMITERS)
            return HttpResponseBadRequest(
                _("Unknown delimiter. Choose one of: %(choices)s.") % {"choices": choices},
                content_type="text/plain; charset=utf-8",
            )
        response = StreamingHttpResponse(
            export_csv(dataset=chosen, selection=export_selection(request), delimiter=delimiter),
            content_type=f"{media_type}; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    selection = export_selection(request)
    target = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response once it is sent
    try:
        export_write(dataset=chosen, selection=selection, file_format=file_format, target=target)
        target.seek(0)
    except BaseException:
        target.close()
        raise
    return FileResponse(target, as_attachment=True, filename=filename, content_type=media_type)


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    """The DCAT-AP-NL catalogue of the data sets and the API, as JSON-LD."""
    base_url = request.build_absolute_uri("/").rstrip("/")
    document = catalogue_build(base_url=base_url)
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/ld+json; charset=utf-8",
    )
