"""The admin's import pages: a list of import runs, the upload (a dry run first), the report with
the confirmation step, and the report as CSV.

Flow: upload -> dry run, recorded as a "previewed" run that keeps the file -> the run's page shows
the report row by row and, when nothing is refused, asks for a decision on every near match ->
confirm -> the real import of the kept file (checked again, then written in one transaction).
"""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from . import conf
from .choices import RowOutcome, RunStatus
from .forms import ConfirmForm, UploadForm
from .models import ImportRun
from .report import ImportReport
from .services import ImportRefused, import_run_record, initiatives_import

IMPORT_PERMISSIONS = (
    "initiatives.add_initiative",
    "initiatives.change_initiative",
    "initiatives.add_partnership",
    "organisations.add_organisation",
)


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "file_name",
        "status",
        "user",
        "created_count",
        "updated_count",
        "unchanged_count",
        "problem_count",
    )
    list_filter = ("status", "file_format")
    search_fields = ("file_name", "file_sha256")
    date_hierarchy = "created_at"
    change_list_template = "admin/imports/importrun/change_list.html"
    readonly_fields = (
        "created_at",
        "updated_at",
        "user",
        "file_name",
        "file_size",
        "file_sha256",
        "file_format",
        "status",
        "created_count",
        "updated_count",
        "unchanged_count",
        "refused_count",
        "problem_count",
    )
    exclude = ("report",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # runs come from the upload page

    def has_change_permission(self, request: HttpRequest, obj: ImportRun | None = None) -> bool:
        return False  # a run is a record

    def can_import(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff and request.user.has_perms(IMPORT_PERMISSIONS)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="imports_importrun_upload"),
            path(
                "<int:pk>/report.csv",
                self.admin_site.admin_view(self.report_csv_view),
                name="imports_importrun_report_csv",
            ),
        ]
        return own + super().get_urls()

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "can_import": self.can_import(request)}
        return super().changelist_view(request, extra_context)

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.can_import(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            uploaded = form.cleaned_data["file"]
            # Never more than one byte over the limit is read: that is enough to refuse the file.
            data = uploaded.read(conf.max_file_bytes() + 1)
            report = initiatives_import(
                data=data,
                file_name=uploaded.name or "upload",
                expected_format=form.cleaned_data["file_format"] or None,
                dry_run=True,
                kind=form.cleaned_data["kind"] or None,
            )
            status = RunStatus.REFUSED if report.refused else RunStatus.PREVIEWED
            run = import_run_record(
                data=data,
                file_name=uploaded.name or "upload",
                report=report,
                status=status,
                user=request.user,  # type: ignore[arg-type]
                keep_file=True,
            )
            return HttpResponseRedirect(reverse("admin:imports_importrun_change", args=[run.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import initiatives from a spreadsheet"),
            "form": form,
            "max_megabytes": conf.max_file_bytes() // (1024 * 1024),
        }
        return TemplateResponse(request, "admin/imports/importrun/upload.html", context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        run = get_object_or_404(ImportRun, pk=object_id)
        if not self.has_view_permission(request, run):
            raise PermissionDenied
        report = ImportReport.from_json(run.report)
        confirmable = run.status == RunStatus.PREVIEWED and bool(run.content) and not report.refused
        posted = request.POST if request.method == "POST" else None
        form = ConfirmForm(posted, near_matches=report.near_matches) if confirmable else None
        if request.method == "POST":
            if form is None or not self.can_import(request):
                raise PermissionDenied
            if form.is_valid():
                return self._confirm(request, run, form)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import of %(file)s") % {"file": run.file_name},
            "run": run,
            "report": report,
            "form": form,
            "can_import": self.can_import(request),
            "outcome_labels": dict(RowOutcome.choices),
            "original": run,
        }
        return TemplateResponse(request, "admin/imports/importrun/report.html", context)

    def _confirm(self, request: HttpRequest, run: ImportRun, form: ConfirmForm) -> HttpResponse:
        data = bytes(run.content)
        try:
            report = initiatives_import(
                data=data,
                file_name=run.file_name,
                decisions=form.decisions(),
                kind=(run.report or {}).get("kind") or None,
            )
        except ImportRefused as refused:
            import_run_record(
                data=data, file_name=run.file_name, report=refused.report, status=RunStatus.REFUSED, run=run
            )
            self.message_user(
                request,
                _(
                    "The file was refused on import (did the database change since the dry run?); "
                    "nothing was written."
                ),
                messages.ERROR,
            )
        else:
            import_run_record(
                data=data,
                file_name=run.file_name,
                report=report,
                status=RunStatus.IMPORTED,
                user=request.user,  # type: ignore[arg-type]
                run=run,
            )
            self.message_user(request, report.summary(), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:imports_importrun_change", args=[run.pk]))

    def report_csv_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = get_object_or_404(ImportRun, pk=pk)
        if not self.has_view_permission(request, run):
            raise PermissionDenied
        report = ImportReport.from_json(run.report)
        response = HttpResponse(report.csv_text().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="import-report-{run.pk}.csv"'
        return response
