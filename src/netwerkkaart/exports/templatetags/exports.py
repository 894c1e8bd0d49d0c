"""Links to downloads that keep the filters (and search) of the page they are on."""

from django import template
from django.http import HttpRequest, QueryDict
from django.urls import reverse

register = template.Library()

# Parameters of a page that do not select initiatives: dropped from a download link.
_NOT_FILTERS = ("page", "delimiter")


def _filters(request: HttpRequest | None) -> QueryDict:
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for name in _NOT_FILTERS:
        query.pop(name, None)
    return query


def _with_query(url: str, query: QueryDict) -> str:
    return f"{url}?{query.urlencode()}" if query else url


@register.simple_tag(takes_context=True)
def download_url(context: template.Context, dataset: str, file_format: str, delimiter: str = "") -> str:
    """The download of ``dataset`` as ``file_format`` for the filters of the current page."""
    query = _filters(context.get("request"))
    if delimiter:
        query["delimiter"] = delimiter
    return _with_query(
        reverse("exports:download", kwargs={"dataset": dataset, "file_format": file_format}), query
    )


@register.simple_tag(takes_context=True)
def downloads_url(context: template.Context) -> str:
    """The downloads page for the filters of the current page (for a "download this list" link)."""
    return _with_query(reverse("exports:downloads"), _filters(context.get("request")))
