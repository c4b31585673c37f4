"""The groups map document and the drawn-area map document, each shown in an iframe.

The groups map takes the directory's filters (ward, category, kind, text) and hands them on to the API
URLs its layers load, so the map always shows the same groups as the table beside it.
"""

from __future__ import annotations

from flask import current_app, make_response, request, url_for
from sqlalchemy import func, select

from app.database import db_session
from app.mapviews import bp
from community.models import Area
from maps.base import render_document
from maps.groups import draw_area_map, groups_map

# Used only when no wards have been imported: the middle of Ealing.
FALLBACK_CENTRE = (51.513, -0.3089)
FILTER_KEYS = ("ward", "category", "kind", "q")


def council_centre() -> tuple[float, float]:
    box = db_session().execute(
        select(func.min(Area.min_lat), func.min(Area.min_lng), func.max(Area.max_lat), func.max(Area.max_lng))
        .where(Area.kind == "ward")
    ).one()
    if box[0] is None:
        return FALLBACK_CENTRE
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def _static_prefix() -> str:
    return url_for("static", filename="").rstrip("/")


def _document(m):
    response = make_response(render_document(m))
    response.mimetype = "text/html"
    # Only this site may frame these documents.
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.get("/groups")
def groups():
    filters = {key: request.args[key][:100] for key in FILTER_KEYS if request.args.get(key)}
    m = groups_map(
        centre=council_centre(),
        zoom=12,
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
    m = draw_area_map(
        centre=council_centre(),
        zoom=12,
        wards_url=url_for("api.groups_map_wards"),
        tiles_url=current_app.config["MAP_TILES_URL"],
        tiles_attribution=current_app.config["MAP_TILES_ATTRIBUTION"],
        static_prefix=_static_prefix(),
    )
    return _document(m)
