from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from netwerkkaart.core.errors import DataImportError
from netwerkkaart.core.services import data_version_bump

from .forms import TemplateUploadForm
from .models import Indicator, Observation, ProgrammeClassification
from .services import INDICATORS_DATA_KEY, indicator_template_import


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    list_display = ["code", "name_nl", "name_en", "unit_nl", "source", "aggregation"]
    search_fields = ["code", "name_nl", "name_en", "source"]
    change_list_template = "admin/indicators/indicator/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        own = [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="indicators_indicator_upload"),
        ]
        return own + super().get_urls()

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a filled-in indicator template: checked whole, written in one transaction or not at all."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = TemplateUploadForm(request.POST or None, request.FILES or None)
        problems: list[str] = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = indicator_template_import(data=upload.read(), file_name=upload.name)
            except DataImportError as error:
                problems = [str(problem) for problem in error.problems]
            else:
                self.message_user(request, str(report), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:indicators_indicator_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Upload figures with the indicator template"),
            "form": form,
            "problems": problems,
        }
        return TemplateResponse(request, "admin/indicators/indicator/upload.html", context)

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

    def get_readonly_fields(
        self, request: HttpRequest, obj: ProgrammeClassification | None = None
    ) -> list[str]:
        # The code identifies the cells' programme: fixed once the row exists.
        return ["programme_code"] if obj is not None else []

    # The classification is applied when figures are read: every change (also in the list's editable
    # column, which saves through save_model, and every delete) marks the indicators' data as changed,
    # so cached profiles and downloads are made again (ADR 14, ADR 15).
    def save_model(
        self, request: HttpRequest, obj: ProgrammeClassification, form: object, change: bool
    ) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            data_version_bump(key=INDICATORS_DATA_KEY)

    def delete_model(self, request: HttpRequest, obj: ProgrammeClassification) -> None:
        with transaction.atomic():
            super().delete_model(request, obj)
            data_version_bump(key=INDICATORS_DATA_KEY)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ProgrammeClassification]) -> None:
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            data_version_bump(key=INDICATORS_DATA_KEY)
