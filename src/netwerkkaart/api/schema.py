"""The OpenAPI 3 description: generated from the views (drf-spectacular), completed here with what the
views share (problem responses, the API-Version header, GeoJSON shapes), and committed to
docs/api/openapi.json, where a test and `manage.py api_schema --check` catch any drift."""

import json
from functools import cache
from http import HTTPStatus
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

from .problems import PROBLEM_CONTENT_TYPE

API_PREFIX = "/api/v1"
COMMITTED_SCHEMA = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.json"
# The language of the committed and served schema; the docs page is also generated in Dutch.
SCHEMA_LANGUAGE = "en"

DESCRIPTION = """\
Open data on the Dutch regional public-private partnerships (PPS) in ICT education: initiatives,
their partner organisations, the regions they work in, and the taxonomies that describe them.

Conventions (NL API Design Rules): plural resource names, no trailing slashes, JSON field names in
camelCase, enumeration values and slugs as they appear in the public site's URLs. Collections are
paged with `page` and `pageSize` and carry `_links` (self, first, prev, next, last) and `total`.
Errors are `application/problem+json` (RFC 9457); invalid parameters are listed in `invalidParams`.
Every response carries the `API-Version` header. Reading is anonymous and throttled per client;
writing needs `Authorization: Token <key>` of a staff user. CORS is open for reading only.

Records marked `fictitious: true` are generated demo data and do not exist.
Data: CC BY 4.0; region boundaries: Statistics Netherlands (Bron: CBS)."""

_PROBLEM_DESCRIPTIONS = {
    400: "The request is not valid: see invalidParams.",
    401: "Writing needs an API token.",
    403: "The token's user may not do this.",
    404: "Not found.",
    406: "None of the accepted media types can be given.",
    415: "The body is not JSON.",
    429: "Too many requests: wait for the seconds in Retry-After.",
    500: "Server error.",
}
_WRITE_METHODS = ("post", "put", "patch", "delete")

_POINT = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"type": "string", "enum": ["Point"]},
        "coordinates": {
            "type": "array",
            "description": "Longitude and latitude (WGS 84).",
            "items": {"type": "number"},
            "minItems": 2,
            "maxItems": 2,
        },
    },
}
COMPONENTS: dict[str, dict[str, Any]] = {
    "Link": {
        "type": "object",
        "required": ["href"],
        "properties": {"href": {"type": "string", "format": "uri"}},
    },
    "InvalidParam": {
        "type": "object",
        "required": ["name", "code", "reason"],
        "properties": {
            "name": {"type": "string", "description": "The parameter or field (a dotted path in a body)."},
            "code": {"type": "string"},
            "reason": {"type": "string"},
        },
    },
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details.",
        "required": ["type", "title", "status", "detail", "instance", "code"],
        "properties": {
            "type": {"type": "string", "format": "uri", "description": "The kind of problem."},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "instance": {"type": "string", "description": "The path and query of the request."},
            "code": {"type": "string"},
            "invalidParams": {"type": "array", "items": {"$ref": "#/components/schemas/InvalidParam"}},
        },
    },
    "InitiativeFeature": {
        "type": "object",
        "required": ["type", "id", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"type": "string"},
            "geometry": _POINT,
            "properties": {
                "type": "object",
                "required": ["slug", "name", "kind", "phase", "fictitious", "url", "webUrl"],
                "properties": {
                    "slug": {"type": "string"},
                    "name": {"type": "string"},
                    "kind": {"type": "string", "nullable": True},
                    "phase": {"type": "string"},
                    "fictitious": {"type": "boolean"},
                    "url": {"type": "string", "format": "uri"},
                    "webUrl": {"type": "string", "format": "uri"},
                },
            },
        },
    },
    "InitiativeFeatureCollection": {
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": {"type": "array", "items": {"$ref": "#/components/schemas/InitiativeFeature"}},
        },
    },
    "RegionFeature": {
        "type": "object",
        "required": ["type", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "geometry": {
                "type": "object",
                "description": "A GeoJSON Polygon or MultiPolygon.",
                "required": ["type", "coordinates"],
                "properties": {"type": {"type": "string"}, "coordinates": {"type": "array", "items": {}}},
            },
            "properties": {
                "type": "object",
                "required": ["code", "name", "kind"],
                "properties": {
                    "code": {"type": "string"},
                    "name": {"type": "string"},
                    "kind": {"type": "string"},
                },
            },
        },
    },
}


# Integer ranges that come from the database column (SQLite and PostgreSQL differ), not from our rules.
_DATABASE_BOUNDS = {2**15 - 1, 2**31 - 1, 2**63 - 1}


def _database_bounds_drop(node: Any) -> None:
    """Leaves out the column ranges drf-spectacular copies into integer fields, so the document is the
    same on every database (our own limits, such as years up to 2100, stay)."""
    if isinstance(node, dict):
        if node.get("type") == "integer" and node.get("maximum") in _DATABASE_BOUNDS:
            del node["maximum"]
            node.pop("format", None)
        for value in node.values():
            _database_bounds_drop(value)
    elif isinstance(node, list):
        for value in node:
            _database_bounds_drop(value)


def only_api_paths(endpoints: list[tuple[Any, ...]], **kwargs: Any) -> list[tuple[Any, ...]]:
    """drf-spectacular preprocessing hook: the schema describes /api/v1 and nothing else."""
    return [
        endpoint
        for endpoint in endpoints
        if endpoint[0] == API_PREFIX or endpoint[0].startswith(f"{API_PREFIX}/")
    ]


def _problem_response(code: int) -> dict[str, Any]:
    return {
        "description": _PROBLEM_DESCRIPTIONS[code],
        "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def add_common_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: every operation's problem responses and shared headers."""
    result["info"]["description"] = DESCRIPTION
    _database_bounds_drop(result)
    result.setdefault("components", {}).setdefault("schemas", {}).update(COMPONENTS)
    version_header = {
        "description": "The full version of the API that answered.",
        "required": True,
        "schema": {"type": "string", "example": settings.API_VERSION},
    }
    for operations in result["paths"].values():
        for method, operation in operations.items():
            parameters = operation.get("parameters", [])
            codes = {406, 429, 500}
            if any(parameter["in"] == "query" for parameter in parameters):
                codes |= {400, 404}
            if any(parameter["in"] == "path" for parameter in parameters):
                codes.add(404)
            if "insights" in operation.get("tags", []):
                codes.add(404)  # the insights have not been computed yet (ADR 17)
            if method in _WRITE_METHODS:
                codes |= {400, 401, 403, 415}
                operation["security"] = [{"tokenAuth": []}]
            else:
                operation["security"] = [{}]  # anonymous
            responses = operation.setdefault("responses", {})
            for code in sorted(codes):
                responses.setdefault(str(code), _problem_response(code))
            operation["responses"] = dict(sorted(responses.items()))
            for code, response in operation["responses"].items():
                response["description"] = response.get("description") or HTTPStatus(int(code)).phrase
                response.setdefault("headers", {})["API-Version"] = version_header
    return result


@cache
def schema_build(*, language: str = SCHEMA_LANGUAGE) -> dict[str, Any]:
    """The OpenAPI document as plain JSON data, its texts in ``language``.

    drf-spectacular keeps the serializer instances named in ``extend_schema`` between builds, with the
    labels of the language they were first built in; the committed (English) document is therefore
    always built first, so it is the same whatever was built before in the process."""
    if language != SCHEMA_LANGUAGE:
        schema_build()
    with translation.override(language):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        data: dict[str, Any] = json.loads(json.dumps(schema, cls=DjangoJSONEncoder))
    return data


def schema_text(schema: dict[str, Any]) -> str:
    """The committed file's exact text."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


@cache
def schema_bytes() -> bytes:
    return schema_text(schema_build()).encode()
