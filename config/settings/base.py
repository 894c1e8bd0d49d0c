"""Settings shared by every environment.

Every variable is read through ``env`` and listed in ``.env.example``. Secrets have no default.
"""

from pathlib import Path

import django_stubs_ext
import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets generic Django classes be subscripted at runtime (QuerySet[Model], forms, admin).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SRC_DIR = BASE_DIR / "src" / "netwerkkaart"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY: there is no default secret key.")
ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS", default=[])

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'netwerkkaart.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "netwerkkaart.core",
    "netwerkkaart.accounts",
    "netwerkkaart.regions",
    "netwerkkaart.organisations",
    "netwerkkaart.initiatives",
    "netwerkkaart.search",
    "netwerkkaart.demo",
    "netwerkkaart.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Dutch first, English second.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages come from npm at setup time (package.json); only their dist folders are served.
STATICFILES_DIRS = [
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
    # NL Design System (ADR 8): the Utrecht component CSS and the "voorbeeld" theme's design tokens.
    ("vendor/utrecht", BASE_DIR / "node_modules" / "@utrecht" / "component-library-css" / "dist"),
    (
        "vendor/nlds-theme",
        BASE_DIR / "node_modules" / "@nl-design-system-unstable" / "voorbeeld-design-tokens" / "dist",
    ),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Content-Security-Policy: no inline scripts or styles, nothing from other origins except the
# basemap tiles (a setting).
BASEMAP_TILE_URL = env.str(
    "NETWERKKAART_BASEMAP_TILE_URL",
    default="https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
)
BASEMAP_ATTRIBUTION = env.str(
    "NETWERKKAART_BASEMAP_ATTRIBUTION",
    default="Kaartgegevens &copy; Kadaster (BRT Achtergrondkaart)",
)
_tile_origin = "/".join(BASEMAP_TILE_URL.split("/")[:3]) if BASEMAP_TILE_URL else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *([_tile_origin] if _tile_origin else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Origins (scheme://host[:port]) of the sites that may show /embed/kaart in an iframe; every other page
# may not be framed at all (frame-ancestors 'none', X-Frame-Options DENY).
EMBED_ALLOWED_ORIGINS: list[str] = env.list("NETWERKKAART_EMBED_ALLOWED_ORIGINS", default=[])
for _origin in EMBED_ALLOWED_ORIGINS:
    if not _origin.startswith(("https://", "http://")) or _origin.count("/") != 2:
        raise ImproperlyConfigured(f"NETWERKKAART_EMBED_ALLOWED_ORIGINS: '{_origin}' is not an origin.")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Where the official reference data is read from when no path is given (tests, `make run`).
REFERENCE_DATA_DIR = Path(env.str("NETWERKKAART_DATA_DIR", default=str(BASE_DIR.parent / "shared" / "data")))

# Where `import_regions --online` downloads the PC4 postcode file (empty: the built-in default).
REFERENCE_PC4_URL = env.str("NETWERKKAART_PC4_URL", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}
