"""Region profiles and the comparison page: thin views over `profiles` (cached) and `pps`."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region

from .pps import comparison_blocks, initiatives_map_block
from .profiles import CONTENT_TYPES, profile_file
from .selectors import coverage_of, profile_regions
from .services import generated_get_or_make, profile_version

PROFILE_KINDS = (RegionKind.COUNTRY, RegionKind.PROVINCE, RegionKind.LABOUR_MARKET_REGION)
DOWNLOAD_FORMATS = ("pdf", "csv", "xlsx", "ods")
# At most this many regions side by side (a table wider than that is not readable).
COMPARE_LIMIT = 6


def _profile_region(code: str) -> Region:
    region = (
        Region.objects.current().filter(code=code.upper(), kind__in=PROFILE_KINDS).defer("boundary").first()
    )
    if region is None:
        raise Http404
    return region


def _title(region: Region) -> str:
    return gettext("Region profile %(name)s") % {"name": region.name}


@require_safe
def profile(request: HttpRequest, code: str) -> HttpResponse:
    region = _profile_region(code)
    if region.code != code:
        return HttpResponsePermanentRedirect(reverse("reports:profile", kwargs={"code": region.code}))
    body = profile_file(region, "html").decode()
    return render(
        request,
        "reports/profile.html",
        {"region": region, "title": _title(region), "body": mark_safe(body)},  # noqa: S308 - our template's output
    )


@require_safe
def profile_print(request: HttpRequest, code: str) -> HttpResponse:
    region = _profile_region(code)
    return HttpResponse(profile_file(region, "print"), content_type=CONTENT_TYPES["print"])


@require_safe
def profile_download(request: HttpRequest, code: str, format: str) -> HttpResponse:
    if format not in DOWNLOAD_FORMATS:
        raise Http404
    region = _profile_region(code)
    language = translation.get_language() or "nl"
    response = HttpResponse(profile_file(region, format), content_type=CONTENT_TYPES[format])
    name = f"netwerkkaart-profiel-{region.code}-{language}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _chosen(request: HttpRequest, regions: list[Region]) -> tuple[list[Region], bool]:
    codes = list(dict.fromkeys(code.upper() for code in request.GET.getlist("regio")))
    by_code = {region.code: region for region in regions}
    chosen = [by_code[code] for code in codes if code in by_code]
    return chosen[:COMPARE_LIMIT], len(chosen) > COMPARE_LIMIT


def _map_html() -> str:
    def make() -> bytes:
        block = initiatives_map_block(key="compare-map")
        return render_to_string("reports/includes/block.html", {"block": block}).encode() if block else b""

    language = translation.get_language() or "nl"
    return generated_get_or_make(key=f"compare-map:{language}", version=profile_version(), make=make).decode()


@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    regions = profile_regions()
    chosen, too_many = _chosen(request, regions)
    context: dict[str, Any] = {
        "groups": [
            (gettext("The Netherlands"), [region for region in regions if region.kind == RegionKind.COUNTRY]),
            (gettext("Provinces"), [region for region in regions if region.kind == RegionKind.PROVINCE]),
            (
                gettext("Labour-market regions"),
                [region for region in regions if region.kind == RegionKind.LABOUR_MARKET_REGION],
            ),
        ],
        "chosen": chosen,
        "chosen_codes": {region.code for region in chosen},
        "too_many": too_many,
        "limit": COMPARE_LIMIT,
        "blocks": comparison_blocks([coverage_of(region) for region in chosen]) if chosen else [],
        "map_html": mark_safe(_map_html()),  # noqa: S308 - our template's output
    }
    return render(request, "reports/compare.html", context)
