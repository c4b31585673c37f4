"""Logs a machine can read: one JSON object a line, each carrying the request id it belongs to.

Every request has an id: the ``X-Request-ID`` a proxy or load balancer sent (if it looks like one), or a new
one. It is sent back in the response's ``X-Request-ID`` header and added to every log line written while
the request is handled, so a user's report ("it failed at 10:42, reference 3f2a…") finds its lines.

``WEAVE_LOG_FORMAT=json`` (the default in production) writes JSON lines to standard error; ``text`` leaves
logging as Python sets it up. With JSON logs each request also writes one ``request`` line: method, path,
status, duration and who (a user id, never an email address).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request
from flask_login import current_user

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's id may look like: letters, digits and a few separators, not too long (it goes into logs).
_GOOD_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}

request_log = logging.getLogger("weave.request")


def request_id() -> str | None:
    """The current request's id (None outside a request)."""
    return g.get("request_id") if has_request_context() else None


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id, any extras, and the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        entry.update({key: value for key, value in vars(record).items() if key not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def init_app(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_finish)
    if app.config.get("LOG_FORMAT", "text") == "json":
        configure_json_logging(level=app.config.get("LOG_LEVEL", "INFO"))
        app.config["LOG_REQUESTS"] = True


def configure_json_logging(*, level: str = "INFO", stream=None) -> logging.Handler:
    """Send every logger's records, as JSON lines with request ids, to ``stream`` (standard error)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "weave_json", False)]:
        root.removeHandler(old)
    handler.weave_json = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return handler


def _start() -> None:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = given if _GOOD_ID.match(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response):
    rid = g.get("request_id")
    if rid:
        response.headers[REQUEST_ID_HEADER] = rid
    from flask import current_app

    if current_app.config.get("LOG_REQUESTS"):
        started = g.get("request_started")
        request_log.info(
            "%s %s %s", request.method, request.path, response.status_code,
            extra={
                "method": request.method, "path": request.path, "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
                "user_id": _user_id(),
            },
        )
    return response


def _user_id() -> int | None:
    try:
        return current_user.id if current_user and current_user.is_authenticated else None
    except Exception:  # the user could not be loaded (the database is down): the line is still written
        return None
