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
