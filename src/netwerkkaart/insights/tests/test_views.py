"""The insight pages and downloads: both languages, a fixed number of queries, the reasons shown."""

import csv
import io
from typing import Any

import pytest
from django.test import Client

from netwerkkaart.initiatives.models import FundingLine
from netwerkkaart.insights.services import insights_recompute

from .scenario import AS_OF, Scenario, scenario_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario() -> Scenario:
    created = scenario_create()
    insights_recompute(as_of=AS_OF)
    return created


def test_overview_ranks_the_regions_and_explains_itself(
    client: Client, scenario: Scenario, django_assert_num_queries: Any
) -> None:
    client.get("/inzichten")
    # The run, the data version, the ranking, the clusters, the risk levels.
    with django_assert_num_queries(5):
        response = client.get("/inzichten")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Zeeland") < html.index("Twente") < html.index("Rijnmond")
    assert "Hoe is dit berekend?" in html
    assert "Berekend op" in html
    assert "geen leven lang ontwikkelen" in html
    english = client.get("/en/inzichten").content.decode()
    assert "National ranking of the labour-market regions" in english
    assert "no lifelong learning" in english


def test_region_page_shows_matrix_pairs_and_risks(
    client: Client, scenario: Scenario, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(12):
        response = client.get("/inzichten/regio/AM91")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Zij-instroomacademie Rijnmond" in html
    assert "ze delen 4 partners" in html
    assert "/initiatieven?region=AM91&amp;goal=postinitial-education&amp;target_group=" in html
    assert "leemte" in html
    assert "neemt deel aan 4 initiatieven" in html
    assert '<svg class="nk-network__drawing"' in html
    assert "2 initiatieven melden cijfers: samen 50 bedrijven betrokken (waarvan 35 mkb)" in html
    assert "De grootste, Zij-instroomacademie Rijnmond, betrekt 30 bedrijven: 60% van het totaal" in html
    zeeland = client.get("/en/inzichten/regio/AM93").content.decode()
    assert "No initiative in Zeeland works on lifelong learning" in zeeland
    assert "ends on 15 July 2026, in 6 months" in zeeland
    assert client.get("/inzichten/regio/AM99").status_code == 404


def test_lists_are_a_fixed_number_of_queries(
    client: Client, scenario: Scenario, django_assert_num_queries: Any
) -> None:
    client.get("/inzichten/overlap")  # warm: the session, the language
    with django_assert_num_queries(4):
        overlap = client.get("/inzichten/overlap")
    assert "Cyber Academy Twente" in overlap.content.decode()
    with django_assert_num_queries(4):
        continuity = client.get("/en/inzichten/continuiteit")
    assert "Techniekpact ICT Zeeland" in continuity.content.decode()


def test_the_stale_notice_after_a_change(client: Client, scenario: Scenario) -> None:
    assert "gewijzigd" not in client.get("/inzichten").content.decode()
    FundingLine.objects.all().delete()
    assert "De gegevens zijn gewijzigd na deze berekening" in client.get("/inzichten").content.decode()


def test_csv_downloads_are_safe_and_complete(client: Client, scenario: Scenario) -> None:
    response = client.get("/inzichten/overlap.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {(row["first_initiative"], row["second_initiative"]) for row in rows} == {
        ("omscholing-ict-rijnmond", "zij-instroomacademie-rijnmond"),
        ("cybersecurity-hub-twente", "cyber-academy-twente"),
    }
    assert all(row["reason_nl"] and row["reason_en"] and row["as_of"] == "2026-01-15" for row in rows)
    continuity = b"".join(client.get("/inzichten/continuity.csv").streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "techniekpact-ict-zeeland,high,1.0,true,true,true,2026-07-15" in continuity
    for dataset in ("coverage", "ranking"):
        assert client.get(f"/inzichten/{dataset}.csv").status_code == 200
    assert client.get("/inzichten/elsewhere.csv").status_code == 404


def test_pages_before_any_computation(client: Client) -> None:
    html = client.get("/inzichten").content.decode()
    assert "nog niet berekend" in html
    assert client.get("/inzichten/overlap").status_code == 200
    assert client.get("/inzichten/regio/AM22").status_code == 404
    assert client.get("/inzichten/overlap.csv").status_code == 404
