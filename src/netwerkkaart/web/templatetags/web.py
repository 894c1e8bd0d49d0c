"""Template helpers for the public pages: language switch, navigation state, list rows, sort links."""

from typing import Any

from django import template
from django.conf import settings
from django.core.paginator import Page
from django.http import QueryDict
from django.urls import translate_url
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language

from netwerkkaart.initiatives.models import Initiative
from netwerkkaart.initiatives.selectors import Facet, labour_market_regions_of
from netwerkkaart.regions.models import Region

register = template.Library()

_LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


def other_language_path(path: str, *, current: str, other: str) -> str:
    """The same page in the other language. Unresolvable paths (a 404) get the prefix swapped."""
    translated = translate_url(path, other)
    if translated != path or current == other:
        return translated
    default = settings.LANGUAGE_CODE
    if current != default and (path == f"/{current}" or path.startswith(f"/{current}/")):
        path = path[len(current) + 1 :] or "/"
    if other != default:
        path = f"/{other}{path}"
    return path


@register.inclusion_tag("web/includes/language_switch.html", takes_context=True)
def language_switch(context: template.Context) -> dict[str, Any]:
    """A form to Django's set_language that opens the same page in the other language."""
    request = context.get("request")
    current = get_language() or settings.LANGUAGE_CODE
    others = [code for code, _name in settings.LANGUAGES if code != current]
    other = others[0] if others else current
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "language": other,
        "language_name": _LANGUAGE_NAMES.get(other, other),
        "next": other_language_path(request.get_full_path(), current=current, other=other)
        if request is not None
        else "",
    }


@register.simple_tag(takes_context=True)
def nav_current(context: template.Context, *url_names: str) -> SafeString:
    """aria-current for a navigation link: "page" on its own page, "true" within its section."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match is not None else None
    if current is None or current not in url_names:
        return SafeString("")
    return format_html('aria-current="{}"', "page" if current == url_names[0] else "true")


@register.filter
def labour_market_regions(initiative: Initiative) -> list[Region]:
    return labour_market_regions_of(initiative)


@register.simple_tag
def elided_page_range(page: Page[Any]) -> list[int | str]:
    """The page numbers around the current page, with an ellipsis for the long stretches."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.filter
def break_after_slash(text: str) -> SafeString:
    """Let long names such as "Zaanstreek/Waterland" wrap after the slash on narrow screens."""
    parts = str(text).split("/")
    return format_html_join(mark_safe("/<wbr>"), "{}", ((part,) for part in parts))


def sort_query(query: QueryDict, sort: str) -> str:
    """The query string of the same list in another order: every filter kept, back to the first page."""
    changed = query.copy()
    changed["sort"] = sort
    changed.pop("page", None)
    return f"?{changed.urlencode()}"


_FACET_OPTION = (
    '<div class="utrecht-form-field utrecht-form-field--checkbox nk-checkbox">'
    '<p class="utrecht-form-field__input">'
    '<input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" name="{}" value="{}" '
    'id="{}"{}></p>'
    '<p class="utrecht-form-field__label">'
    '<label class="utrecht-form-label utrecht-form-label--checkbox" for="{}">'
    '{} <span class="nk-facet__count">({})</span></label></p></div>'
)


@register.simple_tag
def facet_checkboxes(field_name: str, facet: Facet) -> SafeString:
    """The checkboxes of a facet's options that have results or are chosen.

    Written here rather than as a template loop: a list page has about a hundred options, and
    rendering them through the template engine was half of the page's server time at 100,000
    initiatives (bench `list`).
    """
    rows = []
    for number, option in enumerate(facet.options, start=1):
        if option.count or option.selected:
            element_id = f"f-{field_name}-{number}"
            checked = mark_safe(" checked") if option.selected else ""
            label = capfirst(str(option.label))
            rows.append(
                (field_name, option.value, element_id, checked, element_id, label, localize(option.count))
            )
    return format_html_join("\n", _FACET_OPTION, rows)


@register.simple_tag(takes_context=True)
def query_without(context: template.Context, name: str) -> str:
    """The query string of the same list without one filter (and back on the first page)."""
    request = context.get("request")
    changed = request.GET.copy() if request is not None else QueryDict(mutable=True)
    changed.pop(name, None)
    changed.pop("page", None)
    return f"?{changed.urlencode()}"


@register.inclusion_tag("web/includes/sort_header.html", takes_context=True)
def sort_header(context: template.Context, label: str, sort: str, *, numeric: bool = False) -> dict[str, Any]:
    """A column header that sorts the list by its column; `aria-sort` marks the column sorted by now."""
    request = context.get("request")
    query = request.GET if request is not None else QueryDict()
    params = context.get("params")
    return {
        "label": label,
        "url": sort_query(query, sort),
        "sorted": getattr(params, "sort", None) == sort,
        "numeric": numeric,
    }
