"""The OpenAPI 3.1 document, assembled from every feature module's paths."""

from __future__ import annotations

import copy

from flask import jsonify

from app.api import bp

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {"type": "string"}},
    },
    "required": ["title", "status"],
}

OPENAPI_PATHS = {
    "/openapi.json": {
        "get": {
            "summary": "This OpenAPI document",
            "tags": ["meta"],
            "responses": {"200": {"description": "The OpenAPI document",
                                  "content": {"application/json": {"schema": {"type": "object"}}}}},
        }
    }
}


# Answers any operation may give before its view runs (app/inputs.py): a request holding what cannot be
# stored, and a body over the size limit.
EDGE_RESPONSES = {
    "400": {
        "description": "The request holds what cannot be stored (a NUL or broken character, a number too "
        "large) or could not be read",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    },
    "413": {
        "description": "The request body is larger than the server accepts (MAX_CONTENT_LENGTH)",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    },
}
_METHODS = ("get", "put", "post", "delete", "patch")


def _with_edge_responses(paths: dict) -> dict:
    for item in paths.values():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            responses.setdefault("400", EDGE_RESPONSES["400"])
            if "requestBody" in operation:
                responses.setdefault("413", EDGE_RESPONSES["413"])
    return paths


def build_document() -> dict:
    from app.api import load_feature_modules

    paths: dict = {}
    schemas: dict = {"Problem": PROBLEM_SCHEMA}
    for module in load_feature_modules():
        paths.update(getattr(module, "OPENAPI_PATHS", {}))
        schemas.update(getattr(module, "OPENAPI_SCHEMAS", {}))
    paths = _with_edge_responses(copy.deepcopy(paths))
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Weave API",
            "version": "1",
            "description": "Needs, offers, groups and coverage. Sign in with the web app's session "
            "cookie (state-changing requests then need the X-CSRFToken header), or send a personal API "
            "token as Authorization: Bearer (no CSRF token needed; a read token may only read). Errors "
            "are problem bodies.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "personalToken": {"type": "http", "scheme": "bearer",
                                  "description": "A personal API token, made on the API tokens page"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
        "security": [{}, {"personalToken": []}, {"session": []}],
    }


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(build_document())
