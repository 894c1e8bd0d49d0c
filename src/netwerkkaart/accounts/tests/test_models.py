import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction

from netwerkkaart.accounts.choices import Role
from netwerkkaart.accounts.models import RoleAssignment, User
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region

pytestmark = pytest.mark.django_db


def test_users_log_in_by_email_case_insensitively_stored_lowercase() -> None:
    User.objects.create_user(email="Coordinator@Example.NL", password="a-long-enough-secret")

    user = authenticate(email="coordinator@example.nl", password="a-long-enough-secret")

    assert user is not None
    assert user.email == "coordinator@example.nl"
    assert not user.is_staff


def test_superuser_is_staff_and_superuser() -> None:
    user = User.objects.create_superuser(email="admin@example.nl", password="a-long-enough-secret")

    assert user.is_staff and user.is_superuser


def test_a_user_needs_an_email_address() -> None:
    with pytest.raises(ValueError):
        User.objects.create_user(email="", password="x")


def test_role_scope_must_match_the_role() -> None:
    user = User.objects.create_user(email="c@example.nl")
    region = Region.objects.create(
        kind=RegionKind.LABOUR_MARKET_REGION, code="AM22", name="Rijnmond", year=2024
    )

    RoleAssignment.objects.create(user=user, role=Role.REGIONAL_COORDINATOR, region=region)
    RoleAssignment.objects.create(user=user, role=Role.NATIONAL_ADMIN)

    with transaction.atomic(), pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=user, role=Role.REGIONAL_COORDINATOR)
    with transaction.atomic(), pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=user, role=Role.NATIONAL_ADMIN, region=region)
