"""Every error page and JSON problem body comes from here."""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

TEMPLATES = {403: "errors/403.html", 404: "errors/404.html", 429: "errors/429.html"}


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
            session.rollback()
        if app.config.get("TESTING") and app.config.get("PROPAGATE_TEST_ERRORS", True):
            raise error
        if wants_json():
            return problem(500, "Internal Server Error", _("Something went wrong. Try again later."))
        return render_template("errors/500.html"), 500
