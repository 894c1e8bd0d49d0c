"""Regions (country, provinces, labour-market regions, municipalities) and their boundaries."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from netwerkkaart.initiatives.selectors import initiative_select, region_filter_params
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region
from netwerkkaart.regions.selectors import labour_market_region_of, province_of, region_get_current

from .base import ApiView, ApiViewMixin, query_choices
from .initiatives import GEOJSON_MEDIA_TYPE, GeoJSONRenderer
from .organisations import _choices_parameter
from .selectors import region_list_current
from .serializers import RegionDetailSerializer, RegionSerializer

# CBS codes: NL, PV20, AM22, GM0599.
REGION_CODE_PATTERN = r"[A-Za-z]{2}[0-9]{0,4}"
_CODE_PARAMETER = OpenApiParameter(
    "code",
    type={"type": "string", "pattern": f"^{REGION_CODE_PATTERN}$"},
    location=OpenApiParameter.PATH,
    description=_(
        "CBS code of a current region: NL, PV20 to PV31, AM01 to AM38, GM followed by four digits."
    ),
)


def _current_region(code: str) -> Region:
    region = region_get_current(code=code)
    if region is None:
        raise NotFound(_("No current region has this code."))
    return region


class RegionListView(ApiViewMixin, generics.GenericAPIView[Region]):
    queryset = Region.objects.none()
    serializer_class = RegionSerializer

    @extend_schema(
        operation_id="regionList",
        summary=_("The current regions by kind and code, without boundaries"),
        parameters=[
            _choices_parameter("kind", RegionKind.choices, _("Kind of region; several: any of them."))
        ],
        responses=RegionSerializer(many=True),
        tags=["regions"],
    )
    def get(self, request: Request) -> Response:
        kinds = query_choices(request, "kind", RegionKind.choices)
        page = self.paginate_queryset(region_list_current(kinds=kinds))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class RegionDetailView(ApiViewMixin, generics.GenericAPIView[Region]):
    queryset = Region.objects.none()
    serializer_class = RegionDetailSerializer

    @extend_schema(
        operation_id="regionRetrieve",
        summary=_("One region with its number of published initiatives"),
        parameters=[_CODE_PARAMETER],
        tags=["regions"],
    )
    def get(self, request: Request, code: str) -> Response:
        region = _current_region(code)
        parents: list[Region] = []
        if region.kind == RegionKind.MUNICIPALITY:
            found = (province_of(municipality=region), labour_market_region_of(municipality=region))
            parents = [parent for parent in found if parent is not None]
        context = {
            "request": request,
            "initiative_count": initiative_select(params=region_filter_params(region=region)).total,
            "parents": parents,
        }
        return Response(RegionDetailSerializer(region, context=context).data)


class RegionBoundaryView(ApiView):
    renderer_classes = [GeoJSONRenderer, JSONRenderer]

    @extend_schema(
        operation_id="regionBoundary",
        summary=_("The simplified boundary of a region as a GeoJSON Feature"),
        parameters=[_CODE_PARAMETER],
        responses={
            status.HTTP_200_OK: OpenApiResponse(
                response={"$ref": "#/components/schemas/RegionFeature"},
                description=_("A GeoJSON Feature (WGS 84) with the region's code, name and kind."),
            )
        },
        tags=["regions"],
    )
    def get(self, request: Request, code: str) -> Response:
        feature = _current_region(code).boundary_feature()
        if feature is None:
            raise NotFound(_("This region has no boundary."))
        return Response(feature, content_type=GEOJSON_MEDIA_TYPE)
