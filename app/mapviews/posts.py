"""The near-me map document: its own HTML page, shown in an iframe beside the near-me list.

It takes the list's own URL arguments (``within_km``, ``show``, ``category_id``, ``urgency``, ``area_id``),
so the list template can point the frame at ``url_for("maps.near_me", **filters)``. The document holds no
posts; it names the API URL (with the same filters) that its script loads for the part of the map in view.
It is centred on a public point — a ward centre or the viewer's blurred home — never on their home.
"""

from __future__ import annotations

from flask import current_app, make_response, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from app.database import db_session
from app.headers import csp_nonce
from app.mapviews import bp
from community.models import Area, Category, User
from community.models.posts import URGENCIES
from community.places import public_position, wards_view
from maps.base import render_document
from maps.posts import posts_map

# The near-me list's "show" choices, as the API's "kind".
SHOW_TO_KIND = {"both": "all", "needs": "needs", "offers": "offers"}


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _distance_km(args) -> float | None:
    km = _number(args.get("within_km"))
    return km if km is not None and 0 < km <= 50 else None


def _ward(args) -> Area | None:
    area_id = _number(args.get("area_id"))
    if area_id is None or not area_id.is_integer():
        return None
    area = db_session().get(Area, int(area_id))
    return area if area is not None and area.kind == "ward" else None


def map_filters(args) -> dict:
    """The API arguments for the near-me list's filters (``show``, ``category_id``, ``urgency``), so the
    map shows what the table beside it lists. Anything unrecognised is left out, not refused."""
    filters: dict = {}
    kind = SHOW_TO_KIND.get(args.get("show") or "both")
    if kind is not None and kind != "all":
        filters["kind"] = kind
    if args.get("urgency") in URGENCIES:
        filters["urgency"] = args["urgency"]
    category_id = _number(args.get("category_id"))
    if category_id is not None and category_id.is_integer():
        slug = db_session().scalar(select(Category.slug).where(Category.id == int(category_id)))
        if slug is not None:
            filters["category"] = slug
    return filters


def public_centre(user: User, ward: Area | None = None) -> tuple[float, float]:
    """Where a viewer's map starts: the ward they searched around, their blurred home, their ward's
    centre or the middle of the council's wards — never their exact home."""
    session = db_session()
    if ward is not None:
        return ward.centre_lat, ward.centre_lng
    if user.has_home:
        assert user.home_lat is not None and user.home_lng is not None
        return public_position(user.home_lat, user.home_lng, salt=current_app.config["LOCATION_SALT"])
    if user.area_id is not None:
        area = session.get(Area, user.area_id)
        if area is not None:
            return area.centre_lat, area.centre_lng
    return wards_view(session).centre


def static_prefix() -> str:
    return url_for("static", filename="").rstrip("/")


def map_response(html: str):
    response = make_response(html)
    response.mimetype = "text/html"
    # The document names the viewer's public centre: not for shared caches.
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/near-me")
@login_required
def near_me():
    m = posts_map(
        centre=public_centre(current_user, _ward(request.args)),
        distance_km=_distance_km(request.args),
        data_url=url_for("api.map_posts", **map_filters(request.args)),
        tiles_url=current_app.config["MAP_TILES_URL"],
        tiles_attribution=current_app.config["MAP_TILES_ATTRIBUTION"],
        static_prefix=static_prefix(),
    )
    return map_response(render_document(m, nonce=csp_nonce()))
