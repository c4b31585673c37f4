"""API: coverage by ward x category, as figures and as GeoJSON wards for the choropleth. Connectors only.

Connectors see exact counts (they are the people small counts are suppressed *for*); nobody else gets an
answer at all.
"""

from __future__ import annotations

import json

from flask import jsonify, request, url_for
from sqlalchemy import select

from app.api import bp
from app.api.common import ApiError, api_view, require_connector
from app.database import db_session
from app.errors import problem
from community.errors import ValidationFailed
from community.insights import COVERAGE_RULE, WINDOW_CHOICES, get_coverage, parse_window
from community.models import Area, Category

STATUS_LABELS = {"gap": "Gap", "thin": "Thin", "covered": "Covered", "no demand": "No demand"}


def _window() -> int:
    try:
        return parse_window(request.args.get("window"))
    except ValidationFailed as error:
        raise ApiError(problem(400, "Bad Request", error.errors["window"])) from None


def _known(model_column, value: str | None, what: str) -> str | None:
    if not value:
        return None
    if db_session().scalar(select(model_column).where(model_column == value)) is None:
        raise ApiError(problem(400, "Bad Request", f"There is no {what} {value[:40]!r}"))
    return value


@bp.get("/coverage")
@api_view
def coverage():
    require_connector()
    days = _window()
    category = _known(Category.slug, request.args.get("category"), "category")
    ward = _known(Area.code, request.args.get("ward"), "ward")
    rows = get_coverage(db_session(), window_days=days, category_slug=category, area_code=ward)
    return jsonify({"window_days": days, "rule": COVERAGE_RULE, "cells": [row.to_dict() for row in rows]})


@bp.get("/coverage/wards")
@api_view
def coverage_wards():
    """One category's coverage as GeoJSON ward polygons, for the choropleth."""
    require_connector()
    session = db_session()
    days = _window()
    category = _known(Category.slug, request.args.get("category"), "category")
    if category is None:
        raise ApiError(problem(400, "Bad Request", "Give a category, like ?category=food-and-shopping"))
    rows = {row.area_code: row for row in get_coverage(session, window_days=days, category_slug=category)}
    features = []
    for code, name, geometry in session.execute(
        select(Area.code, Area.name, Area.geometry).where(Area.kind == "ward").order_by(Area.name)
    ):
        row = rows.get(code)
        if row is None:
            continue
        features.append({
            "type": "Feature",
            "geometry": json.loads(geometry),
            "properties": {
                "code": code,
                "name": name,
                "label": f"{name}: {STATUS_LABELS[row.status].lower()}",
                "status": row.status,
                "status_label": STATUS_LABELS[row.status],
                "needs_posted": row.needs_posted,
                "needs_unmet": row.needs_unmet,
                "groups_serving": row.groups_serving,
                "active_offers": row.active_offers,
                "searches": row.zero_result_searches,
                "url": url_for("connectors.ward", code=code, window=days),
                "link_text": f"See every kind of help in {name}",
            },
        })
    response = jsonify({"type": "FeatureCollection", "window_days": days, "category": category,
                        "truncated": False, "features": features})
    response.mimetype = "application/geo+json"
    return response


_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
_ERRORS = {
    "400": {"description": "An unknown window, category or ward", "content": _PROBLEM},
    "401": {"description": "Not signed in", "content": _PROBLEM},
    "403": {"description": "Not a council connector", "content": _PROBLEM},
}
_WINDOW = {"name": "window", "in": "query", "schema": {"type": "integer", "enum": list(WINDOW_CHOICES)},
           "description": "Days of needs to count (default 90)"}
_CATEGORY = {"name": "category", "in": "query", "schema": {"type": "string"},
             "description": "A category slug"}

OPENAPI_SCHEMAS = {
    "CoverageCell": {
        "type": "object",
        "properties": {
            "area_code": {"type": "string"}, "area_name": {"type": "string"},
            "category_slug": {"type": "string"}, "category_name": {"type": "string"},
            "needs_posted": {"type": "integer"}, "needs_met": {"type": "integer"},
            "needs_unmet": {"type": "integer"}, "open_over_7_days": {"type": "integer"},
            "median_hours_to_first_response": {"type": ["number", "null"]},
            "active_offers": {"type": "integer"}, "groups_serving": {"type": "integer"},
            "recent_helpers": {"type": "integer",
                               "description": "People who met a need posted here in the window (supply)"},
            "dbs_ready_volunteers": {"type": "integer"}, "zero_result_searches": {"type": "integer"},
            "demand": {"type": "integer", "description": "Needs posted plus searches that found nothing"},
            "status": {"type": "string", "enum": ["covered", "thin", "gap", "no demand"]},
        },
    },
    "Coverage": {
        "type": "object",
        "properties": {
            "window_days": {"type": "integer"},
            "rule": {"type": "string", "description": "How the status is decided, in plain words"},
            "cells": {"type": "array", "items": {"$ref": "#/components/schemas/CoverageCell"}},
        },
    },
}

OPENAPI_PATHS = {
    "/coverage": {
        "get": {
            "summary": "Coverage of every ward x category (connectors only)",
            "description": "Windowed figures count needs posted in the window; supply is counted as it is "
            "now.",
            "tags": ["connectors"],
            "parameters": [
                _WINDOW, _CATEGORY,
                {"name": "ward", "in": "query", "schema": {"type": "string"}, "description": "A ward code"},
            ],
            "responses": {
                "200": {"description": "The cells", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Coverage"}}}},
                **_ERRORS,
            },
        }
    },
    "/coverage/wards": {
        "get": {
            "summary": "One category's coverage as GeoJSON ward polygons (connectors only)",
            "tags": ["connectors", "maps"],
            "parameters": [{**_CATEGORY, "required": True}, _WINDOW],
            "responses": {
                "200": {"description": "A FeatureCollection of wards with their status",
                        "content": {"application/geo+json": {"schema": {"type": "object"}}}},
                **_ERRORS,
            },
        }
    },
}
