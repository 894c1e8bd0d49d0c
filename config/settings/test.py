"""Test settings: SQLite by default, PostgreSQL when DATABASE_URL points at one."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-insecure-key")
os.environ.setdefault("DJANGO_DEBUG", "false")

from .base import *  # noqa: F403
from .base import DATABASES, env

ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The database vendor a test run must use; a run that silently falls back to another fails.
EXPECTED_DATABASE_VENDOR = env.str("NETWERKKAART_EXPECT_DB_VENDOR", default="")

# Serve static files straight from the apps and npm packages, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ENQUIRY_COORDINATORS_EMAIL = "coordinatoren@netwerkkaart.example.nl"
