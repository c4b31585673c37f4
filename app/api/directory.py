"""API: the wards and categories with their ids (for other systems), downloads of the public group
directory as CSV and GeoJSON, and personal API tokens (``Authorization: Bearer``) for machine clients.

A request with a bearer token is that token's owner's, whatever cookie comes with it, and needs no CSRF
token (a browser cannot send the header cross-site without CORS, which Weave does not allow). A read
token may only read; an unknown or revoked token is a 401.
"""

from __future__ import annotations

from flask import g, request
from flask_babel import gettext as _

from app.api import bp
from app.api.common import ApiError, api_view
from app.database import db_session
from app.errors import problem
from app.forms import record
from community import directory
from community.directory.downloads import (
    category_records,
    directory_csv,
    directory_features,
    ward_features,
    ward_records,
)
from community.models import TokenScope

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def bearer_token() -> str | None:
    """The token of an ``Authorization: Bearer`` header on an API request, or None."""
    header = request.headers.get("Authorization", "")
    scheme, _space, token = header.partition(" ")
    if scheme.lower() != "bearer" or not request.path.startswith(bp.url_prefix or "/api/v1"):
        return None
    return token.strip()


@bp.before_request
def _token_user():
    token = bearer_token()
    if token is None:
        return None
    found = directory.user_for_token(db_session(), token)
    if found is None:
        return problem(401, "Unauthorized", _("The API token is not known, or has been revoked"))
    user, api_token = found
    if api_token.scope == TokenScope.READ and request.method not in SAFE_METHODS:
        return problem(403, "Forbidden", _("This API token may only read"))
    # Flask-Login's user for this request only: nothing is written to the session cookie.
    g._login_user = user
    g.api_token_id = api_token.id
    return None


def _session():
    """The request's session, once every published record has its ORUK id."""
    if not directory.ids_complete(db_session()):
        record(directory.ensure_directory_ids)
    return db_session()


def _geojson_wanted() -> bool:
    if request.args.get("format") == "geojson":
        return True
    return request.accept_mimetypes.best == "application/geo+json"


@bp.get("/areas")
@api_view
def areas():
    session = _session()
    if _geojson_wanted():
        body = {"type": "FeatureCollection", "features": ward_features(session)}
        return body, 200, {"Content-Type": "application/geo+json"}
    return {"areas": ward_records(session)}


@bp.get("/categories")
@api_view
def categories():
    return {"categories": category_records(_session())}


@bp.get("/directory.csv")
@api_view
def directory_download_csv():
    return directory_csv(_session()), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": "attachment; filename=group-directory.csv",
    }


@bp.get("/directory.geojson")
@api_view
def directory_download_geojson():
    body = {"type": "FeatureCollection", "features": directory_features(_session())}
    return body, 200, {"Content-Type": "application/geo+json",
                       "Content-Disposition": "attachment; filename=group-directory.geojson"}


@bp.get("/me")
@api_view
def me():
    """Who the request is from: a quick check that a token works."""
    from flask_login import current_user

    if not current_user.is_authenticated:
        raise ApiError(problem(401, "Unauthorized", _("Sign in, or send a personal API token")))
    return {"id": current_user.id, "display_name": current_user.display_name, "role": str(current_user.role),
            "token": g.get("api_token_id") is not None}


_TAGS = ["directory"]
_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
_LINK = {"type": "string", "format": "uuid", "description": "The id it is published under at /oruk/"}
OPENAPI_SCHEMAS = {
    "Area": {
        "type": "object", "required": ["id", "code", "name"],
        "properties": {"id": {"type": "integer"}, "code": {"type": "string", "description": "ONS code"},
                       "name": {"type": "string"}, "oruk_id": {**_LINK, "type": ["string", "null"]},
                       "centre": {"type": "object", "properties": {"lat": {"type": "number"},
                                                                   "lng": {"type": "number"}}}},
    },
    "Category": {
        "type": "object", "required": ["id", "slug", "name"],
        "properties": {"id": {"type": "integer"}, "slug": {"type": "string"}, "name": {"type": "string"},
                       "description": {"type": "string"}, "sensitive": {"type": "boolean"},
                       "regulated": {"type": "boolean"}, "retired": {"type": "boolean"},
                       "oruk_id": {**_LINK, "type": ["string", "null"]}},
    },
    "FeatureCollection": {
        "type": "object", "required": ["type", "features"],
        "properties": {"type": {"const": "FeatureCollection"},
                       "features": {"type": "array", "items": {
                           "type": "object", "required": ["type", "properties"],
                           "properties": {"type": {"const": "Feature"},
                                          "geometry": {"type": ["object", "null"]},
                                          "properties": {"type": "object"}}}}},
    },
}
OPENAPI_PATHS = {
    "/areas": {"get": {
        "summary": "The wards, with their ids, ONS codes and names (GeoJSON with format=geojson or "
                   "Accept: application/geo+json)", "tags": _TAGS,
        "parameters": [{"name": "format", "in": "query", "schema": {"type": "string", "enum": ["geojson"]}}],
        "responses": {"200": {"description": "The wards, by name", "content": {
            "application/json": {"schema": {"type": "object", "required": ["areas"], "properties": {
                "areas": {"type": "array", "items": {"$ref": "#/components/schemas/Area"}}}}},
            "application/geo+json": {"schema": {"$ref": "#/components/schemas/FeatureCollection"}}}},
            "401": {"description": "An unknown or revoked API token", "content": _PROBLEM}},
    }},
    "/categories": {"get": {
        "summary": "The categories of help, in order, with their ids and slugs", "tags": _TAGS,
        "responses": {"200": {"description": "Every category, retired ones too", "content": {
            "application/json": {"schema": {"type": "object", "required": ["categories"], "properties": {
                "categories": {"type": "array", "items": {"$ref": "#/components/schemas/Category"}}}}}}},
            "401": {"description": "An unknown or revoked API token", "content": _PROBLEM}},
    }},
    "/directory.csv": {"get": {
        "summary": "The public group directory as CSV (wards and categories separated by ;)", "tags": _TAGS,
        "responses": {"200": {"description": "One row per open group", "content": {
            "text/csv": {"schema": {"description": "UTF-8 CSV, a header row first"}}}},
            "401": {"description": "An unknown or revoked API token", "content": _PROBLEM}},
    }},
    "/directory.geojson": {"get": {
        "summary": "The public group directory as GeoJSON: each group's service area as one polygon",
        "tags": _TAGS,
        "responses": {"200": {"description": "One feature per open group", "content": {
            "application/geo+json": {"schema": {"$ref": "#/components/schemas/FeatureCollection"}}}},
            "401": {"description": "An unknown or revoked API token", "content": _PROBLEM}},
    }},
    "/me": {"get": {
        "summary": "Who is asking (a quick check that a personal API token works)", "tags": _TAGS,
        "responses": {"200": {"description": "The account", "content": {"application/json": {"schema": {
            "type": "object", "required": ["id", "role"], "properties": {
                "id": {"type": "integer"}, "display_name": {"type": "string"}, "role": {"type": "string"},
                "token": {"type": "boolean"}}}}}},
            "401": {"description": "Not signed in, or an unknown or revoked API token", "content": _PROBLEM}},
    }},
}
