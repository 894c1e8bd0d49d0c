"""`/api/v1/insights/...`: the same selectors as the pages, in the API's protocol."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netwerkkaart.insights.services import insights_recompute

from .scenario import AS_OF, Scenario, scenario_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario() -> Scenario:
    created = scenario_create()
    insights_recompute(as_of=AS_OF)
    return created


def test_run_says_when_and_from_which_data(client: Client, scenario: Scenario) -> None:
    body = client.get("/api/v1/insights/run").json()
    assert body["asOf"] == "2026-01-15"
    assert body["stale"] is False
    assert body["dataVersion"].count(":") == 2


def test_regions_ranked_by_need(client: Client, scenario: Scenario) -> None:
    body = client.get("/api/v1/insights/regions?pageSize=100").json()
    ours = [row for row in body["results"] if row["region"]["code"] >= "AM91"]
    assert [row["region"]["code"] for row in ours] == ["AM93", "AM92", "AM91"]
    assert ours[0]["lacksLifelongLearning"] is True and ours[0]["lifelongLearning"] == 0
    rijnmond = ours[2]
    assert (rijnmond["companiesInvolved"], rijnmond["studentsReached"]) == (50, 180)
    assert rijnmond["largestInitiative"]["slug"] == "zij-instroomacademie-rijnmond"
    assert rijnmond["yearlyReach"] == [[2024, 10, 50], [2025, 50, 180]]


def test_region_matrix(client: Client, scenario: Scenario, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(6):
        body = client.get("/api/v1/insights/regions/AM91").json()
    cells = {(cell["goal"], cell["targetGroup"]): cell for cell in body["cells"]}
    career = cells[("postinitial-education", "jobseekers-career-switchers")]
    assert career["count"] == 2 and career["gap"] is False
    assert set(career["firstInitiatives"]) == {"omscholing-ict-rijnmond", "zij-instroomacademie-rijnmond"}
    assert cells[("postinitial-education", "women-and-girls")]["gap"] is True
    assert client.get("/api/v1/insights/regions/AM99").status_code == 404


def test_overlaps_with_reasons_in_the_language_asked(client: Client, scenario: Scenario) -> None:
    body = client.get("/api/v1/insights/overlaps?region=AM91", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["total"] == 1
    pair = body["results"][0]
    assert {pair["first"]["slug"], pair["second"]["slug"]} == {
        "omscholing-ict-rijnmond",
        "zij-instroomacademie-rijnmond",
    }
    assert pair["reason"] == pair["reasonEn"] and "they share 4 partners" in pair["reason"]
    dutch = client.get("/api/v1/insights/overlaps?region=AM91").json()["results"][0]
    assert dutch["reason"] == dutch["reasonNl"]
    assert len(client.get("/api/v1/insights/overlaps").json()["results"]) == 2


def test_continuity_risks_filtered(client: Client, scenario: Scenario) -> None:
    high = client.get("/api/v1/insights/continuity-risks?level=high").json()["results"]
    assert [risk["initiative"]["slug"] for risk in high] == ["techniekpact-ict-zeeland"]
    assert high[0]["endingWithin12Months"] is True and len(high[0]["fundingLines"]) == 1
    assert client.get("/api/v1/insights/continuity-risks?level=low").json()["results"] == []
    assert client.get("/api/v1/insights/continuity-risks?region=AM91").json()["results"] == []
    assert client.get("/api/v1/insights/continuity-risks?level=severe").status_code == 400


def test_not_computed_yet_is_a_problem(client: Client) -> None:
    response = client.get("/api/v1/insights/overlaps")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    "path", ["/api/v1/insights/regions", "/api/v1/insights/overlaps", "/api/v1/insights/continuity-risks"]
)
def test_every_insight_list_takes_the_same_queries_for_one_row_as_for_a_page(
    client: Client, scenario: Scenario, path: str
) -> None:
    with CaptureQueriesContext(connection) as one_row:
        first = client.get(f"{path}?pageSize=1")
    with CaptureQueriesContext(connection) as whole_page:
        page = client.get(f"{path}?pageSize=100")

    assert first.status_code == page.status_code == 200
    assert page.json()["results"], "the scenario gives this list rows"
    assert len(whole_page.captured_queries) == len(one_row.captured_queries)
