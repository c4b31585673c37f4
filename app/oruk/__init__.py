"""Open Referral UK under /oruk/: the public group directory as the HSDS UK profile's read API.

The paths and parameters are the profile's own (its openapi.json); every answer is built by
``community.directory`` from what groups publish. Bad parameters and unknown ids are problem bodies.
"""

from __future__ import annotations

from flask import Blueprint, request
from flask_babel import gettext as _

from app.api.common import ApiError, api_view
from app.database import db_session
from app.errors import problem
from app.forms import record
from community import directory
from community.directory import ServiceQuery

bp = Blueprint("oruk", __name__, url_prefix="/oruk")

PROFILE_OPENAPI = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"


@bp.before_request
def _published_ids():
    # Anything made since the last request (a new group, category or ward) gets its UUID once, here; the
    # usual request only reads that nothing is missing. The list of services, the busiest, finds out for
    # itself from the ids it reads anyway (``_with_ids``).
    if request.endpoint != "oruk.services" and not directory.ids_complete(db_session()):
        record(directory.ensure_directory_ids)


def _with_ids(answer):
    try:
        return answer()
    except directory.MissingIds:
        record(directory.ensure_directory_ids)
        return answer()


def _integer(name: str, default: int | None) -> int | None:
    value = request.args.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ApiError(problem(400, "Bad Request", _("%(name)s must be a whole number", name=name))) from None


def _query() -> ServiceQuery:
    return ServiceQuery(
        search=request.args.get("search", ""),
        taxonomy_term_id=request.args.get("taxonomy_term_id", "").strip(),
        taxonomy_id=request.args.get("taxonomy_id", "").strip(),
        page=_integer("page", 1) or 0,
        per_page=_integer("per_page", 50) or 0,
        postcode=request.args.get("postcode", ""),
        proximity=_integer("proximity", None),
    )


@bp.get("/")
@api_view
def root():
    return directory.api_info(openapi_url=PROFILE_OPENAPI)


@bp.get("/services")
@api_view
def services():
    query = _query()
    return _with_ids(lambda: directory.list_services(db_session(), query))


@bp.get("/services/<service_id>")
@api_view
def service(service_id: str):
    return directory.get_service(db_session(), service_id)


@bp.get("/taxonomies")
@api_view
def taxonomies():
    query = _query()
    return directory.list_taxonomies(db_session(), page=query.page, per_page=query.per_page)


@bp.get("/taxonomies/<taxonomy_id>")
@api_view
def taxonomy(taxonomy_id: str):
    return directory.get_taxonomy(db_session(), taxonomy_id)


@bp.get("/taxonomy_terms")
@api_view
def taxonomy_terms():
    query = _query()
    return directory.list_taxonomy_terms(db_session(), page=query.page, per_page=query.per_page)


@bp.get("/taxonomy_terms/<term_id>")
@api_view
def taxonomy_term(term_id: str):
    return directory.get_taxonomy_term(db_session(), term_id)


@bp.get("/service_at_locations")
@api_view
def service_at_locations():
    return directory.list_service_at_locations(db_session(), _query())
