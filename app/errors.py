"""Every error page and JSON problem body comes from here."""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from app.database import close_quietly

log = logging.getLogger(__name__)

_PLAIN_ERROR_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>%(title)s – Weave</title></head>
<body><h1>%(title)s</h1><p>%(detail)s</p></body></html>"""

TEMPLATES = {
    400: "errors/400.html", 403: "errors/403.html", 404: "errors/404.html", 413: "errors/413.html",
    429: "errors/429.html",
}


def wants_json() -> bool:
    return request.path.startswith(("/api/", "/oruk/"))


def problem(status: int, title: str, detail: str = "", **extra):
    """An RFC 9457 problem body."""
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        if wants_json():
            return problem(400, "CSRF token missing or invalid", error.description)
        view = app.view_functions.get(request.endpoint or "")
        if view is not None and getattr(view, "csrf_redisplay", False):
            response = make_response(view(**(request.view_args or {})))
            response.status_code = 400
            return response
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        if wants_json():
            return problem(status, error.name, error.description or "")
        template = TEMPLATES.get(status)
        if template is None:
            return error
        return render_template(template, error=error), status

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        log.exception("Unhandled error on %s %s", request.method, request.path)
        session = g.get("db_session")
        if session is not None:
            try:
                session.rollback()
            except Exception:  # the connection itself may be what failed: start the page on a new session
                log.warning("Rolling back after the error failed too", exc_info=True)
                close_quietly(g.pop("db_session"))
        if app.config.get("TESTING") and app.config.get("PROPAGATE_TEST_ERRORS", True):
            raise error
        if wants_json():
            return problem(500, "Internal Server Error", _("Something went wrong. Try again later."))
        try:
            return render_template("errors/500.html"), 500
        except Exception:  # the page itself needs the database (who is signed in): say it plainly instead
            log.exception("The error page could not be shown either")
            return _PLAIN_ERROR_PAGE % {"title": escape(_("Sorry, there is a problem with the service")),
                                        "detail": escape(_("Try again later."))}, 500
