"""The indicator endpoints: suppressed cells are null with suppressed true, never a number."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netwerkkaart.indicators.records import ImportReport

pytestmark = pytest.mark.django_db


def test_indicator_list_and_detail(client: Client, duo_imported: ImportReport) -> None:
    body = client.get("/api/v1/indicators").json()
    assert [item["code"] for item in body["results"]] == ["hbo_enrolled"]
    detail = client.get("/api/v1/indicators/hbo_enrolled").json()
    assert detail["suppressionMax"] == 4
    missing = client.get("/api/v1/indicators/nothing")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_observations_show_suppression_as_null(client: Client, duo_imported: ImportReport) -> None:
    body = client.get("/api/v1/regions/GM0106/observations?year=2024&pageSize=100").json()
    assert body["total"] > 0
    hidden = [cell for cell in body["results"] if cell["suppressed"]]
    shown = [cell for cell in body["results"] if not cell["suppressed"]]
    assert hidden and all(cell["value"] is None for cell in hidden)
    assert shown and all(isinstance(cell["value"], int) for cell in shown)
    assert {"sourceFile", "sourceRow", "programmeCode", "gender"} <= set(hidden[0])


def test_national_figures(client: Client, duo_imported: ImportReport) -> None:
    body = client.get("/api/v1/regions/NL/figures?year=2024").json()
    (figure,) = body["results"]
    assert figure == {
        "indicator": "hbo_enrolled",
        "year": 2024,
        "knownTotal": 448_296,
        "cells": 4_430,
        "suppressedCells": 383,
        "isLowerBound": True,
        "upperBound": 448_296 + 4 * 383,
        "display": "ten minste 448.296",
    }
    english = client.get("/api/v1/regions/NL/figures?year=2024", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["results"][0]["display"] == "at least 448,296"


def test_bad_year_is_a_problem(client: Client, duo_imported: ImportReport) -> None:
    response = client.get("/api/v1/regions/NL/figures?year=later")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_classification_list(client: Client, duo_imported: ImportReport) -> None:
    body = client.get("/api/v1/programme-classifications?category=hard_ict&pageSize=100").json()
    assert {item["category"] for item in body["results"]} == {"hard_ict"}
    assert "30020" in {item["programmeCode"] for item in body["results"]}


def test_fixed_query_count(
    client: Client, duo_imported: ImportReport, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    for page_size in (5, 100):
        with django_assert_max_num_queries(4):
            client.get(f"/api/v1/regions/GM0106/observations?pageSize={page_size}")


@pytest.mark.parametrize(
    "path", ["/api/v1/programme-classifications", "/api/v1/regions/PV28/figures", "/api/v1/indicators"]
)
def test_every_indicator_list_takes_the_same_queries_for_one_row_as_for_a_page(
    client: Client, duo_imported: ImportReport, path: str
) -> None:
    with CaptureQueriesContext(connection) as one_row:
        first = client.get(f"{path}?pageSize=1")
    with CaptureQueriesContext(connection) as whole_page:
        page = client.get(f"{path}?pageSize=100")

    assert first.status_code == page.status_code == 200
    assert len(whole_page.captured_queries) == len(one_row.captured_queries)
