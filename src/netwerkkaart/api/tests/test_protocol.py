"""What every endpoint shares: paths without trailing slashes, problem details for every error, the
API-Version header, CORS for reading only, throttling, the language, and the fictitious flag."""

from typing import Any
from unittest import mock

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from netwerkkaart.api import organisations as organisation_views
from netwerkkaart.api import urls as api_urls

from .conftest import World

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
LISTS = [
    "/api/v1/initiatives",
    "/api/v1/organisations",
    "/api/v1/partnerships",
    "/api/v1/regions",
    "/api/v1/goals",
    "/api/v1/themes",
    "/api/v1/target-groups",
    "/api/v1/education-levels",
    "/api/v1/activities",
]
READS = [
    "/api/v1",
    *LISTS,
    "/api/v1/initiatives.geojson",
    "/api/v1/initiative-facets",
    "/api/v1/initiatives/it-campus-rotterdam",
    "/api/v1/organisations/havenbedrijf-rotterdam",
    "/api/v1/regions/AM22",
    "/api/v1/regions/AM22/boundary",
    "/api/v1/openapi.json",
    "/api/v1/docs",
]


def routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[str]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += routes(pattern.url_patterns, route)
        else:
            found.append(route)
    return found


def test_no_route_ends_with_a_slash() -> None:
    api_routes = routes(api_urls.urlpatterns)

    assert len(api_routes) >= 20
    assert [route for route in api_routes if route.rstrip("$").endswith("/") and route != "/"] == []
    assert get_resolver().resolve("/api/v1/initiatives").url_name == "initiative-list"


@pytest.mark.parametrize(
    "path", ["/api/v1/", "/api/v1/initiatives/", "/api/v1/regions/AM22/", "/api/v1/nothing"]
)
def test_other_paths_are_a_not_found_problem_not_a_redirect(api: APIClient, world: World, path: str) -> None:
    for method in ("get", "post", "delete"):
        response = getattr(api, method)(path)

        assert response.status_code == 404, (method, path)
        assert response["Content-Type"] == PROBLEM
        body = response.json()
        assert body["status"] == 404
        assert body["type"] == "http://testserver/api/v1/docs#problem-404"
        assert body["instance"] == path


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/initiatives/no-such-initiative",
        "/api/v1/organisations/no-such-organisation",
        "/api/v1/regions/AM99",
        "/api/v1/regions/GM0599/boundary",  # a region without a boundary
        "/api/v1/regions/A%00",
    ],
)
def test_missing_resources_are_a_problem(api: APIClient, world: World, path: str) -> None:
    response = api.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert set(response.json()) == {"type", "title", "status", "detail", "instance", "code"}


def test_a_method_not_allowed_is_a_problem_with_the_allowed_methods(api: APIClient, world: World) -> None:
    response = api.delete("/api/v1/organisations")

    assert response.status_code == 405
    assert response["Content-Type"] == PROBLEM
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_an_unexpected_error_is_a_problem_and_is_logged(
    api: APIClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    with mock.patch.object(organisation_views, "organisation_list_paged", side_effect=RuntimeError("boom")):
        response = api.get("/api/v1/organisations")

    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM
    assert "boom" not in response.content.decode()
    assert "Unhandled error" in caplog.text


def test_a_not_acceptable_media_type_is_a_problem(api: APIClient, world: World) -> None:
    response = api.get("/api/v1/organisations", HTTP_ACCEPT="application/xml")

    assert response.status_code == 406
    assert response["Content-Type"] == PROBLEM


def test_every_read_has_the_api_version_and_is_open_to_every_origin(api: APIClient, world: World) -> None:
    for path in READS:
        response = api.get(path, HTTP_ORIGIN="https://data.example.org")

        assert response.status_code == 200, path
        assert response["API-Version"] == "1.0.0", path
        assert response["Access-Control-Allow-Origin"] == "*", path
        assert "API-Version" in response["Access-Control-Expose-Headers"], path


def test_a_preflight_allows_reading_only(api: APIClient, world: World) -> None:
    response = api.options(
        "/api/v1/initiatives",
        HTTP_ORIGIN="https://data.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )

    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "authorization" not in response["Access-Control-Allow-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in response


def test_writing_answers_carry_no_cors_headers(api: APIClient, staff_api: APIClient, world: World) -> None:
    refused = api.post(
        "/api/v1/initiatives", {"name": "X"}, format="json", HTTP_ORIGIN="https://evil.example"
    )
    created = staff_api.post(
        "/api/v1/initiatives", {"name": "X"}, format="json", HTTP_ORIGIN="https://evil.example"
    )

    assert (refused.status_code, created.status_code) == (401, 201)
    assert "Access-Control-Allow-Origin" not in refused
    assert "Access-Control-Allow-Origin" not in created


def test_anonymous_reading_is_throttled_with_a_problem(api: APIClient, world: World, settings: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": None},
    }

    statuses = [api.get("/api/v1/themes").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/regions")
    assert response.status_code == 429
    assert response["Content-Type"] == PROBLEM
    assert int(response["Retry-After"]) > 0
    assert response.json()["code"] == "throttled"


def test_staff_have_their_own_throttle(staff_api: APIClient, world: World, settings: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute", "user": "2/minute"},
    }

    statuses = [staff_api.get("/api/v1/themes").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_messages_follow_the_accept_language_header(api: APIClient, world: World) -> None:
    dutch = api.get("/api/v1/initiatives?page=5")
    english = api.get("/api/v1/initiatives?page=5", HTTP_ACCEPT_LANGUAGE="en")

    assert dutch["Content-Language"] == "nl"
    assert english["Content-Language"] == "en"
    assert english.json()["detail"] == "Page 5 does not exist: there are 1 pages."
    assert english.json()["title"] == "Not found"
    assert "Accept-Language" in english["Vary"]


def test_a_validation_problem_lists_every_invalid_parameter(api: APIClient, world: World) -> None:
    response = api.get("/api/v1/initiatives?theme=x&theme=y&pageSize=0", HTTP_ACCEPT_LANGUAGE="en")

    body = response.json()
    assert body["title"] == "Invalid request"
    assert body["code"] == "invalid"
    assert body["invalidParams"] == [
        {"name": "theme", "code": "invalid", "reason": 'Unknown value: "x"'},
        {"name": "theme", "code": "invalid", "reason": 'Unknown value: "y"'},
    ]


def _fictitious_flags(value: Any, kind: str | None = None) -> list[tuple[str, Any]]:
    """Every initiative, organisation and partnership representation in a body, with its flag."""
    found: list[tuple[str, Any]] = []
    if isinstance(value, dict):
        url = str(value.get("url", ""))
        if "/initiatives/" in url or "/organisations/" in url or kind == "partnership":
            found.append((url or "partnership", value.get("fictitious", "missing")))
        for item in value.values():
            found += _fictitious_flags(item)
    elif isinstance(value, list):
        for item in value:
            found += _fictitious_flags(item, kind)
    return found


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/initiatives",
        "/api/v1/initiatives/it-campus-rotterdam",
        "/api/v1/initiatives/cyberlab-schiedam",
        "/api/v1/organisations",
        "/api/v1/organisations/bits-en-bouten-bv",
        "/api/v1/organisations/havenbedrijf-rotterdam",
        "/api/v1/partnerships",
    ],
)
def test_every_record_carries_its_fictitious_flag(api: APIClient, world: World, path: str) -> None:
    body = api.get(path).json()

    kind = "partnership" if "partnerships" in path else None
    flags = _fictitious_flags(body.get("results", body), kind)
    assert flags
    assert all(isinstance(flag, bool) for _url, flag in flags), flags
    if path.endswith(("cyberlab-schiedam", "bits-en-bouten-bv")):
        assert body["fictitious"] is True


def test_a_partnership_is_fictitious_when_either_side_is(api: APIClient, world: World) -> None:
    results = api.get("/api/v1/partnerships?organisation=bits-en-bouten-bv").json()["results"]

    assert [
        (item["initiative"]["fictitious"], item["organisation"]["fictitious"], item["fictitious"])
        for item in results
    ] == [(True, True, True)]
    real = api.get("/api/v1/partnerships?initiative=it-campus-rotterdam").json()["results"]
    assert {item["fictitious"] for item in real} == {False}
