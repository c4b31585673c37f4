"""The groups map document and the drawn-area map document, each shown in an iframe.

The groups map takes the directory's filters (ward, category, kind, text) and hands them on to the API
URLs its layers load, so the map always shows the same groups as the table beside it.
"""

from __future__ import annotations

from flask import current_app, make_response, request, url_for

from app.database import db_session
from app.headers import csp_nonce
from app.mapviews import bp
from community.places import wards_view
from maps.base import render_document
from maps.groups import draw_area_map, groups_map

FILTER_KEYS = ("ward", "category", "kind", "q")


def _static_prefix() -> str:
    return url_for("static", filename="").rstrip("/")


def _document(m):
    response = make_response(render_document(m, nonce=csp_nonce()))
    response.mimetype = "text/html"
    # Only this site may frame these documents.
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.get("/groups")
def groups():
    filters = {key: request.args[key][:100] for key in FILTER_KEYS if request.args.get(key)}
    view = wards_view(db_session())
    m = groups_map(
        centre=view.centre,
        zoom=view.zoom,
        areas_url=url_for("api.groups_map_areas", **filters),
        drawn_url=url_for("api.groups_map_drawn", **filters),
        bases_url=url_for("api.groups_map_bases", **filters),
        partnerships_url=url_for("api.groups_map_partnerships", **filters),
        tiles_url=current_app.config["MAP_TILES_URL"],
        tiles_attribution=current_app.config["MAP_TILES_ATTRIBUTION"],
        static_prefix=_static_prefix(),
    )
    return _document(m)


@bp.get("/groups/draw")
def group_area_drawing():
    view = wards_view(db_session())
    m = draw_area_map(
        centre=view.centre,
        zoom=view.zoom,
        wards_url=url_for("api.groups_map_wards"),
        tiles_url=current_app.config["MAP_TILES_URL"],
        tiles_attribution=current_app.config["MAP_TILES_ATTRIBUTION"],
        static_prefix=_static_prefix(),
    )
    return _document(m)
