from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from netwerkkaart.core.services import data_version_bump

from .models import Indicator, Observation, ProgrammeClassification
from .services import INDICATORS_DATA_KEY


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    list_display = ["code", "name_nl", "name_en", "unit_nl", "source", "aggregation"]
    search_fields = ["code", "name_nl", "name_en", "source"]

    def save_model(self, request: HttpRequest, obj: Indicator, form: object, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            data_version_bump(key=INDICATORS_DATA_KEY)


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin[Observation]):
    """Read-only: figures change only through an importer, so every figure has its provenance."""

    list_display = [
        "indicator",
        "region",
        "year",
        "gender",
        "programme_code",
        "value",
        "suppressed",
        "source_file",
        "source_row",
    ]
    list_filter = ["indicator", "year", "suppressed", "gender", "level"]
    search_fields = ["region__code", "region__name", "programme_code", "institution_code"]
    list_select_related = ["indicator", "region"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Observation | None = None) -> bool:
        return False


@admin.register(ProgrammeClassification)
class ProgrammeClassificationAdmin(admin.ModelAdmin[ProgrammeClassification]):
    list_display = ["programme_code", "name", "level", "category", "note"]
    list_editable = ["category"]
    list_filter = ["category", "level"]
    search_fields = ["programme_code", "name"]
    readonly_fields = ["programme_code"]

    def save_model(
        self, request: HttpRequest, obj: ProgrammeClassification, form: object, change: bool
    ) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            data_version_bump(key=INDICATORS_DATA_KEY)
