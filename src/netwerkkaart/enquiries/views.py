"""Pages of the partnership finder, the enquiry, its status link and the funnel. Views stay thin."""

from typing import Any

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from netwerkkaart.exports.writers import csv_chunks
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.selectors import region_get_current

from .charts import funnel_charts
from .choices import EnquiryStatus
from .forms import EnquiryForm, FinderForm
from .models import Enquiry
from .ratelimit import rate_limit_allows
from .selectors import (
    enquiry_funnel,
    funnel_regions,
    initiative_for_enquiry,
    initiative_labour_market_region,
    partnership_find,
)
from .services import (
    EnquiryInput,
    enquiry_status_set,
    enquiry_submit,
    initiative_recipient,
    status_token_read,
)

ENQUIRY_SCOPE = "enquiry"


@require_safe
def finder(request: HttpRequest) -> HttpResponse:
    asked = any(name in request.GET for name in ("where", "need"))
    form = FinderForm(request.GET if asked else None)
    context: dict[str, Any] = {
        "form": form,
        "result": None,
        "coordinators_reachable": bool(settings.ENQUIRY_COORDINATORS_EMAIL),
    }
    if asked and form.is_valid():
        data = form.cleaned_data
        place = data["place"]
        context["result"] = partnership_find(
            place=place, need=data["need"], sector=data["sector"], size=data["size"]
        )
        context["contact_query"] = request.GET.urlencode()
        if place.labour_market_region is not None:
            context["region_list_url"] = (
                f"{reverse('web:initiative-list')}?region={place.labour_market_region.code}"
            )
    return render(request, "enquiries/finder.html", context)


def _initial(request: HttpRequest) -> dict[str, str]:
    return {name: request.GET.get(name, "") for name in ("where", "need", "size", "sector")}


@require_http_methods(["GET", "HEAD", "POST"])
def enquiry_create(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = initiative_for_enquiry(slug=slug)
    if initiative is None:
        raise Http404
    recipient, via_coordinators = initiative_recipient(initiative)
    context: dict[str, Any] = {
        "initiative": initiative,
        "via_coordinators": via_coordinators,
        "deliverable": bool(recipient),
        "retention_days": settings.ENQUIRY_RETENTION_DAYS,
    }
    status = 200
    if request.method == "POST" and recipient:
        form = EnquiryForm(request.POST, initiative=initiative, via_coordinators=via_coordinators)
        if not rate_limit_allows(request, scope=ENQUIRY_SCOPE, rate=settings.ENQUIRY_RATE_LIMIT):
            context["rate_limited"] = True
            status = 429
        elif form.is_spam:
            # Robots are told it worked; nothing is stored or sent.
            return HttpResponseRedirect(reverse("enquiries:sent", kwargs={"slug": initiative.slug}))
        elif form.is_valid():
            data = form.cleaned_data
            place = data["place"]
            enquiry_submit(
                initiative=initiative,
                labour_market_region=place.labour_market_region
                if place
                else initiative_labour_market_region(initiative),
                data=EnquiryInput(
                    need=data["need"],
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    company=data["company"],
                    kvk_number=data["kvk_number"],
                    message=data["message"],
                    company_size=data["size"],
                    sector=data["sector"],
                    consent_text=str(form.fields["consent"].label),
                ),
                language=get_language() or settings.LANGUAGE_CODE,
                site_url=request.build_absolute_uri("/"),
            )
            return HttpResponseRedirect(reverse("enquiries:sent", kwargs={"slug": initiative.slug}))
        else:
            status = 400
    else:
        form = EnquiryForm(
            initial=_initial(request), initiative=initiative, via_coordinators=via_coordinators
        )
    context["form"] = form
    return render(request, "enquiries/enquiry_form.html", context, status=status)


@require_safe
def enquiry_sent(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = initiative_for_enquiry(slug=slug)
    if initiative is None:
        raise Http404
    _recipient, via_coordinators = initiative_recipient(initiative)
    return render(
        request,
        "enquiries/enquiry_sent.html",
        {"initiative": initiative, "via_coordinators": via_coordinators},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def enquiry_status(request: HttpRequest, token: str) -> HttpResponse:
    pk = status_token_read(token)
    enquiry = (
        Enquiry.objects.select_related("initiative")
        .only("pk", "need", "status", "created_at", "initiative__name", "initiative__slug", "purged_at")
        .filter(pk=pk)
        .first()
        if pk is not None
        else None
    )
    if enquiry is None:
        return render(request, "enquiries/status_invalid.html", status=404)
    error = ""
    if request.method == "POST":
        chosen = request.POST.get("status", "")
        if chosen in EnquiryStatus.values:
            enquiry_status_set(enquiry=enquiry, status=chosen)
            return HttpResponseRedirect(f"{request.path}?saved=1")
        error = _("Choose one of the statuses.")
    return render(
        request,
        "enquiries/status.html",
        {
            "enquiry": enquiry,
            "statuses": EnquiryStatus.choices,
            "saved": request.GET.get("saved") == "1",
            "error": error,
        },
        status=400 if error else 200,
    )


def _funnel_region(request: HttpRequest) -> Any:
    code = request.GET.get("region", "").strip().upper()
    if not code:
        return None
    region = region_get_current(code=code)
    if region is None or region.kind != RegionKind.LABOUR_MARKET_REGION:
        raise Http404
    return region


@staff_member_required
@require_safe
def funnel(request: HttpRequest) -> HttpResponse:
    region = _funnel_region(request)
    result = enquiry_funnel(region=region)
    return render(
        request,
        "enquiries/funnel.html",
        {
            "funnel": result,
            "region": region,
            "regions": funnel_regions(),
            "charts": funnel_charts(result),
            "csv_query": f"?region={region.code}" if region else "",
        },
    )


@staff_member_required
@require_safe
def funnel_csv(request: HttpRequest) -> StreamingHttpResponse:
    region = _funnel_region(request)
    result = enquiry_funnel(region=region)
    scope = region.code if region else "NL"
    rows: list[list[Any]] = []
    for month in result.months:
        rows.append(
            [
                "month",
                scope,
                "",
                month.month.strftime("%Y-%m"),
                month.counts.asked,
                month.counts.contacted,
                month.counts.joined,
            ]
        )
    for row in result.regions:
        code, name = (row.region.code, row.region.name) if row.region else ("", _("unknown"))
        rows.append(["region", code, name, "", row.counts.asked, row.counts.contacted, row.counts.joined])
    rows.append(["total", scope, "", "", result.total.asked, result.total.contacted, result.total.joined])
    response = StreamingHttpResponse(
        csv_chunks(
            columns=["kind", "region_code", "region_name", "month", "asked", "contacted", "joined"],
            rows=rows,
            delimiter=",",
        ),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="company-funnel-{scope.lower()}.csv"'
    return response
