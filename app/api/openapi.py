"""The OpenAPI 3.1 document, assembled from every feature module's paths."""

from __future__ import annotations

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


def build_document() -> dict:
    from app.api import load_feature_modules

    paths: dict = {}
    schemas: dict = {"Problem": PROBLEM_SCHEMA}
    for module in load_feature_modules():
        paths.update(getattr(module, "OPENAPI_PATHS", {}))
        schemas.update(getattr(module, "OPENAPI_SCHEMAS", {}))
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
