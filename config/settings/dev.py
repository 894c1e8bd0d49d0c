"""Local development: SQLite in var/, debug on, console e-mail."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-insecure-key-not-for-production")
os.environ.setdefault("DJANGO_DEBUG", "true")

from .base import *  # noqa: F403
from .base import env

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Serve static files straight from the apps and npm packages, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Enquiries to initiatives without a contact address go here (printed on the console in development).
ENQUIRY_COORDINATORS_EMAIL = env.str(
    "NETWERKKAART_ENQUIRY_COORDINATORS_EMAIL", default="coordinatoren@netwerkkaart.example.nl"
)
