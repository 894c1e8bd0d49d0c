"""A property-based run against the served OpenAPI document (schemathesis): for requests generated
from the schema, the API never answers a server error, and every answer matches the schema (status,
media type, headers, body). Bounded and derandomised, so it is quick and repeatable."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from netwerkkaart.accounts.models import User
from netwerkkaart.api.schema import COMMITTED_SCHEMA
from netwerkkaart.api.services import api_token_create

from .conftest import World

# Examples per operation: enough to reach every parameter, few enough to finish in well under a minute.
MAX_EXAMPLES = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(world: World, settings: Any) -> Iterator[Any]:
    """The schema as the running API serves it, called in-process through Django's WSGI handler."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},  # a fuzz run is many requests
    }
    # Each request would otherwise "close" the test's connection, which rolls its transaction back.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _operations() -> list[tuple[str, str]]:
    """Every operation of the committed document (the drift test keeps it equal to the served one)."""
    document = json.loads(COMMITTED_SCHEMA.read_text(encoding="utf-8"))
    return [(method.upper(), path) for path, methods in document["paths"].items() for method in methods]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), _operations())
def test_the_api_keeps_to_its_schema(api_schema: Any, method: str, path: str) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def keeps_to_the_schema(case: Any) -> None:
        case.call_and_validate(checks=CHECKS)

    keeps_to_the_schema()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path"), [(method, path) for method, path in _operations() if method in ("POST", "PATCH")]
)
def test_writing_keeps_to_the_schema(api_schema: Any, staff_user: User, method: str, path: str) -> None:
    """The same with a staff token, so that generated bodies reach the services."""
    _token, key = api_token_create(user=staff_user, name="fuzz")
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def keeps_to_the_schema(case: Any) -> None:
        if "slug" in case.path_parameters:
            case.path_parameters["slug"] = "it-campus-rotterdam"
        case.call_and_validate(headers={"Authorization": f"Token {key}"}, checks=CHECKS)

    keeps_to_the_schema()
