"""Read-only indicator endpoints: indicators, the programme classification, and per region the
figures (totals per indicator and year) and the stored cells (observations)."""

import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from netwerkkaart.api.base import ApiViewMixin, query_choices
from netwerkkaart.api.regions import _CODE_PARAMETER, _current_region

from ..choices import ProgrammeCategory
from ..models import Indicator, Observation, ProgrammeClassification
from ..selectors import indicator_get, observations_of_region, programme_classification_list, region_figures
from .serializers import (
    FigureSerializer,
    IndicatorSerializer,
    ObservationSerializer,
    ProgrammeClassificationSerializer,
)

INDICATOR_CODE_PATTERN = r"[-a-zA-Z0-9_]+"
_YEAR = OpenApiParameter("year", int, description=_("Only this year."))
_INDICATOR = OpenApiParameter("indicator", str, description=_("Only this indicator (its code)."))


def _year(request: Request) -> int | None:
    raw = request.query_params.get("year", "")
    if raw == "":
        return None
    if not re.fullmatch(r"(19|20)\d\d", raw):
        raise ValidationError({"year": [_("Give a year of four digits.")]})
    return int(raw)


def _indicator_code(request: Request) -> str | None:
    raw = request.query_params.get("indicator", "")
    if raw == "":
        return None
    if not re.fullmatch(INDICATOR_CODE_PATTERN, raw) or len(raw) > 64:
        raise ValidationError({"indicator": [_("Give an indicator code.")]})
    return raw


class IndicatorListView(ApiViewMixin, generics.GenericAPIView[Indicator]):
    queryset = Indicator.objects.none()
    serializer_class = IndicatorSerializer

    @extend_schema(
        operation_id="indicatorList",
        summary=_("The indicators, by code"),
        responses=IndicatorSerializer(many=True),
        tags=["indicators"],
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(Indicator.objects.order_by("code"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class IndicatorDetailView(ApiViewMixin, generics.GenericAPIView[Indicator]):
    queryset = Indicator.objects.none()
    serializer_class = IndicatorSerializer

    @extend_schema(operation_id="indicatorRetrieve", summary=_("One indicator"), tags=["indicators"])
    def get(self, request: Request, code: str) -> Response:
        indicator = indicator_get(code=code)
        if indicator is None:
            raise NotFound(_("No indicator has this code."))
        return Response(self.get_serializer(indicator).data)


class ProgrammeClassificationListView(ApiViewMixin, generics.GenericAPIView[ProgrammeClassification]):
    queryset = ProgrammeClassification.objects.none()
    serializer_class = ProgrammeClassificationSerializer

    @extend_schema(
        operation_id="programmeClassificationList",
        summary=_("The ICT category of every hbo programme (CROHO code): hard ICT first"),
        parameters=[
            OpenApiParameter(
                "category",
                str,
                enum=[value for value, _label in ProgrammeCategory.choices],
                description=_("Only this category; several: any of them."),
            )
        ],
        responses=ProgrammeClassificationSerializer(many=True),
        tags=["indicators"],
    )
    def get(self, request: Request) -> Response:
        categories = query_choices(request, "category", ProgrammeCategory.choices)
        programmes = programme_classification_list()
        if categories:
            programmes = [p for p in programmes if p.category in categories]
        page = self.paginate_queryset(programmes)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class RegionFigureListView(ApiViewMixin, generics.GenericAPIView[Any]):
    serializer_class = FigureSerializer

    @extend_schema(
        operation_id="regionFigureList",
        summary=_("Every indicator's total per year for a region, with its suppressed cells"),
        parameters=[_CODE_PARAMETER, _YEAR],
        responses=FigureSerializer(many=True),
        tags=["indicators"],
    )
    def get(self, request: Request, code: str) -> Response:
        region = _current_region(code)
        page = self.paginate_queryset(region_figures(region=region, year=_year(request)))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class RegionObservationListView(ApiViewMixin, generics.GenericAPIView[Observation]):
    queryset = Observation.objects.none()
    serializer_class = ObservationSerializer

    @extend_schema(
        operation_id="regionObservationList",
        summary=_("The stored cells of a region with their provenance; a suppressed cell has no value"),
        parameters=[_CODE_PARAMETER, _INDICATOR, _YEAR],
        responses=ObservationSerializer(many=True),
        tags=["indicators"],
    )
    def get(self, request: Request, code: str) -> Response:
        region = _current_region(code)
        cells = observations_of_region(region=region, indicator=_indicator_code(request), year=_year(request))
        page = self.paginate_queryset(cells)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
