"""Test-run guards and fixtures shared by every test package."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction


@pytest.fixture(scope="session", autouse=True)
def _database_vendor_is_the_expected_one(django_db_setup: None, django_db_blocker) -> None:  # type: ignore[no-untyped-def]
    """A run meant for PostgreSQL that silently ran on SQLite is a failure, not a pass."""
    expected = getattr(settings, "EXPECTED_DATABASE_VENDOR", "")
    with django_db_blocker.unblock():
        vendor = connection.vendor
    if expected and vendor != expected:
        pytest.exit(f"Tests expected the {expected} database but run on {vendor}", returncode=3)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In `make test` (which sets the expected vendor) a skipped test is a failure, not a pass."""
    if not getattr(settings, "EXPECTED_DATABASE_VENDOR", ""):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and exitstatus == pytest.ExitCode.OK:
        if reporter:
            reporter.write_line(f"{skipped} test(s) skipped: every test must run in `make test`.", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="module")
def real_regions(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The official regions from the reference data, imported once for the module.

    The import runs in a transaction that stays open around the module's tests (each test runs
    in a savepoint inside it, as in Django's ``setUpTestData``) and is rolled back afterwards.
    """
    from netwerkkaart.regions.services import reference_data_import  # the apps are loaded by now

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            reference_data_import(data_dir=settings.REFERENCE_DATA_DIR)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
