"""Test-run guards shared by every test package."""

import pytest
from django.conf import settings
from django.db import connection


@pytest.fixture(scope="session", autouse=True)
def _database_vendor_is_the_expected_one(django_db_setup: None, django_db_blocker) -> None:  # type: ignore[no-untyped-def]
    """A run meant for PostgreSQL that silently ran on SQLite is a failure, not a pass."""
    expected = getattr(settings, "EXPECTED_DATABASE_VENDOR", "")
    with django_db_blocker.unblock():
        vendor = connection.vendor
    if expected and vendor != expected:
        pytest.exit(f"Tests expected the {expected} database but run on {vendor}", returncode=3)
