"""What every API response shares: the version, the language, CORS for reading only, and a weak
ETag with conditional GET (304 Not Modified)."""

import hashlib
from typing import Any, TypeVar

from django.conf import settings
from django.core.validators import slug_re
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.response import SimpleTemplateResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

# Reading is open to every origin; writing is not (no credentials, no write methods in a preflight).
CORS_READ_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_EXPOSED_HEADERS = "API-Version, Content-Language, ETag, Link, Retry-After, X-Total-Count"
CORS_ALLOWED_HEADERS = "Accept, Accept-Language, If-None-Match"
CORS_MAX_AGE = 86400

R = TypeVar("R", bound=HttpResponseBase)


def request_language(request: HttpRequest) -> str:
    """The language of error messages and page links: the API is outside the language-prefixed URLs, so
    the ``Accept-Language`` header (or the language cookie) decides; Dutch by default."""
    return translation.get_language_from_request(request, check_path=False)


def api_headers_add(request: HttpRequest, response: R) -> R:
    response["API-Version"] = settings.API_VERSION
    response["Content-Language"] = translation.get_language() or settings.LANGUAGE_CODE
    patch_vary_headers(response, ["Accept-Language"])
    if request.method in CORS_READ_METHODS:
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = CORS_EXPOSED_HEADERS
        if request.method == "OPTIONS":
            response["Access-Control-Allow-Methods"] = ", ".join(CORS_READ_METHODS)
            response["Access-Control-Allow-Headers"] = CORS_ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = str(CORS_MAX_AGE)
    return response


def conditional_get(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """A successful GET or HEAD gets a weak ETag made from its body; a request whose
    ``If-None-Match`` holds it gets ``304 Not Modified`` without the body.

    Weak (``W/"..."``): the same representation, byte for byte, gives the same tag, and two
    encodings of it (gzip) may share it. The tag is taken from the rendered body rather than from a
    data version, so it can never be stale (every field, also of related records, is in the body);
    it saves transfer and the client's parsing, not the server's queries.
    """
    if (
        request.method not in ("GET", "HEAD")
        or response.status_code != 200
        or not isinstance(response, HttpResponse)  # streamed: no body to tag
    ):
        return response
    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
        response.render()
    digest = hashlib.sha256(response.content).hexdigest()[:32]
    etag = f'W/"{digest}"'
    response["ETag"] = etag
    conditional = get_conditional_response(request, etag=etag, response=response)
    if conditional is not None and conditional is not response:
        # The 304 keeps what a client needs to reuse its copy.
        for header in ("API-Version", "Content-Language", "Access-Control-Allow-Origin"):
            if header in response:
                conditional[header] = response[header]
    return conditional or response


class ApiViewMixin:
    """For every API view: answers in the request's language and adds the shared headers, errors too;
    conditional GET on what it reads (``conditional_get``)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with translation.override(request_language(request)):
            response: HttpResponseBase = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
            return conditional_get(request, response)

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        return api_headers_add(request, response)


class ApiView(ApiViewMixin, APIView):
    pass


def query_choices(request: Request, name: str, choices: list[tuple[str, Any]]) -> list[str]:
    """The values of a repeatable query parameter, each one of ``choices``; others are refused."""
    known = {value for value, _label in choices}
    values = [value for value in request.query_params.getlist(name) if value != ""]
    unknown = [value for value in values if value not in known]
    if unknown:
        raise ValidationError({name: [_("Unknown value: %(value)s") % {"value": unknown[0]}]})
    return list(dict.fromkeys(values))


def query_slug(request: Request, name: str) -> str:
    """A slug filter: anything else could never match (and NUL bytes upset PostgreSQL)."""
    value = request.query_params.get(name, "")
    if value and not slug_re.fullmatch(value):
        raise ValidationError({name: [_("Give a slug: letters, digits, hyphens and underscores.")]})
    return value
