"""The coverage map document (connectors only), shown in an iframe on the coverage page."""

from __future__ import annotations

from flask import Response, abort, current_app, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.database import db_session
from app.extensions import login_manager
from app.headers import csp_nonce
from app.mapviews import bp
from community.insights import DEFAULT_WINDOW_DAYS, WINDOW_CHOICES
from community.models import Category
from community.places import wards_view
from maps.base import render_document
from maps.coverage import coverage_map


def require_connector_page():
    """Anonymous visitors are sent to sign in; signed-in people who are not connectors get a 403."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_connector:
        abort(403)
    return None


def map_response(html: str) -> Response:
    response = Response(html, mimetype="text/html")
    # Only our own pages may frame a map.
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.get("/coverage")
def coverage():
    refused = require_connector_page()
    if refused is not None:
        return refused
    session = db_session()
    slug = request.args.get("category") or session.scalar(
        select(Category.slug).order_by(Category.position, Category.name).limit(1)
    )
    if slug is not None and session.scalar(select(Category.id).where(Category.slug == slug)) is None:
        abort(404)
    window = request.args.get("window", type=int)
    window = window if window in WINDOW_CHOICES else DEFAULT_WINDOW_DAYS
    view = wards_view(session)
    m = coverage_map(
        centre=view.centre,
        zoom=view.zoom,
        data_url=url_for("api.coverage_wards", category=slug, window=window) if slug else None,
        tiles_url=current_app.config["MAP_TILES_URL"],
        tiles_attribution=current_app.config["MAP_TILES_ATTRIBUTION"],
        static_prefix=url_for("static", filename="").rstrip("/"),
    )
    return map_response(render_document(m, nonce=csp_nonce()))
