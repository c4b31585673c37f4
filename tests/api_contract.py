"""The API document cannot drift from the code: every /api/v1 response a test provokes is checked.

``tests/conftest.py`` subscribes ``record_response`` to Flask's ``request_finished`` signal for the whole
run, so every app a test builds (the ``app`` fixture, ``create_app`` called directly, the browser tests'
live server in its thread) reports each response it sends. A response under /api/v1 whose route is
served by the app is validated with openapi-core against the document /api/v1/openapi.json serves: the
status code must be declared for that operation (or a ``default``), the content type declared for that
status, and the body must match its schema. A route the app serves but the document does not describe is
drift too. Requests the app does not route at all (404 and 405 from routing) have no operation to check.

Each exchange is copied as it happens and checked when conftest asks, once the test's call has run (the
live server answers in another thread, and its answers must not wait for the check); conftest then
fails the test that provoked a mismatch.
"""

from __future__ import annotations

import functools
import gzip
import json
import threading
from dataclasses import dataclass

from flask import Request, Response
from openapi_core import Config, OpenAPI
from openapi_core.contrib.flask import FlaskOpenAPIRequest
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIResponse
from openapi_core.datatypes import RequestParameters
from openapi_core.exceptions import OpenAPIError
from werkzeug.datastructures import Headers
from werkzeug.exceptions import RequestEntityTooLarge

API_PREFIX = "/api/v1/"

_lock = threading.Lock()
_exchanges: list[Exchange] = []


@functools.cache
def api_document() -> OpenAPI:
    """The document /api/v1/openapi.json serves, checked as valid OpenAPI 3.1 when it is loaded."""
    from app.api.openapi import build_document

    # Problem bodies and GeoJSON are JSON too; openapi-core only knows application/json by name.
    json_types = {"application/problem+json": json.loads, "application/geo+json": json.loads}
    config = Config(extra_media_type_deserializers=json_types)
    return OpenAPI.from_dict(build_document(), config=config)


@dataclass(frozen=True)
class RequestCopy:
    """What openapi-core reads of a request, copied while the request is current."""

    host_url: str
    path: str
    path_pattern: str
    method: str
    parameters: RequestParameters
    content_type: str
    body: bytes | None


@dataclass(frozen=True)
class ResponseCopy:
    """What openapi-core reads of a response, copied before it is sent."""

    data: bytes
    status_code: int
    content_type: str
    headers: Headers


@dataclass(frozen=True)
class Exchange:
    label: str
    request: RequestCopy
    response: ResponseCopy


def copy_exchange(request: Request, response: Response) -> Exchange | None:
    """A copy of an API exchange to check later (None outside /api/v1 or where nothing was routed).

    Copying costs microseconds; checking costs milliseconds, and the live server's answers in a browser
    test must not be held back by it (a slower map response once changed a journey's timing).
    """
    if not request.path.startswith(API_PREFIX) or request.url_rule is None:
        return None
    wrapped, answered = FlaskOpenAPIRequest(request), WerkzeugOpenAPIResponse(response)
    try:
        body = wrapped.body
    except RequestEntityTooLarge:  # the app refused to read it (413), and so does the copy
        body = None
    copied = RequestCopy(host_url=wrapped.host_url, path=wrapped.path, path_pattern=wrapped.path_pattern,
                         method=wrapped.method, parameters=wrapped.parameters,
                         content_type=wrapped.content_type, body=body)
    answer = ResponseCopy(data=_decoded(answered.data, response.headers.get("Content-Encoding")),
                          status_code=answered.status_code,
                          content_type=answered.content_type, headers=answered.headers)
    label = (f"{request.method} {request.full_path.rstrip('?')} answered {response.status_code} "
             f"{response.mimetype}")
    return Exchange(label=label, request=copied, response=answer)


def _decoded(data: bytes, encoding: str | None) -> bytes:
    """The body as the app wrote it, before compression (app/delivery.py) for a client that asked."""
    if encoding == "gzip":
        return gzip.decompress(data)
    if encoding == "br":
        import brotli

        return brotli.decompress(data)
    return data


def exchange_mismatches(exchange: Exchange) -> list[str]:
    """What is wrong with the exchange's response by the API document."""
    try:
        api_document().validate_response(exchange.request, exchange.response)
    except OpenAPIError as error:
        return [f"{exchange.label}: {_describe(error)}"]
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
    """A ``request_finished`` receiver: copy each API exchange for the running test to check."""
    from flask import request

    exchange = copy_exchange(request, response)
    if exchange is not None:
        with _lock:
            _exchanges.append(exchange)


def take_mismatches() -> list[str]:
    """Check the exchanges copied since the last call, forget them, and say what did not match."""
    with _lock:
        taken = list(_exchanges)
        _exchanges.clear()
    return [mismatch for exchange in taken for mismatch in exchange_mismatches(exchange)]


def forget_exchanges() -> None:
    """Drop what was copied and not yet checked (an earlier test's teardown is not this test's)."""
    with _lock:
        _exchanges.clear()
