"""Insights for coordinators (ADR 17): the stored results, served by the same selectors as the pages."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from netwerkkaart.insights import selectors
from netwerkkaart.insights.choices import RiskLevel
from netwerkkaart.insights.models import (
    ContinuityRisk,
    CoverageCell,
    InsightRun,
    LearnFromSuggestion,
    OverlapPair,
    RegionCoverage,
)
from netwerkkaart.regions.models import Region
from netwerkkaart.regions.selectors import region_get_current

from .base import ApiViewMixin, query_choices
from .organisations import _choices_parameter
from .serializers import CamelCaseModelSerializer, InitiativeReferenceSerializer, RegionReferenceSerializer

_REGION_PARAMETER = OpenApiParameter(
    "region",
    type={"type": "string", "pattern": "^AM[0-9]{2}$"},
    location=OpenApiParameter.QUERY,
    description=_("Only this labour-market region (CBS code, AM01 to AM38)."),
)


class InsightRunSerializer(CamelCaseModelSerializer[InsightRun]):
    stale = serializers.SerializerMethodField(
        help_text=_("Whether the data changed after this computation (then a new one follows soon).")
    )

    class Meta:
        model = InsightRun
        fields = ("computed_at", "as_of", "data_version", "initiatives", "candidate_pairs", "stale")

    def get_stale(self, run: InsightRun) -> bool:
        stale: bool = self.context["stale"]
        return stale


class RegionCoverageSerializer(CamelCaseModelSerializer[RegionCoverage]):
    region = RegionReferenceSerializer()
    largest_initiative = InitiativeReferenceSerializer(allow_null=True)
    yearly_reach = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=3, max_length=3),
        help_text=_("Per year: [year, companies involved, students reached], summed over the initiatives."),
    )
    lacks_lifelong_learning = serializers.BooleanField()
    lacks_women_in_ict = serializers.BooleanField()

    class Meta:
        model = RegionCoverage
        fields: tuple[str, ...] = (
            "rank",
            "region",
            "initiatives",
            "lifelong_learning",
            "women_in_ict",
            "lacks_lifelong_learning",
            "lacks_women_in_ict",
            "empty_cells",
            "overlap_pairs",
            "reporting_initiatives",
            "companies_involved",
            "smes_involved",
            "students_reached",
            "largest_initiative",
            "largest_companies",
            "top_companies",
            "top_count",
            "yearly_reach",
        )


class CoverageCellSerializer(CamelCaseModelSerializer[CoverageCell]):
    goal: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    target_group: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    gap = serializers.SerializerMethodField()
    first_initiatives = serializers.SerializerMethodField()

    class Meta:
        model = CoverageCell
        fields = ("goal", "target_group", "count", "gap", "first_initiatives")

    def get_gap(self, cell: CoverageCell) -> bool:
        return cell.count == 0

    def get_first_initiatives(self, cell: CoverageCell) -> list[str]:
        samples = self.context["samples"]
        return [samples[pk].slug for pk in cell.sample_ids if pk in samples]


class RegionCoverageDetailSerializer(RegionCoverageSerializer):
    cells = serializers.SerializerMethodField()

    class Meta(RegionCoverageSerializer.Meta):
        fields = (*RegionCoverageSerializer.Meta.fields, "cells")

    @extend_schema_field(CoverageCellSerializer(many=True))
    def get_cells(self, coverage: RegionCoverage) -> Any:
        matrix = self.context["matrix"]
        cells = [cell for row in matrix.rows for cell in row]
        return CoverageCellSerializer(
            cells, many=True, context={**self.context, "samples": matrix.samples}
        ).data


class OverlapPairSerializer(CamelCaseModelSerializer[OverlapPair]):
    region = RegionReferenceSerializer()
    first = InitiativeReferenceSerializer()
    second = InitiativeReferenceSerializer()
    reason = serializers.CharField(help_text=_("The reason in the language of the request."))

    class Meta:
        model = OverlapPair
        fields = (
            "region",
            "first",
            "second",
            "score",
            "similarity",
            "shared_partners",
            "same_phase",
            "same_start_year",
            "cluster",
            "reason",
            "reason_nl",
            "reason_en",
        )


class ContinuityRiskSerializer(CamelCaseModelSerializer[ContinuityRisk]):
    initiative = InitiativeReferenceSerializer()
    reason = serializers.CharField(help_text=_("The reason in the language of the request."))
    funding_lines = serializers.ListField(
        child=serializers.IntegerField(),
        source="funding_line_ids",
        help_text=_("The funding lines behind the flags."),
    )

    class Meta:
        model = ContinuityRisk
        fields = (
            "initiative",
            "level",
            "subsidy_share",
            "ending_within_12_months",
            "ending_within_24_months",
            "without_private_funding",
            "earliest_end",
            "funding_lines",
            "reason",
            "reason_nl",
            "reason_en",
        )


class LearnFromSuggestionSerializer(CamelCaseModelSerializer[LearnFromSuggestion]):
    suggestion = InitiativeReferenceSerializer()
    shared_words = serializers.ListField(
        child=serializers.CharField(), help_text=_("The words both texts share, most weight first.")
    )
    reason = serializers.CharField(help_text=_("The reason in the language of the request."))

    class Meta:
        model = LearnFromSuggestion
        fields = (
            "rank",
            "suggestion",
            "score",
            "text_similarity",
            "taxonomy_similarity",
            "shared_words",
            "reason",
            "reason_nl",
            "reason_en",
        )


def _run() -> InsightRun:
    run = selectors.insights_run_latest()
    if run is None:
        raise NotFound(_("The insights have not been computed yet."))
    return run


def _region(request: Request) -> Region | None:
    code = request.query_params.get("region", "")
    if not code:
        return None
    region = region_get_current(code=code.upper())
    if region is None:
        raise NotFound(_("No current region has this code."))
    return region


class InsightRunView(ApiViewMixin, generics.GenericAPIView[InsightRun]):
    queryset = InsightRun.objects.none()
    serializer_class = InsightRunSerializer

    @extend_schema(
        operation_id="insightRunRetrieve",
        summary=_("When the insights were computed, from which data version, and whether that is current"),
        tags=["insights"],
    )
    def get(self, request: Request) -> Response:
        state = selectors.insights_run_state()
        if state.run is None:
            raise NotFound(_("The insights have not been computed yet."))
        return Response(
            self.get_serializer(state.run, context={"stale": state.stale, "request": request}).data
        )


class RegionCoverageListView(ApiViewMixin, generics.GenericAPIView[RegionCoverage]):
    queryset = RegionCoverage.objects.none()
    serializer_class = RegionCoverageSerializer

    @extend_schema(
        operation_id="insightRegionList",
        summary=_("The labour-market regions ranked by need: lifelong learning and women in ICT"),
        responses=RegionCoverageSerializer(many=True),
        tags=["insights"],
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.region_coverage_list(run=_run()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class RegionCoverageDetailView(ApiViewMixin, generics.GenericAPIView[RegionCoverage]):
    queryset = RegionCoverage.objects.none()
    serializer_class = RegionCoverageDetailSerializer

    @extend_schema(
        operation_id="insightRegionRetrieve",
        summary=_("A labour-market region's coverage matrix of goals and target groups"),
        parameters=[
            OpenApiParameter(
                "code",
                type={"type": "string", "pattern": "^AM[0-9]{2}$"},
                location=OpenApiParameter.PATH,
                description=_("CBS code of a labour-market region."),
            )
        ],
        tags=["insights"],
    )
    def get(self, request: Request, code: str) -> Response:
        coverage = selectors.region_coverage_get(run=_run(), code=code.upper())
        if coverage is None:
            raise NotFound(_("No current labour-market region has this code."))
        matrix = selectors.coverage_matrix(coverage=coverage)
        context = {**self.get_serializer_context(), "matrix": matrix}
        return Response(RegionCoverageDetailSerializer(coverage, context=context).data)


class OverlapPairListView(ApiViewMixin, generics.GenericAPIView[OverlapPair]):
    queryset = OverlapPair.objects.none()
    serializer_class = OverlapPairSerializer

    @extend_schema(
        operation_id="insightOverlapList",
        summary=_("Pairs of initiatives in one region that do much the same work, highest score first"),
        parameters=[_REGION_PARAMETER],
        responses=OverlapPairSerializer(many=True),
        tags=["insights"],
    )
    def get(self, request: Request) -> Response:
        pairs = selectors.overlap_pair_list(run=_run(), region=_region(request))
        page = self.paginate_queryset(pairs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class ContinuityRiskListView(ApiViewMixin, generics.GenericAPIView[ContinuityRisk]):
    queryset = ContinuityRisk.objects.none()
    serializer_class = ContinuityRiskSerializer

    @extend_schema(
        operation_id="insightContinuityRiskList",
        summary=_("Initiatives whose funding may stop, highest risk first, with the lines behind the flags"),
        parameters=[
            _REGION_PARAMETER,
            _choices_parameter("level", RiskLevel.choices, _("Risk level; several: any of them.")),
        ],
        responses=ContinuityRiskSerializer(many=True),
        tags=["insights"],
    )
    def get(self, request: Request) -> Response:
        levels = query_choices(request, "level", RiskLevel.choices)
        risks = selectors.continuity_risk_list(run=_run(), region=_region(request), levels=levels)
        page = self.paginate_queryset(risks)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class LearnFromListView(ApiViewMixin, generics.GenericAPIView[LearnFromSuggestion]):
    queryset = LearnFromSuggestion.objects.none()
    serializer_class = LearnFromSuggestionSerializer
    pagination_class = None

    @extend_schema(
        operation_id="insightLearnFromList",
        summary=_("Similar work in other labour-market regions that an initiative may learn from"),
        parameters=[
            OpenApiParameter(
                "slug",
                type=str,
                location=OpenApiParameter.PATH,
                description=_("Slug of a published initiative."),
            )
        ],
        responses=LearnFromSuggestionSerializer(many=True),
        tags=["insights"],
    )
    def get(self, request: Request, slug: str) -> Response:
        _run()
        rows = selectors.learn_from_list_by_slug(slug=slug)
        if rows is None:
            raise NotFound(_("No published initiative has this slug."))
        return Response(self.get_serializer(rows, many=True).data)


class NationalRowSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text=_("Goal or theme slug, region code, year, or 'total'."))
    name = serializers.CharField(source="label", help_text=_("The name in the language of the request."))
    initiatives = serializers.IntegerField(
        help_text=_("Current initiatives; in the years: the initiatives started that year.")
    )
    reporting = serializers.IntegerField(help_text=_("Of those, the initiatives reporting yearly figures."))
    companies = serializers.IntegerField(help_text=_("Companies involved (summed: an upper bound)."))
    students = serializers.IntegerField(help_text=_("Students reached (summed: an upper bound)."))


class NationalFiguresSerializer(serializers.Serializer[Any]):
    totals = NationalRowSerializer()
    years = NationalRowSerializer(many=True)
    goals = NationalRowSerializer(many=True)
    themes = NationalRowSerializer(many=True)
    regions = NationalRowSerializer(many=True)


class NationalFiguresView(ApiViewMixin, generics.GenericAPIView[InsightRun]):
    queryset = InsightRun.objects.none()
    serializer_class = NationalFiguresSerializer
    pagination_class = None

    @extend_schema(
        operation_id="insightNationalRetrieve",
        summary=_("Collaboration in figures: totals and trends by goal, theme and labour-market region"),
        tags=["insights"],
    )
    def get(self, request: Request) -> Response:
        return Response(NationalFiguresSerializer(selectors.national_figures(run=_run())).data)
