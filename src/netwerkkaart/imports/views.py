"""The public page of the spreadsheet import: what the columns mean, and the template to download."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from . import conf
from .columns import COLUMNS_BY_KEY
from .partners import KIND_WORDS, ROLE_AND_KIND_WORDS, ROLE_WORDS
from .template import template_columns, template_csv, template_header, template_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_name(extension: str) -> str:
    name = "import-template" if (get_language() or "nl").startswith("en") else "importsjabloon"
    return f"netwerkkaart-{name}.{extension}"


@require_safe
def import_help(request: HttpRequest) -> HttpResponse:
    columns = [
        {
            "header": template_header(column),
            "variants": sorted(
                {column.header_nl, column.header_en, column.key, *column.aliases} - {template_header(column)}
            ),
            "description": column.description,
            "example": column.example,
            "required": column.required,
        }
        for column in template_columns()
    ]
    return render(
        request,
        "imports/import_help.html",
        {
            "columns": columns,
            "max_megabytes": conf.max_file_bytes() // (1024 * 1024),
            "max_rows": conf.max_rows(),
            "role_words": sorted({*ROLE_WORDS, *ROLE_AND_KIND_WORDS} - {"lead", "onderwijs"}),
            "kind_words": sorted({*KIND_WORDS, *ROLE_AND_KIND_WORDS}),
            "name_header": template_header(COLUMNS_BY_KEY["name"]),
        },
    )


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
