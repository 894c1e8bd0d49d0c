"""Initiatives: the filtered list (the public list's filters and search, one selector), one initiative,
the GeoJSON points, the facet counts, and writing through the services (staff only)."""

import json
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast

import numpy as np
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import QueryDict, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from netwerkkaart.initiatives.choices import InitiativeKind, Phase
from netwerkkaart.initiatives.forms import MAX_VALUES_PER_FACET, InitiativeFilterForm
from netwerkkaart.initiatives.models import Initiative
from netwerkkaart.initiatives.result_index import InitiativeIndex, Positions
from netwerkkaart.initiatives.selectors import (
    InitiativeSelection,
    InitiativeSort,
    initiative_facets,
    initiative_get_published,
    initiative_select,
)
from netwerkkaart.initiatives.services import (
    InitiativeChanges,
    InitiativeFields,
    initiative_create,
    initiative_publish,
    initiative_update,
)
from netwerkkaart.search.selectors import initiative_scores_search

from .base import ApiView, ApiViewMixin
from .selectors import initiative_terms_prefetch
from .serializers import (
    InitiativeDetailSerializer,
    InitiativeSerializer,
    InitiativeWriteSerializer,
    camel_case,
)

T = TypeVar("T")

# As the search page: a longer query is refused rather than cut.
MAX_QUERY_LENGTH = 200
SEARCH_PARAM = "q"
# The filter parameters of the public list, by their names there.
FILTER_FIELDS = (*InitiativeFilterForm.PARAMS, "municipality")
GEOJSON_MEDIA_TYPE = "application/geo+json"
# Features per chunk of the streamed GeoJSON: small enough to bound memory, large enough to be cheap.
GEOJSON_CHUNK = 2000
_COORDINATE_DECIMALS = 6


class GeoJSONRenderer(JSONRenderer):
    media_type = GEOJSON_MEDIA_TYPE
    format = "geojson"


class MergePatchParser(JSONParser):
    """``application/merge-patch+json`` (RFC 7396): our PATCH sets the fields given, null clears one."""

    media_type = "application/merge-patch+json"


def _normal(field: str, value: str) -> str:
    return value.strip().upper() if field == "municipality" else value


def _refused(form: InitiativeFilterForm, query: QueryDict) -> dict[str, list[str]]:
    """The values the lenient form dropped: the public pages ignore them (old links keep working),
    the API names them, so that a misspelt filter never silently widens a result."""
    errors: dict[str, list[str]] = {}
    if "sort" in form.errors:
        errors["sort"] = [str(message) for message in form.errors["sort"]]
    for field in FILTER_FIELDS:
        values = [value for value in query.getlist(field) if value != ""]
        if len(values) > MAX_VALUES_PER_FACET:
            errors[field] = [str(_("At most %(count)d values.") % {"count": MAX_VALUES_PER_FACET})]
            continue
        kept = set(form.cleaned_data.get(field, ()))
        unknown = [value for value in values if _normal(field, value) not in kept]
        if unknown:
            errors[field] = [
                str(_("Unknown value: %(value)s") % {"value": json.dumps(value, ensure_ascii=False)})
                for value in unknown[:5]
            ]
    return errors


def initiative_selection(request: Request) -> tuple[InitiativeFilterForm, InitiativeSelection]:
    """The published initiatives that match the query string, exactly as the public list and search
    page select them: the same form, the same search, the same selector."""
    query = request.query_params
    search = query.get(SEARCH_PARAM, "").strip()
    if len(search) > MAX_QUERY_LENGTH:
        raise ValidationError(
            {SEARCH_PARAM: [_("At most %(count)d characters.") % {"count": MAX_QUERY_LENGTH}]}
        )
    form = InitiativeFilterForm(query, searching=bool(search))
    params = form.params()
    if errors := _refused(form, query):
        raise ValidationError(errors)
    matches = initiative_scores_search(query=search) if search else None
    return form, initiative_select(params=params, matches=matches, choices=form.choices)


def _array(description: Any, pattern: str | None = None, enum: Any = None) -> dict[str, Any]:
    item: dict[str, Any] = {"type": "string", "minLength": 1}
    if pattern:
        item["pattern"] = pattern
    if enum is not None:
        item["enum"] = [value for value, _label in enum]
    return {"description": description, "schema": {"type": "array", "items": item, "maxItems": 50}}


_SLUG = r"^[-a-zA-Z0-9_]+$"
_REGION_CODE = r"^[A-Za-z]{2}[0-9]{2,4}$"
_FILTERS: dict[str, dict[str, Any]] = {
    "province": _array(_("Province code (PV20 to PV31); several values: any of them."), _REGION_CODE),
    "region": _array(_("Labour-market region code (AM01 to AM38)."), _REGION_CODE),
    "goal": _array(_("Goal slug (see /goals)."), _SLUG),
    "theme": _array(_("Theme slug (see /themes)."), _SLUG),
    "target_group": _array(_("Target group slug (see /target-groups)."), _SLUG),
    "level": _array(_("Education level slug (see /education-levels)."), _SLUG),
    "kind": _array(_("Kind of initiative."), enum=InitiativeKind.choices),
    "phase": _array(_("Phase of the initiative."), enum=Phase.choices),
    "partner": _array(_("Slug of a partner organisation (see /organisations)."), _SLUG),
    "municipality": _array(_("Municipality code (GM followed by four digits)."), _REGION_CODE),
}
FILTER_PARAMETERS = [
    OpenApiParameter(
        name,
        type={"type": "array", "items": spec["schema"]["items"], "maxItems": MAX_VALUES_PER_FACET},
        location=OpenApiParameter.QUERY,
        description=spec["description"],
        explode=True,
        style="form",
    )
    for name, spec in _FILTERS.items()
] + [
    OpenApiParameter(
        SEARCH_PARAM,
        type={"type": "string", "maxLength": MAX_QUERY_LENGTH},
        location=OpenApiParameter.QUERY,
        description=_("Search words, as on the search page; results then come by relevance first."),
    ),
    OpenApiParameter(
        "sort",
        type={"type": "string", "enum": [value for value, _label in InitiativeSort.choices]},
        location=OpenApiParameter.QUERY,
        description=_(
            "Order: name (the default), start_year or newest; with q also relevance (then the default)."
        ),
    ),
]


def _model_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    """A model's validation errors with the API's (camelCase) field names."""
    if not hasattr(error, "error_dict"):
        return {"nonFieldErrors": list(error.messages)}
    return {
        ("nonFieldErrors" if field == "__all__" else camel_case(field)): list(messages)
        for field, messages in error.message_dict.items()
    }


def through_service(write: Callable[[], T]) -> T:
    """Runs a service; its validation errors answer 400 like the serializer's own."""
    try:
        return write()
    except DjangoValidationError as error:
        raise ValidationError(_model_errors(error)) from error


def _detail(request: Request, initiative: Initiative, *, status_code: int = status.HTTP_200_OK) -> Response:
    data = InitiativeDetailSerializer(initiative, context={"request": request}).data
    headers = {"Location": data["url"]} if status_code == status.HTTP_201_CREATED else {}
    return Response(data, status=status_code, headers=headers)


class InitiativeListView(ApiViewMixin, generics.GenericAPIView[Initiative]):
    queryset = Initiative.objects.none()
    serializer_class = InitiativeSerializer

    @extend_schema(
        operation_id="initiativeList",
        summary=_("Published initiatives, filtered and searched as on the public list"),
        description=_(
            "The same filters, search and order as the public list of initiatives: a query string of "
            "that page gives the same initiatives here. Values within one filter are alternatives, "
            "different filters all apply. Unknown filter values are refused (400)."
        ),
        parameters=FILTER_PARAMETERS,
        responses=InitiativeSerializer(many=True),
        tags=["initiatives"],
    )
    def get(self, request: Request) -> Response:
        _form, selection = initiative_selection(request)
        page = self.paginate_queryset(selection.results)
        assert page is not None  # noqa: S101 - the view always paginates
        initiative_terms_prefetch(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="initiativeCreate",
        summary=_("Add an initiative as a draft (staff token)"),
        request=InitiativeWriteSerializer,
        responses={status.HTTP_201_CREATED: InitiativeDetailSerializer},
        tags=["initiatives"],
    )
    def post(self, request: Request) -> Response:
        serializer = InitiativeWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields: dict[str, Any] = dict(serializer.validated_data)
        name = fields.pop("name")
        # The serializer declares the services' keyword arguments, under their names.
        typed = cast(InitiativeFields, fields)
        initiative = through_service(lambda: initiative_create(name=name, **typed))
        return _detail(request, initiative, status_code=status.HTTP_201_CREATED)


class InitiativeDetailView(ApiViewMixin, generics.GenericAPIView[Initiative]):
    queryset = Initiative.objects.none()
    serializer_class = InitiativeDetailSerializer
    parser_classes = [JSONParser, MergePatchParser]

    @extend_schema(
        operation_id="initiativeRetrieve",
        summary=_("One published initiative with its partners, funding and yearly figures"),
        tags=["initiatives"],
    )
    def get(self, request: Request, slug: str) -> Response:
        initiative = initiative_get_published(slug=slug)
        if initiative is None:
            raise NotFound(_("No published initiative has this slug."))
        return _detail(request, initiative)

    @extend_schema(
        operation_id="initiativeUpdate",
        summary=_("Change an initiative (staff token); only the fields given change"),
        request=InitiativeWriteSerializer(partial=True),
        responses={status.HTTP_200_OK: InitiativeDetailSerializer},
        tags=["initiatives"],
    )
    def patch(self, request: Request, slug: str) -> Response:
        initiative = _any_initiative(slug)
        serializer = InitiativeWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = cast(InitiativeChanges, dict(serializer.validated_data))
        initiative = through_service(lambda: initiative_update(initiative=initiative, **changes))
        return _detail(request, initiative)


def _any_initiative(slug: str) -> Initiative:
    """Staff may change drafts and archived initiatives too."""
    initiative = Initiative.objects.filter(slug=slug).first()
    if initiative is None:
        raise NotFound(_("No initiative has this slug."))
    return initiative


class InitiativePublishView(ApiView):
    @extend_schema(
        operation_id="initiativePublish",
        summary=_("Publish an initiative (staff token); publishing again changes nothing"),
        request=None,
        responses={status.HTTP_200_OK: InitiativeDetailSerializer},
        tags=["initiatives"],
    )
    def post(self, request: Request, slug: str) -> Response:
        initiative = _any_initiative(slug)
        initiative = through_service(lambda: initiative_publish(initiative=initiative))
        return _detail(request, initiative)


# --- GeoJSON ----------------------------------------------------------------------------------------


def _choice_of(index: InitiativeIndex, column: str) -> list[str | None]:
    """The one option per initiative of a single-valued facet (kind, phase), by index position."""
    facet = index.columns[column]
    chosen = np.full(index.size, -1, dtype=np.int64)
    chosen[facet.initiatives] = facet.options
    return [facet.keys[option] if option >= 0 else None for option in chosen.tolist()]


def geojson_chunks(request: Request, index: InitiativeIndex, positions: Positions) -> Iterator[bytes]:
    """A FeatureCollection of the initiatives at ``positions`` that have coordinates, written in chunks
    from the result index: no initiative rows are read, and memory stays flat whatever the count."""
    located = positions[~(np.isnan(index.latitude[positions]) | np.isnan(index.longitude[positions]))]
    api_url = request.build_absolute_uri(reverse("api:initiative-detail", kwargs={"slug": "-slug-"}))
    web_url = request.build_absolute_uri(reverse("web:initiative-detail", kwargs={"slug": "-slug-"}))
    kinds, phases = _choice_of(index, "kinds"), _choice_of(index, "phases")
    yield b'{"type":"FeatureCollection","features":['
    for start in range(0, located.size, GEOJSON_CHUNK):
        features = []
        for position in located[start : start + GEOJSON_CHUNK].tolist():
            slug = index.slugs[position]
            features.append(
                {
                    "type": "Feature",
                    "id": slug,
                    "geometry": {
                        "type": "Point",
                        "coordinates": [
                            round(float(index.longitude[position]), _COORDINATE_DECIMALS),
                            round(float(index.latitude[position]), _COORDINATE_DECIMALS),
                        ],
                    },
                    "properties": {
                        "slug": slug,
                        "name": index.names[position],
                        "kind": kinds[position],
                        "phase": phases[position] or "",
                        "fictitious": bool(index.fictitious[position]),
                        "url": api_url.replace("-slug-", slug),
                        "webUrl": web_url.replace("-slug-", slug),
                    },
                }
            )
        text = json.dumps(features, ensure_ascii=False, separators=(",", ":"))[1:-1]
        yield (("," if start else "") + text).encode()
    yield b"]}"


class InitiativeGeoJSONView(ApiView):
    renderer_classes = [GeoJSONRenderer, JSONRenderer]

    @extend_schema(
        operation_id="initiativeGeoJSON",
        summary=_("The filtered initiatives as GeoJSON points, for GIS"),
        description=_(
            "A GeoJSON FeatureCollection (RFC 7946, WGS 84 longitude and latitude) of the published "
            "initiatives that match the same filters and search as the list, in the same order. "
            "Initiatives without coordinates are left out. Not paged: streamed whole."
        ),
        parameters=FILTER_PARAMETERS,
        responses={
            status.HTTP_200_OK: OpenApiResponse(
                response={"$ref": "#/components/schemas/InitiativeFeatureCollection"},
                description=_("The initiatives with coordinates."),
            )
        },
        tags=["initiatives"],
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        _form, selection = initiative_selection(request)
        chunks = geojson_chunks(request, selection.index, selection.ordered_positions())
        return StreamingHttpResponse(chunks, content_type=GEOJSON_MEDIA_TYPE)


# --- facets -----------------------------------------------------------------------------------------


class FacetOptionSerializer(serializers.Serializer[Any]):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField(min_value=0)
    selected = serializers.BooleanField()


class FacetSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(help_text="The filter parameter of this facet.")
    label = serializers.CharField()  # type: ignore[assignment]
    options = FacetOptionSerializer(many=True)


class FacetsSerializer(serializers.Serializer[Any]):
    total = serializers.IntegerField(min_value=0)
    facets = FacetSerializer(many=True)


class InitiativeFacetsView(ApiView):
    @extend_schema(
        operation_id="initiativeFacets",
        summary=_("How many initiatives each filter option gives, as on the public list"),
        description=_(
            "For every option of every filter, the number of results with that option chosen and all "
            "the other filters kept (the partner facet lists the ten partners with most initiatives)."
        ),
        parameters=FILTER_PARAMETERS,
        responses=FacetsSerializer,
        tags=["initiatives"],
    )
    def get(self, request: Request) -> Response:
        form, selection = initiative_selection(request)
        facets = initiative_facets(params=selection.params, choices=form.choices, selection=selection)
        body = {
            "total": facets.total,
            "facets": [
                {
                    "name": field,
                    "label": str(facet.label),
                    "options": [
                        {
                            "value": option.value,
                            "label": str(option.label),
                            "count": option.count,
                            "selected": option.selected,
                        }
                        for option in facet.options
                    ],
                }
                for field, facet in form.facet_fields(facets)
            ],
        }
        return Response(FacetsSerializer(body).data)
