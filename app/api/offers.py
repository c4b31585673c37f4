"""API: offers — list by area and category, detail, and post. Same privacy rules as the pages."""

from __future__ import annotations

from flask import jsonify, url_for

from app.api import bp
from app.api.common import api_view, committed, json_body, require_user
from app.api.post_helpers import (
    area_filter,
    category_filter,
    category_id_from,
    iso_date,
    location_from,
    number,
    page_body,
    paging,
    salt,
    text,
)
from app.database import db_session
from community.posts import OfferDetails, get_offer, list_offers, post_offer, present_offer


@bp.get("/offers")
@api_view
def list_offers_view():
    user = require_user()
    session = db_session()
    page, per_page = paging()
    return jsonify(page_body(list_offers(
        session, viewer=user, area_id=area_filter(session), category_id=category_filter(session),
        page=page, per_page=per_page, salt=salt(),
    )))


@bp.get("/offers/<int:offer_id>")
@api_view
def offer_detail(offer_id: int):
    user = require_user()
    session = db_session()
    return jsonify(present_offer(session, get_offer(session, offer_id), user, salt=salt()).to_json())


@bp.post("/offers")
@api_view
def create_offer():
    user = require_user()
    data = json_body()
    session = db_session()
    group_id = data.get("group_id")
    details = OfferDetails(
        category_id=category_id_from(session, data), title=text(data, "title"), body=text(data, "body"),
        radius_km=number(data, "radius_km"), availability=text(data, "availability"),
        expires_on=iso_date(data, "expires_on"), group_id=group_id if isinstance(group_id, int) else None,
        location=location_from(session, data),
    )
    offer = committed(lambda s: post_offer(s, helper=user, details=details, salt=salt()))
    response = jsonify(present_offer(session, offer, user, salt=salt()).to_json())
    response.status_code = 201
    response.headers["Location"] = url_for("api.offer_detail", offer_id=offer.id)
    return response


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _problem(description: str) -> dict:
    return {"description": description,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


_COMMON = {"401": _problem("Not signed in"), "404": _problem("Not found, or not visible to you")}
_NOT_JSON = {"400": _problem("The body is not a JSON object")}

OPENAPI_PATHS: dict = {
    "/offers": {
        "get": {
            "summary": "Active offers you may see (and your own), newest first, by ward and category",
            "tags": ["offers"],
            "parameters": [
                {"name": "area", "in": "query", "schema": {"type": "string"}, "description": "Ward code"},
                {"name": "category", "in": "query", "schema": {"type": "string"}, "description": "Slug"},
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                {"name": "per_page", "in": "query",
                 "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
            ],
            "responses": {"200": {"description": "A page of offers", "content": _json("OfferPage")},
                          **_COMMON},
        },
        "post": {
            "summary": "Offer help",
            "tags": ["offers"],
            "requestBody": {"required": True, "content": _json("NewOffer")},
            "responses": {"201": {"description": "The offer", "content": _json("Offer")},
                          "422": _problem("Invalid fields (see errors)"), **_NOT_JSON, **_COMMON},
        },
    },
    "/offers/{offer_id}": {
        "get": {"summary": "One offer, as you may see it", "tags": ["offers"],
                "parameters": [{"name": "offer_id", "in": "path", "required": True,
                                "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "The offer", "content": _json("Offer")}, **_COMMON}},
    },
}

OPENAPI_SCHEMAS: dict = {
    "Offer": {"type": "object", "properties": {
        "id": {"type": "integer"}, "type": {"const": "offer"}, "title": {"type": "string"},
        "body": {"type": "string"}, "radius_km": {"type": "number"}, "availability": {"type": "string"},
        "status": {"enum": ["active", "paused", "closed", "expired"]},
        "lat": {"type": "number", "description": "Public (blurred) latitude unless location_is_exact"},
        "lng": {"type": "number"}, "location_is_exact": {"type": "boolean"},
        "distance_band": {"type": ["string", "null"]}, "created_at": {"type": "string"}}},
    "OfferPage": {"type": "object", "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Offer"}},
        "page": {"type": "integer"}, "per_page": {"type": "integer"}, "total": {"type": "integer"},
        "pages": {"type": "integer"}}},
    "NewOffer": {"type": "object", "required": ["category", "title", "radius_km"], "properties": {
        "category": {"type": "string"}, "title": {"type": "string"}, "body": {"type": "string"},
        "radius_km": {"type": "number", "minimum": 0.1, "maximum": 20}, "availability": {"type": "string"},
        "expires_on": {"type": "string", "format": "date"}, "group_id": {"type": "integer"},
        "location": {"type": "object"}}},
}
