"""The page tests' small country (`world`), API clients, and a clean throttle for every test."""

from collections.abc import Iterable, Iterator
from typing import Any, cast

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from netwerkkaart.accounts.models import User
from netwerkkaart.api.services import api_token_create
from netwerkkaart.web.tests.conftest import World, world, world_create  # noqa: F401 - fixtures

__all__ = ["World", "world_create"]


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Iterator[None]:
    """Throttle counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def staff_user(db: None) -> User:
    return User.objects.create_user(email="redactie@example.nl", password="x" * 16, is_staff=True)


@pytest.fixture
def staff_api(staff_user: User) -> APIClient:
    _token, key = api_token_create(user=staff_user, name="tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def streamed(response: Any) -> bytes:
    """The body of a streamed response (GeoJSON)."""
    return b"".join(cast(Iterable[bytes], response.streaming_content))
