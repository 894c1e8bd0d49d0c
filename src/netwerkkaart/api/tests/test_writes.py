"""Writing through the API: a staff user's token, the services, and validation errors by field."""

from unittest import mock

import pytest
from rest_framework.test import APIClient

from netwerkkaart.accounts.models import User
from netwerkkaart.api import initiatives as initiative_views
from netwerkkaart.api.services import api_token_create, api_token_revoke
from netwerkkaart.initiatives.choices import PublicationStatus
from netwerkkaart.initiatives.models import Initiative
from netwerkkaart.search.selectors import initiative_scores_search

from .conftest import World

pytestmark = pytest.mark.django_db

NEW = {
    "name": "Data Lab  Zeeland",
    "summary": "Students and companies work on data projects.",
    "kind": "fieldlab",
    "phase": "starting",
    "startYear": 2025,
    "municipality": "GM0599",
    "themes": ["data-and-ai"],
    "targetGroups": ["hbo-students"],
    "contactEmail": "info@datalab.example.nl",
}


def problem_fields(response: object) -> dict[str, str]:
    assert response.status_code == 400, response.content  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/problem+json"  # type: ignore[index]
    return {param["name"]: param["code"] for param in response.json()["invalidParams"]}  # type: ignore[attr-defined]


def test_anonymous_writing_is_refused_with_a_challenge(api: APIClient, world: World) -> None:
    created = api.post("/api/v1/initiatives", NEW, format="json")
    changed = api.patch(f"/api/v1/initiatives/{world.campus.slug}", {"name": "X"}, format="json")
    published = api.post(f"/api/v1/initiatives/{world.draft.slug}/publish")

    for response in (created, changed, published):
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response["WWW-Authenticate"] == "Token"
        assert response.json()["status"] == 401
    assert not Initiative.objects.filter(name__startswith="Data Lab").exists()
    assert Initiative.objects.get(pk=world.draft.pk).status == PublicationStatus.DRAFT


def test_a_token_of_a_user_without_staff_rights_is_refused(api: APIClient, world: World) -> None:
    user = User.objects.create_user(email="someone@example.nl", password="x" * 16)
    _token, key = api_token_create(user=user, name="not staff")
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    response = api.post("/api/v1/initiatives", NEW, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize("header", ["Token wrong", "Token ", "Bearer abc", "Token a b"])
def test_a_wrong_token_is_refused_even_for_reading(api: APIClient, world: World, header: str) -> None:
    api.credentials(HTTP_AUTHORIZATION=header)

    response = api.get("/api/v1/initiatives")

    if header.startswith("Bearer"):
        assert response.status_code == 200  # another scheme: not ours, so anonymous
    else:
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"


def test_a_revoked_token_no_longer_works(staff_user: User, world: World) -> None:
    token, key = api_token_create(user=staff_user, name="revoked")
    api_token_revoke(token=token)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    assert client.post("/api/v1/initiatives", NEW, format="json").status_code == 401


def test_staff_creates_a_draft_through_the_service(staff_api: APIClient, world: World) -> None:
    with mock.patch.object(
        initiative_views, "initiative_create", wraps=initiative_views.initiative_create
    ) as service:
        response = staff_api.post("/api/v1/initiatives", NEW, format="json")

    assert response.status_code == 201, response.content
    service.assert_called_once()
    body = response.json()
    assert body["slug"] == "data-lab-zeeland"
    assert body["name"] == "Data Lab Zeeland"  # the service tidies the spaces
    assert body["status"] == "draft"
    assert body["themes"] == ["data-and-ai"]
    assert body["regionsServed"] == [
        {
            "url": "http://testserver/api/v1/regions/AM22",
            "code": "AM22",
            "name": "Rijnmond",
            "kind": "labour_market_region",
        }
    ]  # the service's default: the labour-market region of the municipality
    assert response["Location"] == "http://testserver/api/v1/initiatives/data-lab-zeeland"
    # A draft is not public (and the service indexed it for search, but only published ones are found).
    assert staff_api.get("/api/v1/initiatives/data-lab-zeeland").status_code == 404


def test_staff_publishes_and_the_initiative_appears_in_lists_and_search(
    staff_api: APIClient, api: APIClient, world: World
) -> None:
    staff_api.post("/api/v1/initiatives", NEW, format="json")

    response = staff_api.post("/api/v1/initiatives/data-lab-zeeland/publish")

    assert response.status_code == 200
    assert response.json()["status"] == "published"
    assert api.get("/api/v1/initiatives/data-lab-zeeland").status_code == 200
    slugs = [item["slug"] for item in api.get("/api/v1/initiatives?theme=data-and-ai").json()["results"]]
    assert slugs == ["data-lab-zeeland"]
    initiative = Initiative.objects.get(slug="data-lab-zeeland")
    assert [pk for pk, _score in initiative_scores_search(query="zeeland")] == [initiative.pk]


def test_staff_changes_only_the_fields_given(staff_api: APIClient, world: World) -> None:
    with mock.patch.object(
        initiative_views, "initiative_update", wraps=initiative_views.initiative_update
    ) as service:
        response = staff_api.patch(
            f"/api/v1/initiatives/{world.campus.slug}",
            {"name": "IT Campus Rotterdam-Zuid", "themes": ["cybersecurity"], "endYear": None},
            format="json",
        )

    assert response.status_code == 200, response.content
    service.assert_called_once()
    body = response.json()
    assert (body["slug"], body["name"], body["themes"]) == (
        "it-campus-rotterdam",  # the slug stays, so links keep working
        "IT Campus Rotterdam-Zuid",
        ["cybersecurity"],
    )
    assert body["startYear"] == 2018
    assert body["contactPerson"] == "Anna de Vries"


def test_a_merge_patch_document_is_accepted(staff_api: APIClient, world: World) -> None:
    response = staff_api.generic(
        "PATCH",
        f"/api/v1/initiatives/{world.draft.slug}",
        '{"summary": "Now with a summary"}',
        content_type="application/merge-patch+json",
    )

    assert response.status_code == 200
    assert response.json()["summary"] == "Now with a summary"


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"name": "required"}),
        ({"name": "X", "kind": "castle"}, {"kind": "invalid_choice"}),
        ({"name": "X", "themes": ["no-such-theme"]}, {"themes": "does_not_exist"}),
        ({"name": "X", "municipality": "AM22"}, {"municipality": "does_not_exist"}),
        ({"name": "X", "startYear": 1800}, {"startYear": "min_value"}),
        ({"name": "X", "website": "not a url"}, {"website": "invalid"}),
        # The model's own rules, checked by the service, answer in the same form.
        ({"name": "X", "startYear": 2024, "endYear": 2020}, {"endYear": "invalid"}),
        ({"name": "X", "contactPerson": "Jan"}, {"contactPersonConsentOn": "invalid"}),
    ],
)
def test_validation_errors_name_the_field(
    staff_api: APIClient, world: World, body: dict[str, object], fields: dict[str, str]
) -> None:
    response = staff_api.post("/api/v1/initiatives", body, format="json")

    assert problem_fields(response) == fields
    assert not Initiative.objects.filter(name="X").exists()


def test_publishing_an_invalid_initiative_names_the_field(staff_api: APIClient, world: World) -> None:
    Initiative.objects.filter(pk=world.draft.pk).update(website="not a url")

    response = staff_api.post(f"/api/v1/initiatives/{world.draft.slug}/publish")

    assert problem_fields(response) == {"website": "invalid"}


def test_a_body_that_is_not_json_is_a_problem(staff_api: APIClient, world: World) -> None:
    malformed = staff_api.generic("POST", "/api/v1/initiatives", "{not json", content_type="application/json")
    form = staff_api.post("/api/v1/initiatives", {"name": "X"})  # multipart

    assert malformed.status_code == 400
    assert malformed["Content-Type"] == "application/problem+json"
    assert malformed.json()["code"] == "parse_error"
    assert form.status_code == 415
    assert form["Content-Type"] == "application/problem+json"


def test_unknown_initiatives_cannot_be_changed(staff_api: APIClient, world: World) -> None:
    assert staff_api.patch("/api/v1/initiatives/nothing", {"name": "X"}, format="json").status_code == 404
    assert staff_api.post("/api/v1/initiatives/nothing/publish").status_code == 404
