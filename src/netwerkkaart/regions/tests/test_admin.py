"""The region admin: lists and forms load in few queries and never put a boundary in a form."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django import DjangoAssertNumQueries

from netwerkkaart.accounts.models import User
from netwerkkaart.regions.models import Region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_import")]


@pytest.fixture
def admin(client: Client) -> Client:
    user = User.objects.create_superuser(email="admin@example.nl", password="a-long-enough-secret")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["region", "regionmembership", "postcode"])
def test_changelists_load_in_a_fixed_number_of_queries(
    admin: Client, django_assert_max_num_queries: DjangoAssertNumQueries, model: str
) -> None:
    url = reverse(f"admin:regions_{model}_changelist")

    with django_assert_max_num_queries(6):
        response = admin.get(url)

    assert response.status_code == 200


def test_changelist_filters_and_search(admin: Client) -> None:
    url = reverse("admin:regions_postcode_changelist")

    assert admin.get(url, {"q": "3011"}).status_code == 200
    response = admin.get(url, {"has_municipality": "no", "kind__exact": "po_boxes"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 622


def test_a_municipality_shows_a_boundary_summary_not_a_textarea(admin: Client) -> None:
    rotterdam = Region.objects.get(code="GM0599")

    with translation.override("en"):  # the /en/ admin, so the summary text is English
        response = admin.get(reverse("admin:regions_region_change", args=[rotterdam.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="boundary"' not in content
    assert "Polygon" in content and "points" in content
    assert 'name="code"' not in content  # the import owns the identity of a region


def test_regions_can_be_found_by_autocomplete(admin: Client) -> None:
    response = admin.get(
        reverse("admin:autocomplete"),
        {"app_label": "regions", "model_name": "postcode", "field_name": "municipality", "term": "Rotter"},
    )

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Rotterdam (GM0599)"]
