"""Pages of a collection: ``page`` and ``pageSize`` in, links (self, first, prev, next, last) and totals out.

Works on querysets and on any sequence that knows its length (the initiatives' result index), and
reads only the rows of the page asked for.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response

if TYPE_CHECKING:
    from rest_framework.views import APIView

PAGE_PARAM = "page"
PAGE_SIZE_PARAM = "pageSize"
DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
MAX_PAGE = 10**9
_LINK_NAMES = ("self", "first", "prev", "next", "last")


def _whole_number(request: Request, name: str, default: int, maximum: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    # Checked as text first: int() of a very long number costs.
    if not raw.isascii() or not raw.isdigit() or len(raw) > len(str(maximum)) or not 1 <= int(raw) <= maximum:
        message = _("Give a whole number from 1 to %(maximum)d.") % {"maximum": maximum}
        raise ValidationError({name: [message]}, code="invalid")
    return int(raw)


def link_object(href: str) -> dict[str, str]:
    return {"href": href}


class PagePagination(BasePagination):
    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset: Any, request: Request, view: "APIView | None" = None) -> list[Any]:
        self.request = request
        self.number = _whole_number(request, PAGE_PARAM, 1, MAX_PAGE)
        self.size = _whole_number(request, PAGE_SIZE_PARAM, self.page_size, self.max_page_size)
        paginator = Paginator(queryset, self.size)
        self.total: int = paginator.count
        self.page_count: int = paginator.num_pages  # 1 for an empty collection: its one page is empty
        if self.number > self.page_count:
            raise NotFound(
                _("Page %(page)d does not exist: there are %(count)d pages.")
                % {"page": self.number, "count": self.page_count}
            )
        start = (self.number - 1) * self.size
        return list(queryset[start : start + self.size])

    def links(self) -> dict[str, dict[str, str]]:
        path = self.request.build_absolute_uri(self.request.path)

        def page_url(number: int) -> str:
            """The same query with another page; the first page has no page parameter."""
            query = self.request.query_params.copy()
            if number > 1:
                query[PAGE_PARAM] = str(number)
            else:
                query.pop(PAGE_PARAM, None)
            encoded = query.urlencode()
            return f"{path}?{encoded}" if encoded else path

        found = {"self": link_object(self.request.build_absolute_uri()), "first": link_object(page_url(1))}
        if self.number > 1:
            found["prev"] = link_object(page_url(self.number - 1))
        if self.number < self.page_count:
            found["next"] = link_object(page_url(self.number + 1))
        found["last"] = link_object(page_url(self.page_count))
        return found

    def get_paginated_response(self, data: Sequence[Any]) -> Response:
        links = self.links()
        link_header = ", ".join(
            f'<{links[name]["href"]}>; rel="{name}"'
            for name in _LINK_NAMES
            if name in links and name != "self"
        )
        return Response(
            {
                "_links": links,
                "total": self.total,
                "page": self.number,
                "pageSize": self.size,
                "pageCount": self.page_count,
                "results": data,
            },
            headers={"Link": link_header, "X-Total-Count": str(self.total)},
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"$ref": "#/components/schemas/Link"}
        return {
            "type": "object",
            "required": ["_links", "total", "page", "pageSize", "pageCount", "results"],
            "properties": {
                "_links": {
                    "type": "object",
                    "description": "This page and its neighbours; prev and next only where they exist.",
                    "required": ["self", "first", "last"],
                    "properties": dict.fromkeys(_LINK_NAMES, link),
                },
                "total": {"type": "integer", "minimum": 0, "description": "Items in the whole collection."},
                "page": {"type": "integer", "minimum": 1},
                "pageSize": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                "pageCount": {"type": "integer", "minimum": 1},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: "APIView") -> list[dict[str, Any]]:
        return [
            {
                "name": PAGE_PARAM,
                "in": "query",
                "required": False,
                "description": "Page number, from 1.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            },
            {
                "name": PAGE_SIZE_PARAM,
                "in": "query",
                "required": False,
                "description": f"Items per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
