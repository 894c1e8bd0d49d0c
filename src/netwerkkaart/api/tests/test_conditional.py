"""Weak ETags and conditional GET (304 Not Modified) on what the API reads."""

import pytest
from rest_framework.test import APIClient

from netwerkkaart.organisations.models import Organisation

from .conftest import World

pytestmark = pytest.mark.django_db

READS = [
    "/api/v1/initiatives",
    "/api/v1/initiatives/it-campus-rotterdam",
    "/api/v1/organisations",
    "/api/v1/organisations/havenbedrijf-rotterdam",
    "/api/v1/partnerships",
    "/api/v1/regions/AM22",
    "/api/v1/themes",
]


@pytest.mark.parametrize("path", READS)
def test_a_read_has_a_weak_etag_and_answers_304_when_it_matches(
    api: APIClient, world: World, path: str
) -> None:
    first = api.get(path)
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('W/"') and etag.endswith('"')
    assert "ETag" in first["Access-Control-Expose-Headers"]

    same = api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert same.status_code == 304
    assert same.content == b""
    assert same["ETag"] == etag
    assert same["API-Version"] and same["Access-Control-Allow-Origin"] == "*"
    assert api.get(path, HTTP_IF_NONE_MATCH=f'"other", {etag}').status_code == 304
    assert api.get(path, HTTP_IF_NONE_MATCH='W/"other"').status_code == 200
    assert api.head(path, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_etag_changes_with_the_data(api: APIClient, world: World) -> None:
    path = "/api/v1/initiatives/it-campus-rotterdam"
    etag = api.get(path)["ETag"]
    # A partner's name is in the initiative's body: its change gives a new tag, not a stale 304.
    Organisation.objects.filter(slug="havenbedrijf-rotterdam").update(name="Port of Rotterdam")
    changed = api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_errors_and_streamed_geojson_have_no_etag(api: APIClient, world: World) -> None:
    missing = api.get("/api/v1/initiatives/nothing-here", HTTP_IF_NONE_MATCH="*")
    assert missing.status_code == 404 and "ETag" not in missing
    invalid = api.get("/api/v1/initiatives?kind=rocket")
    assert invalid.status_code == 400 and "ETag" not in invalid
    # The GeoJSON of every initiative is streamed (it may be large): no tag, always the whole body.
    geojson = api.get("/api/v1/initiatives.geojson")
    assert geojson.status_code == 200 and "ETag" not in geojson
