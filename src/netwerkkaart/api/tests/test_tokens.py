"""API tokens: made for staff users by a command, kept only as a hash, revocable."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from netwerkkaart.accounts.models import User
from netwerkkaart.api.models import ApiToken
from netwerkkaart.api.services import api_token_create

pytestmark = pytest.mark.django_db


def test_only_the_hash_of_a_key_is_stored(staff_user: User) -> None:
    token, key = api_token_create(user=staff_user, name="Open data portal")

    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {stored.key_hash, stored.prefix, stored.name}
    assert stored.prefix == key[:8]
    assert len(key) >= 40


def test_using_a_token_records_the_day(staff_user: User) -> None:
    token, key = api_token_create(user=staff_user, name="daily")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    client.get("/api/v1/themes")

    assert ApiToken.objects.get(pk=token.pk).last_used_on == timezone.localdate()


def test_the_command_prints_the_key_once(staff_user: User) -> None:
    out = StringIO()

    call_command("api_token_create", staff_user.email, "--name", "import script", stdout=out)

    key = out.getvalue().strip().splitlines()[-1]
    assert ApiToken.objects.get(key_hash=hashlib.sha256(key.encode()).hexdigest()).name == "import script"


def test_the_command_refuses_users_without_staff_rights() -> None:
    User.objects.create_user(email="reader@example.nl", password="x" * 16)

    with pytest.raises(CommandError, match="staff"):
        call_command("api_token_create", "reader@example.nl", "--name", "x")
    with pytest.raises(CommandError, match="No active user"):
        call_command("api_token_create", "nobody@example.nl", "--name", "x")


def test_the_admin_lists_and_revokes_tokens(client: Client, staff_user: User) -> None:
    token, _key = api_token_create(user=staff_user, name="to revoke")
    admin = User.objects.create_superuser(email="admin@example.nl", password="x" * 16)
    client.force_login(admin)

    assert client.get("/beheer/api/apitoken/").status_code == 200
    response = client.post(
        "/beheer/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )

    assert response.status_code == 200
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
