"""The OpenAPI document: committed, current (drift check), served, and shown as a documentation page."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from netwerkkaart.api.schema import COMMITTED_SCHEMA, schema_build, schema_text


def test_the_committed_schema_is_the_generated_one() -> None:
    """Fails when a change to the API was not followed by `manage.py api_schema` (and a commit)."""
    assert COMMITTED_SCHEMA.read_text(encoding="utf-8") == schema_text(schema_build()), (
        "docs/api/openapi.json is out of date: run `python manage.py api_schema` and commit it"
    )


def test_the_command_checks_and_writes(tmp_path: Path) -> None:
    target = tmp_path / "openapi.json"
    with pytest.raises(CommandError, match="out of date"):
        call_command("api_schema", "--check", "--file", str(target))

    call_command("api_schema", "--file", str(target))
    call_command("api_schema", "--check", "--file", str(target))

    assert target.read_text(encoding="utf-8") == COMMITTED_SCHEMA.read_text(encoding="utf-8")


def test_the_schema_describes_every_resource_and_its_errors() -> None:
    schema = schema_build()
    paths = schema["paths"]

    assert schema["openapi"].startswith("3.")
    assert all(not path.endswith("/") for path in paths)
    for path in (
        "/api/v1/initiatives",
        "/api/v1/initiatives/{slug}",
        "/api/v1/initiatives.geojson",
        "/api/v1/organisations",
        "/api/v1/partnerships",
        "/api/v1/regions/{code}/boundary",
        "/api/v1/themes",
        "/api/v1/goals",
        "/api/v1/target-groups",
        "/api/v1/education-levels",
    ):
        assert path in paths
    for operations in paths.values():
        for operation in operations.values():
            assert "500" in operation["responses"] and "429" in operation["responses"]
            assert "application/problem+json" in operation["responses"]["429"]["content"]
    for name in ("Initiative", "InitiativeDetail", "Organisation", "Partnership", "InitiativeReference"):
        assert "fictitious" in schema["components"]["schemas"][name]["required"], name


@pytest.mark.django_db
def test_the_served_schema_is_the_committed_file(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.content == COMMITTED_SCHEMA.read_bytes()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "language", "heading"), [("", "nl", "Netwerkkaart-API"), ("?lang=en", "en", "Netwerkkaart API")]
)
def test_the_docs_page_shows_every_operation_without_scripts(
    client: Client, query: str, language: str, heading: str
) -> None:
    response = client.get(f"/api/v1/docs{query}")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}"' in html
    assert heading in html
    assert "<script" not in html and "style=" not in html
    for operations in schema_build()["paths"].values():
        for operation in operations.values():
            assert f'id="{operation["operationId"]}"' in html
    assert 'id="problem-429"' in html
