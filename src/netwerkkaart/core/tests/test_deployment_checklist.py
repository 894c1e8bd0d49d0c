"""Django's deployment checklist passes with the production settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def _run_with_production_settings(*args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "netwerkkaart.example.nl",
        "DATABASE_URL": "postgres://netwerkkaart@db.example.invalid:5432/netwerkkaart",
        **extra_env,
    }
    env.pop("DJANGO_DEBUG", None)
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_deploy_checklist_passes_with_production_settings() -> None:
    result = _run_with_production_settings("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _run_with_production_settings("check", DJANGO_SECRET_KEY="")

    assert result.returncode != 0


def test_production_refuses_sqlite() -> None:
    result = _run_with_production_settings("check", DATABASE_URL="sqlite:///tmp/x.sqlite3")

    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr
