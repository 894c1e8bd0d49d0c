"""Every registered model has a working admin: list (with a search), add and change pages."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from netwerkkaart.accounts.models import User
from netwerkkaart.initiatives.tests.factories import (
    FundingLineFactory,
    PartnershipFactory,
    YearlyFigureFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client: Client) -> Client:
    user = User.objects.create_superuser(email="beheer@example.nl", password="a-long-enough-secret")
    client.force_login(user)
    return client


@pytest.fixture
def some_rows() -> None:
    partnership = PartnershipFactory()
    FundingLineFactory(initiative=partnership.initiative)
    YearlyFigureFactory(initiative=partnership.initiative)


def _registered() -> list[tuple[str, str]]:
    return sorted((model._meta.app_label, model._meta.model_name or "") for model in admin.site._registry)


@pytest.mark.parametrize(("app_label", "model_name"), _registered())
def test_admin_pages_load(staff_client: Client, some_rows: None, app_label: str, model_name: str) -> None:
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")

    assert staff_client.get(changelist).status_code == 200
    assert staff_client.get(changelist, {"q": "rotterdam"}).status_code == 200
    model = next(m for m in admin.site._registry if m._meta.model_name == model_name)
    obj = model._default_manager.first()
    if obj is not None:
        change = reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk])
        assert staff_client.get(change).status_code == 200
    if admin.site._registry[model].has_add_permission(staff_client.get(changelist).wsgi_request):
        assert staff_client.get(reverse(f"admin:{app_label}_{model_name}_add")).status_code == 200


def test_every_domain_model_is_in_the_admin() -> None:
    registered = {label for label, _name in _registered()}
    assert {"regions", "organisations", "initiatives", "accounts"} <= registered
    names = {name for _label, name in _registered()}
    assert {
        "region",
        "regionmembership",
        "postcode",
        "organisation",
        "initiative",
        "partnership",
        "fundingline",
        "yearlyfigure",
        "theme",
        "goal",
        "targetgroup",
        "user",
        "roleassignment",
    } <= names
