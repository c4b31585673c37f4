"""API: needs — list by area and category, detail, post, offer help, see and accept responses.

Every answer comes from the same services and presenters as the web pages, so the privacy rules are
the same: a stranger gets the public position, never the exact one, and no contact details.
"""

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
    page_body,
    paging,
    salt,
    text,
)
from app.database import db_session
from community import posts
from community.errors import NotFound
from community.posts import (
    RESPONSE_STATUS_LABELS,
    NeedDetails,
    OnBehalf,
    list_needs,
    post_need,
    present_need,
    responses_for_need,
)


def _response_json(response) -> dict:
    return {
        "id": response.id,
        "need_id": response.need_id,
        "helper": response.helper.display_name if response.helper else None,
        "message": response.message,
        "status": response.status,
        "status_label": RESPONSE_STATUS_LABELS.get(response.status, response.status),
        "created_at": response.created_at.isoformat(),
    }


def _visible_need(need_id: int):
    session = db_session()
    need = posts.get_need(session, need_id)
    return need, present_need(session, need, require_user(), salt=salt()).to_json()


@bp.get("/needs")
@api_view
def list_needs_view():
    user = require_user()
    session = db_session()
    page, per_page = paging()
    return jsonify(page_body(list_needs(
        session, viewer=user, area_id=area_filter(session), category_id=category_filter(session),
        page=page, per_page=per_page, salt=salt(),
    )))


@bp.get("/needs/<int:need_id>")
@api_view
def need_detail(need_id: int):
    return jsonify(_visible_need(need_id)[1])


@bp.post("/needs")
@api_view
def create_need():
    user = require_user()
    data = json_body()
    session = db_session()
    details = NeedDetails(
        category_id=category_id_from(session, data), title=text(data, "title"), body=text(data, "body"),
        urgency=data.get("urgency"), needed_by=iso_date(data, "needed_by"),
        visibility=data.get("visibility"), sensitive_consent=data.get("sensitive_consent") is True,
        location=location_from(session, data),
    )
    on_behalf = data.get("on_behalf")
    behalf = None
    if isinstance(on_behalf, dict):
        group_id = on_behalf.get("group_id")
        behalf = OnBehalf(name=text(on_behalf, "name"), contact=text(on_behalf, "contact"),
                          consent_statement=text(on_behalf, "consent_statement"),
                          group_id=group_id if isinstance(group_id, int) else None)
    need = committed(lambda s: post_need(s, poster=user, details=details, salt=salt(), on_behalf=behalf))
    response = jsonify(present_need(session, need, user, salt=salt()).to_json())
    response.status_code = 201
    response.headers["Location"] = url_for("api.need_detail", need_id=need.id)
    return response


@bp.get("/needs/<int:need_id>/responses")
@api_view
def need_responses(need_id: int):
    need, _data = _visible_need(need_id)
    responses = responses_for_need(db_session(), need=need, viewer=require_user())
    return jsonify({"items": [_response_json(r) for r in responses]})


@bp.post("/needs/<int:need_id>/responses")
@api_view
def respond_to_need(need_id: int):
    user = require_user()
    data = json_body()
    message = text(data, "message")
    response = committed(lambda s: posts.offer_help(s, need_id=need_id, helper=user, message=message))
    body = jsonify(_response_json(response))
    body.status_code = 201
    return body


@bp.post("/needs/<int:need_id>/responses/<int:response_id>/accept")
@api_view
def accept_need_response(need_id: int, response_id: int):
    user = require_user()
    session = db_session()
    need, _data = _visible_need(need_id)
    response = posts.get_response(session, response_id)
    if response.need_id != need.id:
        raise NotFound("Response not found")
    committed(lambda s: posts.accept_response(s, response_id=response_id, actor=user))
    shown = present_need(session, need, user, salt=salt())
    return jsonify({"need": shown.to_json(), "response": _response_json(response)})


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _problem(description: str) -> dict:
    return {"description": description,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


_COMMON = {"401": _problem("Not signed in"), "404": _problem("Not found, or not visible to you")}
_NOT_JSON = {"400": _problem("The body is not a JSON object")}
_PAGING = [
    {"name": "area", "in": "query", "schema": {"type": "string"}, "description": "Ward code, e.g. E05013518"},
    {"name": "category", "in": "query", "schema": {"type": "string"}, "description": "Category slug"},
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
]
_NEED_ID = {"name": "need_id", "in": "path", "required": True, "schema": {"type": "integer"}}

OPENAPI_PATHS: dict = {
    "/needs": {
        "get": {
            "summary": "Open needs you may see, newest first, by ward and category",
            "tags": ["needs"], "parameters": _PAGING,
            "responses": {"200": {"description": "A page of needs", "content": _json("NeedPage")}, **_COMMON},
        },
        "post": {
            "summary": "Ask for help (post a need); matching helpers are told",
            "tags": ["needs"],
            "requestBody": {"required": True, "content": _json("NewNeed")},
            "responses": {"201": {"description": "The need", "content": _json("Need")},
                          "422": _problem("Invalid fields (see errors)"), **_NOT_JSON, **_COMMON},
        },
    },
    "/needs/{need_id}": {
        "get": {"summary": "One need, as you may see it", "tags": ["needs"], "parameters": [_NEED_ID],
                "responses": {"200": {"description": "The need", "content": _json("Need")}, **_COMMON}},
    },
    "/needs/{need_id}/responses": {
        "get": {"summary": "Offers of help: all for whoever manages the need and for connectors, your own "
                           "for a helper, none for a referring officer whose resident did not agree to share "
                           "who helps", "tags": ["needs"],
                "parameters": [_NEED_ID],
                "responses": {"200": {"description": "Responses"}, **_COMMON}},
        "post": {"summary": "Say “I can help”", "tags": ["needs"], "parameters": [_NEED_ID],
                 "requestBody": {"required": True, "content": {"application/json": {"schema": {
                     "type": "object", "required": ["message"],
                     "properties": {"message": {"type": "string", "maxLength": 2000}}}}}},
                 "responses": {"201": {"description": "Your response", "content": _json("Response")},
                               "409": _problem("No longer open, or already offered"),
                               "422": _problem("Invalid message"), **_NOT_JSON, **_COMMON}},
    },
    "/needs/{need_id}/responses/{response_id}/accept": {
        "post": {"summary": "Accept one offer of help (poster only); contact details are then shared",
                 "tags": ["needs"],
                 "parameters": [_NEED_ID, {"name": "response_id", "in": "path", "required": True,
                                           "schema": {"type": "integer"}}],
                 "responses": {"200": {"description": "The need and the accepted response"},
                               "403": _problem("Not yours to accept"),
                               "409": _problem("Someone else was accepted first"), **_COMMON}},
    },
}

_POSITION = {
    "lat": {"type": "number", "description": "Public (blurred) latitude unless location_is_exact"},
    "lng": {"type": "number"},
    "location_is_exact": {"type": "boolean"},
    "distance_band": {
        "type": ["string", "null"], "enum": ["under 1 km", "1 to 2 km", "2 to 5 km", "over 5 km", None]
    },
}

OPENAPI_SCHEMAS: dict = {
    "Need": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"}, "type": {"const": "need"}, "title": {"type": "string"},
            "body": {"type": "string"},
            "category": {"type": "object",
                         "properties": {"slug": {"type": "string"}, "name": {"type": "string"}}},
            "urgency": {"enum": ["today", "this_week", "no_rush"]}, "needed_by": {"type": ["string", "null"]},
            "status": {"type": "string"}, "visibility": {"enum": ["public", "groups", "connectors"]},
            "area": {"type": ["string", "null"]}, "created_at": {"type": "string"},
            **_POSITION,
            "contact": {"type": ["object", "null"],
                        "description": "Only for the poster and the accepted helper"},
        },
    },
    "NeedPage": {"type": "object", "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Need"}},
        "page": {"type": "integer"}, "per_page": {"type": "integer"}, "total": {"type": "integer"},
        "pages": {"type": "integer"}}},
    "NewNeed": {
        "type": "object", "required": ["category", "title", "urgency"],
        "properties": {
            "category": {"type": "string", "description": "Category slug"}, "title": {"type": "string"},
            "body": {"type": "string"}, "urgency": {"enum": ["today", "this_week", "no_rush"]},
            "needed_by": {"type": "string", "format": "date"},
            "visibility": {"enum": ["public", "groups", "connectors"]},
            "sensitive_consent": {"type": "boolean"},
            "location": {"type": "object", "properties": {
                "use_home": {"type": "boolean"}, "area": {"type": "string"}, "postcode": {"type": "string"},
                "lat": {"type": "number"}, "lng": {"type": "number"}}},
            "on_behalf": {"type": "object", "properties": {
                "name": {"type": "string"}, "contact": {"type": "string"},
                "consent_statement": {"type": "string"}, "group_id": {"type": "integer"}}},
        },
    },
    "Response": {"type": "object", "properties": {
        "id": {"type": "integer"}, "need_id": {"type": "integer"}, "helper": {"type": "string"},
        "message": {"type": "string"}, "status": {"type": "string"}, "created_at": {"type": "string"}}},
}
