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
    "netwerkkaart.api",
    "netwerkkaart.exports",
    "netwerkkaart.imports",
    "netwerkkaart.indicators",
    "netwerkkaart.enquiries",
    "netwerkkaart.insights",
    "netwerkkaart.reports",
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

# Region profiles (ADR 15): the sections of every profile, in order; each a section builder (see
# netwerkkaart/reports/sections.py). The education figures' builder is added here when it lands.
REPORTS_PROFILE_SECTIONS = [
    "netwerkkaart.reports.pps.pps_coverage",
    "netwerkkaart.reports.pps.initiatives_map",
]

# Where the official reference data is read from when no path is given (tests, `make run`).
REFERENCE_DATA_DIR = Path(env.str("NETWERKKAART_DATA_DIR", default=str(BASE_DIR.parent / "shared" / "data")))

# Where `import_regions --online` downloads the PC4 postcode file (empty: the built-in default).
REFERENCE_PC4_URL = env.str("NETWERKKAART_PC4_URL", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every step and its font subsetting (fontTools) every glyph at INFO.
    "loggers": {"fontTools": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}

# --- Cache -------------------------------------------------------------------------------------------
# The default cache holds the API throttle and the enquiry rate limit. Local memory (per process) unless
# NETWERKKAART_CACHE_URL names a shared cache, e.g. redis://127.0.0.1:6379/1: with several processes in
# production, use a shared one, or each process counts its own requests (docs/operations.md).
CACHES = {"default": env.cache_url("NETWERKKAART_CACHE_URL", default="locmemcache://")}

# --- REST API (/api/v1, ADR 10) -------------------------------------------------------------------
# Reading is anonymous and throttled per client address; writing needs a staff user's API token.
# Throttle counters live in the default cache (see CACHES above).
INSTALLED_APPS += ["rest_framework", "drf_spectacular"]
API_VERSION = "1.0.0"
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["netwerkkaart.api.auth.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["netwerkkaart.api.auth.ReadAnyoneWriteStaff"],
    "DEFAULT_THROTTLE_CLASSES": ["netwerkkaart.api.auth.AnonThrottle", "netwerkkaart.api.auth.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("NETWERKKAART_API_THROTTLE_ANON", default="120/minute"),
        "user": env.str("NETWERKKAART_API_THROTTLE_USER", default="600/minute"),
    },
    # Reverse proxies in front of the site whose X-Forwarded-For may be trusted (0: none).
    "NUM_PROXIES": env.int("NETWERKKAART_API_NUM_PROXIES", default=0),
    "DEFAULT_PAGINATION_CLASS": "netwerkkaart.api.pagination.PagePagination",
    "EXCEPTION_HANDLER": "netwerkkaart.api.problems.problem_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "URL_FORMAT_OVERRIDE": None,
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Netwerkkaart API",
    "DESCRIPTION": "Open data on the Dutch regional public-private partnerships (PPS) in ICT education.",
    "VERSION": API_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "DISABLE_DOCSTRING_DESCRIPTIONS": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "InitiativeKindEnum": "netwerkkaart.initiatives.choices.InitiativeKind",
        "PhaseEnum": "netwerkkaart.initiatives.choices.Phase",
        "PublicationStatusEnum": "netwerkkaart.initiatives.choices.PublicationStatus",
        "PartnershipRoleEnum": "netwerkkaart.initiatives.choices.PartnershipRole",
        "FundingSourceEnum": "netwerkkaart.initiatives.choices.FundingSource",
        "OrganisationKindEnum": "netwerkkaart.organisations.choices.OrganisationKind",
        "SizeClassEnum": "netwerkkaart.organisations.choices.SizeClass",
        "RegionKindEnum": "netwerkkaart.regions.choices.RegionKind",
    },
    "PREPROCESSING_HOOKS": ["netwerkkaart.api.schema.only_api_paths"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "netwerkkaart.api.schema.add_common_responses",
    ],
    "LICENSE": {"name": "CC BY 4.0 (data), EUPL-1.2 (code)"},
    "CONTACT": {},
}
# --- end of REST API settings ---------------------------------------------------------------------

# --- Exports and the data catalogue (netwerkkaart.exports, ADR 11) ---------------------------------
# The licence of the published data (DCAT-AP dct:license): a URL, CC BY 4.0 unless set.
DATA_LICENCE_URL = env.str(
    "NETWERKKAART_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/"
)
# Who publishes the data (dct:publisher) and, when known, that organisation's URI (for example its
# entry in the Register Overheidsorganisaties); empty: the site's own address.
DATA_PUBLISHER_NAME = env.str("NETWERKKAART_DATA_PUBLISHER_NAME", default="Netwerkkaart")
DATA_PUBLISHER_URI = env.str("NETWERKKAART_DATA_PUBLISHER_URI", default="")
# The catalogue's contact point (dcat:contactPoint): a generic address, never a person's.
DATA_CONTACT_EMAIL = env.str("NETWERKKAART_DATA_CONTACT_EMAIL", default="")
# --- end of exports settings -----------------------------------------------------------------------

# --- Indicators (netwerkkaart.indicators, ADR 14) --------------------------------------------------
# The CSV of DUO's "ingeschrevenen hbo" on duo.nl (copy the link from the open data page); used by
# `import_duo_hbo --url`. Empty: give the URL on the command line.
DUO_HBO_ENROLLED_URL = env.str("NETWERKKAART_DUO_HBO_ENROLLED_URL", default="")
# --- end of indicators settings --------------------------------------------------------------------

# --- Enquiries of companies (netwerkkaart.enquiries, ADR 16) --------------------------------------
# Where enquiries to initiatives without a public contact address go: the platform's coordinators (a
# generic address; empty: such initiatives cannot be written to through the site).
ENQUIRY_COORDINATORS_EMAIL = env.str("NETWERKKAART_ENQUIRY_COORDINATORS_EMAIL", default="")
# Days after which `purge_enquiries` removes the personal data of an enquiry (the counts stay).
ENQUIRY_RETENTION_DAYS = env.int("NETWERKKAART_ENQUIRY_RETENTION_DAYS", default=365)
# Days a status link in the initiative's mail stays valid.
ENQUIRY_STATUS_LINK_MAX_AGE_DAYS = env.int("NETWERKKAART_ENQUIRY_STATUS_LINK_DAYS", default=180)
# Enquiries a client may post per period ("number/second|minute|hour|day"), counted in the default cache.
ENQUIRY_RATE_LIMIT = env.str("NETWERKKAART_ENQUIRY_RATE_LIMIT", default="10/hour")
# Attempts to send a mail before it waits for an administrator (5 min, 10 min, ... 24 h apart).
ENQUIRY_MAIL_MAX_ATTEMPTS = env.int("NETWERKKAART_ENQUIRY_MAIL_MAX_ATTEMPTS", default=8)
# --- end of enquiries settings ---------------------------------------------------------------------
