"""The API's root, its OpenAPI document, its documentation page and its answer to unknown paths."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from .base import ApiView, api_headers_add, request_language
from .problems import PROBLEM_CONTENT_TYPE, PROBLEM_TITLES
from .schema import schema_build, schema_bytes

# Resource name in `_links` -> URL name.
_COLLECTIONS = {
    "initiatives": "initiative-list",
    "initiativesGeoJSON": "initiative-geojson",
    "initiativeFacets": "initiative-facets",
    "organisations": "organisation-list",
    "partnerships": "partnership-list",
    "regions": "region-list",
    "goals": "goal-list",
    "themes": "theme-list",
    "targetGroups": "target-group-list",
    "educationLevels": "education-level-list",
    "activities": "activity-list",
    "openapi": "openapi",
    "docs": "docs",
}


class RootView(ApiView):
    @extend_schema(
        operation_id="root",
        summary=_("The API's collections and documents"),
        responses=inline_serializer(
            "Root",
            {
                "title": serializers.CharField(),
                "version": serializers.CharField(),
                "_links": serializers.DictField(child=serializers.DictField(child=serializers.URLField())),
            },
        ),
        tags=["api"],
    )
    def get(self, request: Request) -> Response:
        links = {
            name: {"href": request.build_absolute_uri(reverse(f"api:{url_name}"))}
            for name, url_name in {"self": "root", **_COLLECTIONS}.items()
        }
        return Response({"title": "Netwerkkaart API", "version": settings.API_VERSION, "_links": links})


class NotFoundView(ApiView):
    """Every other path under /api/v1 (a trailing slash too): a problem, never a redirect or HTML."""

    schema = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Not found whatever the method or the credentials; throttled like every other path.
        self.check_throttles(request)
        raise NotFound(_("There is no such resource in this API. See the documentation."))


class OpenApiView(ApiView):
    schema = None

    def get(self, request: Request) -> HttpResponse:
        return HttpResponse(schema_bytes(), content_type="application/json")


def _schema_type(schema: dict[str, Any]) -> str:
    """A short human name of a JSON schema's type."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "allOf" in schema or "oneOf" in schema:
        return " | ".join(_schema_type(part) for part in schema.get("allOf") or schema["oneOf"])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"{_schema_type(schema.get('items', {}))}[]"
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"] if value != "")
    return str(schema.get("format", kind))


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {})
            operations.append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "location": parameter["in"],
                            "required": parameter.get("required", False),
                            "type": _schema_type(parameter.get("schema", {})),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "body": [
                        {"media_type": media_type, "type": _schema_type(content.get("schema", {}))}
                        for media_type, content in body.items()
                    ],
                    "responses": [
                        {
                            "status": code,
                            "description": response.get("description", ""),
                            "content": [
                                {"media_type": media_type, "type": _schema_type(content.get("schema", {}))}
                                for media_type, content in response.get("content", {}).items()
                            ],
                        }
                        for code, response in operation.get("responses", {}).items()
                        if PROBLEM_CONTENT_TYPE not in response.get("content", {})
                    ],
                    "problems": [
                        code
                        for code, response in operation.get("responses", {}).items()
                        if PROBLEM_CONTENT_TYPE in response.get("content", {})
                    ],
                    "authenticated": method in ("post", "put", "patch", "delete"),
                }
            )
    return operations


def _components(schema: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for name, component in schema.get("components", {}).get("schemas", {}).items():
        required = set(component.get("required", ()))
        found.append(
            {
                "name": name,
                "description": component.get("description", ""),
                "enum": [value for value in component.get("enum", []) if value != ""],
                "properties": [
                    {
                        "name": field,
                        "type": _schema_type(spec),
                        "required": field in required,
                        "nullable": bool(spec.get("nullable")),
                        "read_only": bool(spec.get("readOnly")),
                        "description": spec.get("description", ""),
                    }
                    for field, spec in component.get("properties", {}).items()
                ],
            }
        )
    return found


def _other_language_label(code: str) -> str:
    """The name of another language in that language ("English", "Nederlands")."""
    return str(translation.get_language_info(code)["name_local"])


@require_safe
def docs_page(request: HttpRequest) -> HttpResponse:
    """The API's documentation, generated from its OpenAPI document, in Dutch or English
    (``?lang=``, else the browser's language): plain HTML, no scripts."""
    codes = [code for code, _name in settings.LANGUAGES]
    asked = request.GET.get("lang", "")
    language = asked if asked in codes else request_language(request)
    with translation.override(language):
        schema = schema_build(language=language)
        response = render(
            request,
            "api/docs.html",
            {
                "language": language,
                "other_languages": [
                    (code, _other_language_label(code)) for code in codes if code != language
                ],
                "info": schema["info"],
                "operations": _operations(schema),
                "components": _components(schema),
                "problems": [(code, str(title)) for code, title in PROBLEM_TITLES.items()],
                "root_url": request.build_absolute_uri(reverse("api:root")),
                "openapi_url": reverse("api:openapi"),
                "throttle_rates": settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            },
        )
        return api_headers_add(request, response)
