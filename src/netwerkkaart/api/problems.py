"""Errors as RFC 9457 problem details (``application/problem+json``), for every status the API answers.

Validation problems name each refused parameter or field in ``invalidParams`` (name, code, reason), as
the Dutch government APIs do (NL API Design Rules, ZGW APIs).
"""

import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler, set_rollback

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"

# One title per status: the title names the kind of problem, the detail says what happened this time.
PROBLEM_TITLES = {
    status.HTTP_400_BAD_REQUEST: _("Invalid request"),
    status.HTTP_401_UNAUTHORIZED: _("Authentication required"),
    status.HTTP_403_FORBIDDEN: _("Not allowed"),
    status.HTTP_404_NOT_FOUND: _("Not found"),
    status.HTTP_405_METHOD_NOT_ALLOWED: _("Method not allowed"),
    status.HTTP_406_NOT_ACCEPTABLE: _("Not acceptable"),
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: _("Unsupported media type"),
    status.HTTP_429_TOO_MANY_REQUESTS: _("Too many requests"),
    status.HTTP_500_INTERNAL_SERVER_ERROR: _("Internal server error"),
}
INVALID_PARAMS_DETAIL = _("One or more parameters are not valid: see invalidParams.")
SERVER_ERROR_DETAIL = _("Something went wrong on our side. Please try again later.")


def problem_type(request: Any, status_code: int) -> str:
    """The URI of a kind of problem: its section on the API's documentation page."""
    return request.build_absolute_uri(f"{reverse('api:docs')}#problem-{status_code}")


def invalid_params(detail: Any, name: str = "") -> list[dict[str, str]]:
    """DRF's nested validation errors as a flat list; names are dotted paths ("partners.0.role")."""
    if isinstance(detail, Mapping):
        found = []
        for key, value in detail.items():
            key = "nonFieldErrors" if key == api_settings.NON_FIELD_ERRORS_KEY else str(key)
            found += invalid_params(value, f"{name}.{key}" if name else key)
        return found
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return [_param(name, item) for item in detail]
        found = []
        for position, item in enumerate(detail):
            found += invalid_params(item, f"{name}.{position}" if name else str(position))
        return found
    return [_param(name, detail)]


def _param(name: str, error: Any) -> dict[str, str]:
    return {
        "name": name or "nonFieldErrors",
        "code": str(getattr(error, "code", "invalid")),
        "reason": str(error),
    }


def problem_response(
    request: Any,
    status_code: int,
    *,
    detail: str,
    code: str,
    params: list[dict[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": problem_type(request, status_code),
        "title": str(PROBLEM_TITLES.get(status_code, _("Error"))),
        "status": status_code,
        "detail": detail,
        "instance": request.get_full_path(),
        "code": code,
    }
    if params is not None:
        body["invalidParams"] = params
    return Response(body, status=status_code, headers=dict(headers or {}), content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (status, WWW-Authenticate, Retry-After, rollback), with the body as a problem."""
    request = context["request"]
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        if settings.DEBUG:
            return None  # Django's debug page shows the traceback.
        logger.error("Unhandled error answering %s", request.get_full_path(), exc_info=exc)
        set_rollback()
        return problem_response(
            request, status.HTTP_500_INTERNAL_SERVER_ERROR, detail=str(SERVER_ERROR_DETAIL), code="error"
        )
    headers = {name: value for name, value in response.items() if name != "Content-Type"}
    if isinstance(exc, exceptions.ValidationError):
        return problem_response(
            request,
            response.status_code,
            detail=str(INVALID_PARAMS_DETAIL),
            code="invalid",
            params=invalid_params(exc.detail),
            headers=headers,
        )
    assert isinstance(exc, exceptions.APIException)  # noqa: S101 - DRF answers nothing else
    code = exc.get_codes()
    return problem_response(
        request,
        response.status_code,
        detail=str(exc.detail),
        code=code if isinstance(code, str) else "error",
        headers=headers,
    )
