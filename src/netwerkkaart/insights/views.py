"""Insight pages: public aggregates without personal data (ADR 17), thin over the selectors."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation

from netwerkkaart.exports.writers import csv_chunks
from netwerkkaart.initiatives.forms import filter_query
from netwerkkaart.initiatives.selectors import InitiativeFilterParams

from . import selectors
from .charts import national_charts
from .documents import CONTENT_TYPES, national_file
from .exports import ROWS
from .models import InsightRun

PAGE_SIZE = 50
REGION_PAGE_ROWS = 25
CSV_FILE_NAMES = {
    "coverage": "inzichten-dekking.csv",
    "ranking": "inzichten-ranglijst-regios.csv",
    "overlap": "inzichten-overlap.csv",
    "continuity": "inzichten-continuiteit.csv",
    "national": "samenwerking-in-cijfers.csv",
}


def _state_context(request: HttpRequest) -> dict[str, object]:
    state = selectors.insights_run_state()
    return {"run": state.run, "stale": state.stale}


def overview(request: HttpRequest) -> HttpResponse:
    context = _state_context(request)
    run = context["run"]
    if isinstance(run, InsightRun):
        ranking = list(selectors.region_coverage_list(run=run))
        context.update(
            ranking=ranking,
            overlap_pairs=sum(coverage.overlap_pairs for coverage in ranking),
            overlap_clusters=selectors.overlap_cluster_list(run=run).count(),
            risk_counts=selectors.continuity_risk_counts(run=run),
        )
    return render(request, "insights/overview.html", context)


def region(request: HttpRequest, code: str) -> HttpResponse:
    context = _state_context(request)
    run = context["run"]
    if not isinstance(run, InsightRun):
        raise Http404
    coverage = selectors.region_coverage_get(run=run, code=code.upper())
    if coverage is None:
        raise Http404
    matrix = selectors.coverage_matrix(coverage=coverage)
    links = {
        (cell.goal_id, cell.target_group_id): filter_query(
            InitiativeFilterParams(
                labour_market_regions=(coverage.region.code,),
                goals=(cell.goal.slug,),
                target_groups=(cell.target_group.slug,),
            )
        )
        for row in matrix.rows
        for cell in row
    }
    bridges = selectors.network_bridge_list(run=run, region=coverage.region)
    pairs = selectors.overlap_pair_list(run=run, region=coverage.region)
    risks = selectors.continuity_risk_list(run=run, region=coverage.region)
    context.update(
        coverage=coverage,
        matrix=matrix,
        cell_links=links,
        bridges=bridges,
        drawing=selectors.network_drawing(bridges) if bridges else None,
        pairs=list(pairs[:REGION_PAGE_ROWS]),
        pair_count=coverage.overlap_pairs,
        clusters=list(selectors.overlap_cluster_list(run=run, region=coverage.region)[:REGION_PAGE_ROWS]),
        risks=list(risks[:REGION_PAGE_ROWS]),
        risk_count=risks.count(),
        ict_students=selectors.ict_students_get(coverage=coverage),
    )
    return render(request, "insights/region.html", context)


def national(request: HttpRequest) -> HttpResponse:
    """ "Samenwerking in cijfers": totals and trends by goal, theme and region; each chart by its table."""
    context = _state_context(request)
    run = context["run"]
    if isinstance(run, InsightRun):
        figures = selectors.national_figures(run=run)
        context.update(figures=figures, charts=national_charts(figures))
    return render(request, "insights/national.html", context)


def national_print(request: HttpRequest) -> HttpResponse:
    run = selectors.insights_run_latest()
    if run is None:
        raise Http404
    return HttpResponse(national_file(run, "print"), content_type=CONTENT_TYPES["print"])


def national_pdf(request: HttpRequest) -> HttpResponse:
    run = selectors.insights_run_latest()
    if run is None:
        raise Http404
    language = translation.get_language() or "nl"
    response = HttpResponse(national_file(run, "pdf"), content_type=CONTENT_TYPES["pdf"])
    response["Content-Disposition"] = f'attachment; filename="samenwerking-in-cijfers-{language}.pdf"'
    return response


def overlap_list(request: HttpRequest) -> HttpResponse:
    context = _state_context(request)
    run = context["run"]
    if isinstance(run, InsightRun):
        page = Paginator(selectors.overlap_pair_list(run=run), PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(page_obj=page, pairs=page.object_list)
    return render(request, "insights/overlap.html", context)


def continuity_list(request: HttpRequest) -> HttpResponse:
    context = _state_context(request)
    run = context["run"]
    if isinstance(run, InsightRun):
        page = Paginator(selectors.continuity_risk_list(run=run), PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(page_obj=page, risks=page.object_list)
    return render(request, "insights/continuity.html", context)


def download(request: HttpRequest, dataset: str) -> StreamingHttpResponse:
    run = selectors.insights_run_latest()
    if run is None or dataset not in ROWS:
        raise Http404
    columns, rows = ROWS[dataset](run)
    response = StreamingHttpResponse(
        csv_chunks(columns=columns, rows=rows, delimiter=","), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{CSV_FILE_NAMES[dataset]}"'
    return response
