"""The API document cannot drift from the code: every /api/v1 response a test provokes is checked.

``tests/conftest.py`` subscribes ``record_response`` to Flask's ``request_finished`` signal for the whole
run, so every app a test builds (the ``app`` fixture, ``create_app`` called directly, the browser tests'
live server in its thread) reports each response it sends. A response under /api/v1 whose route is
served by the app is validated with openapi-core against the document /api/v1/openapi.json serves: the
status code must be declared for that operation (or a ``default``), the content type declared for that
status, and the body must match its schema. A route the app serves but the document does not describe is
drift too. Requests the app does not route at all (404 and 405 from routing) have no operation to check.

Mismatches are collected, not raised, because the live server answers in another thread; conftest fails
the test that provoked them once its call has run.
"""

from __future__ import annotations

import functools
import json
import threading

from flask import Request, Response
from openapi_core import Config, OpenAPI
from openapi_core.contrib.flask import FlaskOpenAPIRequest
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIResponse
from openapi_core.exceptions import OpenAPIError

API_PREFIX = "/api/v1/"

_lock = threading.Lock()
_mismatches: list[str] = []


@functools.cache
def api_document() -> OpenAPI:
    """The document /api/v1/openapi.json serves, checked as valid OpenAPI 3.1 when it is loaded."""
    from app.api.openapi import build_document

    # Problem bodies and GeoJSON are JSON too; openapi-core only knows application/json by name.
    json_types = {"application/problem+json": json.loads, "application/geo+json": json.loads}
    config = Config(extra_media_type_deserializers=json_types)
    return OpenAPI.from_dict(build_document(), config=config)


def response_mismatches(request: Request, response: Response) -> list[str]:
    """What is wrong with ``response`` to ``request`` by the API document (nothing outside /api/v1)."""
    if not request.path.startswith(API_PREFIX) or request.url_rule is None:
        return []
    try:
        api_document().validate_response(FlaskOpenAPIRequest(request), WerkzeugOpenAPIResponse(response))
    except OpenAPIError as error:
        return [f"{request.method} {request.full_path.rstrip('?')} answered {response.status_code} "
                f"{response.mimetype}: {_describe(error)}"]
    return []


def _describe(error: OpenAPIError) -> str:
    lines = [f"{type(error).__name__}: {_shorten(str(error))}"]
    cause = error.__cause__
    while cause is not None:
        lines.append(f"{type(cause).__name__}: {_shorten(str(cause))}")
        for schema_error in getattr(cause, "schema_errors", ()):
            where = "/".join(str(part) for part in schema_error.absolute_path) or "(the body)"
            lines.append(f"  at {where}: {_shorten(schema_error.message)}")
        cause = cause.__cause__
    return "\n    ".join(lines)


def _shorten(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else f"{text[:limit]}…"


def record_response(sender, response: Response, **_extra) -> None:
    """A ``request_finished`` receiver: note any mismatch for the running test to report."""
    from flask import request

    mismatches = response_mismatches(request, response)
    if mismatches:
        with _lock:
            _mismatches.extend(mismatches)


def take_mismatches() -> list[str]:
    """The mismatches noted since the last call, forgetting them."""
    with _lock:
        taken = list(_mismatches)
        _mismatches.clear()
    return taken
