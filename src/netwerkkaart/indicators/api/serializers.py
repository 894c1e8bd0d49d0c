"""Indicators in the API: a suppressed cell is ``"value": null, "suppressed": true``, never a number."""

from decimal import Decimal
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from netwerkkaart.api.serializers import ApiUrlField, CamelCaseMixin, CamelCaseModelSerializer
from netwerkkaart.regions.models import Region

from ..figures import Figure
from ..models import Indicator, Observation, ProgrammeClassification
from ..selectors import IndicatorYearFigure


def json_number(value: Decimal | None) -> int | float | None:
    """A whole number as an integer, other values as a float; None stays None."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class IndicatorSerializer(CamelCaseModelSerializer[Indicator]):
    url = ApiUrlField("indicator-detail", lookup="code")

    class Meta:
        model = Indicator
        fields: tuple[str, ...] = (
            "url",
            "code",
            "name_nl",
            "name_en",
            "unit_nl",
            "unit_en",
            "definition_nl",
            "definition_en",
            "source",
            "licence",
            "source_url",
            "aggregation",
            "suppression_max",
        )


class ObservationSerializer(CamelCaseModelSerializer[Observation]):
    indicator: "serializers.SlugRelatedField[Indicator]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    region: "serializers.SlugRelatedField[Region]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    value = serializers.SerializerMethodField(method_name="value_or_null")

    class Meta:
        model = Observation
        fields: tuple[str, ...] = (
            "indicator",
            "region",
            "year",
            "level",
            "gender",
            "programme_code",
            "institution_code",
            "mode",
            "value",
            "suppressed",
            "source_file",
            "source_row",
        )

    @extend_schema_field({"type": "number", "nullable": True, "description": "null when suppressed"})
    def value_or_null(self, observation: Observation) -> int | float | None:
        return None if observation.suppressed else json_number(observation.value)


class FigureSerializer(CamelCaseMixin, serializers.Serializer[IndicatorYearFigure]):
    """An indicator's total for a region and year: the sum of the cells with a value, and how many
    cells were suppressed (then the total is a lower bound)."""

    indicator = serializers.SerializerMethodField()
    year = serializers.IntegerField(read_only=True)
    known_total = serializers.SerializerMethodField()
    cells = serializers.SerializerMethodField()
    suppressed_cells = serializers.SerializerMethodField()
    is_lower_bound = serializers.SerializerMethodField()
    upper_bound = serializers.SerializerMethodField()
    display = serializers.SerializerMethodField()

    def _figure(self, item: IndicatorYearFigure) -> Figure:
        return item.figure

    def get_indicator(self, item: IndicatorYearFigure) -> str:
        return item.indicator.code

    @extend_schema_field(OpenApiTypes.NUMBER)
    def get_known_total(self, item: IndicatorYearFigure) -> Any:
        return json_number(item.figure.known_total)

    def get_cells(self, item: IndicatorYearFigure) -> int:
        return item.figure.cells

    def get_suppressed_cells(self, item: IndicatorYearFigure) -> int:
        return item.figure.suppressed_cells

    def get_is_lower_bound(self, item: IndicatorYearFigure) -> bool:
        return item.figure.is_lower_bound

    @extend_schema_field({"type": "number", "nullable": True})
    def get_upper_bound(self, item: IndicatorYearFigure) -> Any:
        return json_number(item.figure.upper_bound) if item.figure.is_lower_bound else None

    def get_display(self, item: IndicatorYearFigure) -> str:
        return item.figure.display()


class ProgrammeClassificationSerializer(CamelCaseModelSerializer[ProgrammeClassification]):
    class Meta:
        model = ProgrammeClassification
        fields: tuple[str, ...] = ("programme_code", "name", "level", "category", "note")
