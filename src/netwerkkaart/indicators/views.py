"""Thin public views: the indicators with the template, and the programme classification."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from .choices import ProgrammeCategory
from .selectors import indicator_list, programme_classification_list
from .template import COLUMNS, template_csv, template_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_name(extension: str) -> str:
    name = "indicator-template" if (get_language() or "nl").startswith("en") else "indicatorsjabloon"
    return f"netwerkkaart-{name}.{extension}"


@require_safe
def indicator_list_page(request: HttpRequest) -> HttpResponse:
    return render(
        request, "indicators/indicator_list.html", {"indicators": indicator_list(), "columns": COLUMNS}
    )


@require_safe
def classification_page(request: HttpRequest) -> HttpResponse:
    programmes = programme_classification_list()
    groups = [
        (category, [programme for programme in programmes if programme.category == category.value])
        for category in ProgrammeCategory
    ]
    return render(request, "indicators/classification.html", {"groups": groups})


@require_safe
def template_download_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name("csv")}"'
    return response


@require_safe
def template_download_xlsx(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_xlsx(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_file_name("xlsx")}"'
    return response
