""" "Samenwerking in cijfers" (ADR 17): totals and trends by goal, theme and region, each chart with its
table, as a page in both languages and as a formula-safe CSV, in a fixed number of queries."""

import csv
import io
from typing import Any

import pikepdf
import pytest
from django.test import Client
from django.utils import translation

from netwerkkaart.insights.selectors import insights_run_latest, national_figures
from netwerkkaart.insights.services import insights_recompute
from netwerkkaart.reports.models import GeneratedFile

from .scenario import AS_OF, Scenario, scenario_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario() -> Scenario:
    created = scenario_create()
    insights_recompute(as_of=AS_OF)
    return created


def test_totals_trend_and_terms(scenario: Scenario) -> None:
    run = insights_run_latest()
    assert run is not None
    figures = national_figures(run=run)

    # Ten published initiatives in the scenario, one ended: nine current; two report figures.
    assert (figures.totals.initiatives, figures.totals.reporting) == (10, 2)
    # Latest years: Omscholing ICT Rijnmond 2025 (20 companies, 80 students), the other 30 and 100.
    assert (figures.totals.companies, figures.totals.students) == (50, 180)
    years = {row.key: row for row in figures.years}
    assert (years["2024"].reporting, years["2024"].companies, years["2024"].students) == (1, 10, 50)
    assert (years["2025"].reporting, years["2025"].companies) == (2, 50)
    assert years["2023"].initiatives == 4  # started in 2023: three retraining programmes and the vakschool
    postinitial = next(row for row in figures.goals if row.key == "postinitial-education")
    # The ended Zeeland programme does not count; both Rijnmond programmes report.
    assert (postinitial.initiatives, postinitial.companies) == (3, 50)
    rijnmond = next(row for row in figures.regions if row.key == "AM91")
    assert (rijnmond.initiatives, rijnmond.companies, rijnmond.students) == (5, 50, 180)


def test_the_page_in_both_languages_with_charts_and_tables(
    client: Client, scenario: Scenario, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(3):
        html = client.get("/inzichten/in-cijfers").content.decode()
    assert '<h1 class="utrecht-heading-1">Samenwerking in cijfers</h1>' in html
    assert html.count('<svg class="nk-chart__svg"') == 7
    assert 'id="regions-caption"' in html and "Rijnmond" in html
    assert "/inzichten/national.csv" in html
    with translation.override("en"):
        english = client.get("/en/inzichten/in-cijfers").content.decode()
    assert "Collaboration in figures" in english and "Current initiatives per theme" in english


def test_the_csv_holds_every_row_of_the_page(client: Client, scenario: Scenario) -> None:
    response = client.get("/inzichten/national.csv")
    assert response["Content-Disposition"] == 'attachment; filename="samenwerking-in-cijfers.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(text)))
    total = next(row for row in rows if row["section"] == "total")
    assert (total["initiatives"], total["companies_involved"], total["students_reached"]) == (
        "10",
        "50",
        "180",
    )
    assert {row["section"] for row in rows} == {"total", "year", "goal", "theme", "region"}
    assert any(row["section"] == "region" and row["key"] == "AM91" for row in rows)


def test_the_page_before_any_computation(client: Client) -> None:
    response = client.get("/inzichten/in-cijfers")
    assert response.status_code == 200
    assert client.get("/inzichten/national.csv").status_code == 404
    assert client.get("/inzichten/in-cijfers.pdf").status_code == 404
    assert client.get("/inzichten/in-cijfers/afdrukken").status_code == 404


def test_print_view_and_pdf_ua_made_once_per_run(client: Client, scenario: Scenario) -> None:
    printed = client.get("/inzichten/in-cijfers/afdrukken")
    assert printed.status_code == 200
    html = printed.content.decode()
    assert '<html lang="nl">' in html and "<h1>Samenwerking in cijfers</h1>" in html
    assert html.count('<svg class="nk-chart__svg"') == 7 and 'id="regions-caption"' in html
    for language, prefix, title in (
        ("nl", "", "Samenwerking in cijfers"),
        ("en", "/en", "Collaboration in figures"),
    ):
        with translation.override(language):
            response = client.get(f"{prefix}/inzichten/in-cijfers.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert f"samenwerking-in-cijfers-{language}.pdf" in response["Content-Disposition"]
        with pikepdf.open(io.BytesIO(response.content)) as pdf:
            assert "/StructTreeRoot" in pdf.Root and str(pdf.Root.Lang) == language
            assert title in str(pdf.docinfo["/Title"])
            assert pdf.open_metadata().get("pdfuaid:part") == "1"
    # Kept per language and format, keyed by the run: a new run makes new files.
    assert GeneratedFile.objects.filter(key__startswith="national:").count() == 3
    kept = GeneratedFile.objects.get(key="national:nl:pdf").version
    insights_recompute(as_of=AS_OF)
    client.get("/inzichten/in-cijfers.pdf")
    assert GeneratedFile.objects.get(key="national:nl:pdf").version != kept


def test_the_api_serves_the_same_figures(
    client: Client, scenario: Scenario, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(4):
        body = client.get("/api/v1/insights/national", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["totals"]["initiatives"] == 10 and body["totals"]["companies"] == 50
    assert any(row["key"] == "AM91" and row["students"] == 180 for row in body["regions"])
    assert any(
        row["key"] == "lifelong-learning" and row["name"] == "Lifelong learning" for row in body["themes"]
    )
