"""API: groups (public), their memberships (coordinators only) and partnerships; the groups map's GeoJSON.

Groups are public: what they do, where, how to contact them, their partners. Who is in a group is not:
the membership endpoints answer only the group's coordinators (and a person asking to join or leaving).
"""

from __future__ import annotations

import json

from flask import request, url_for
from flask_login import current_user

from app.api import bp
from app.api.common import ApiError, api_view, committed, json_body, require_user
from app.api.groups_geojson import GEOJSON_PATHS
from app.api.groups_openapi import GROUP_PATHS, GROUP_SCHEMAS
from app.database import db_session
from app.errors import problem
from app.groups.directory import read_filters
from community import groups as groups_service
from community.accounts import is_coordinator
from community.groups import KIND_LABELS, GroupDetails, assurance, get_group, search_groups
from community.models import Group, Membership, Partnership

PER_PAGE_MAX = 100
DETAIL_FIELDS = ("name", "description", "kind", "contact_email", "contact_phone", "website", "base_postcode",
                 "base_area_id", "category_ids", "area_ids", "drawn_area")


def group_json(group: Group, *, detail: bool = False) -> dict:
    state = assurance(group)
    data = {
        "id": group.id,
        "name": group.name,
        "slug": group.slug,
        "url": url_for("groups.detail", group_id=group.id),
        "kind": group.kind,
        "kind_label": KIND_LABELS[group.kind],
        "description": group.description,
        "categories": [{"id": c.id, "slug": c.slug, "name": c.name} for c in group.categories],
        "areas": [{"id": a.id, "code": a.code, "name": a.name} for a in group.areas],
        "has_drawn_area": group.drawn_area is not None,
        "base": {"lat": group.base_lat, "lng": group.base_lng} if group.base_lat is not None else None,
        "contact": {"email": group.contact_email, "phone": group.contact_phone, "website": group.website},
        "verified": group.verified_at is not None,
        "assured_on": state.assured_on.isoformat() if state.assured_on else None,
        "assurance": state.state,
        "stale": state.is_stale,
    }
    if detail:
        data["drawn_area"] = json.loads(group.drawn_area) if group.drawn_area else None
        data["partners"] = [
            {"id": row.partner.id, "name": row.partner.name, "kind": row.partnership.kind}
            for row in groups_service.partnerships_of(db_session(), group.id)
        ]
    return data


def membership_json(membership: Membership) -> dict:
    return {
        "id": membership.id,
        "user": {"id": membership.user.id, "display_name": membership.user.display_name},
        "role": membership.role,
        "status": membership.status,
        "availability": membership.availability,
        "categories": [c.slug for c in membership.categories],
        "requested_at": membership.created_at.isoformat(),
    }


def partnership_json(partnership: Partnership, *, with_note: bool) -> dict:
    data = {
        "id": partnership.id,
        "kind": partnership.kind,
        "status": partnership.status,
        "group_ids": [partnership.group_a_id, partnership.group_b_id],
        "proposed_by_group_id": partnership.proposed_by_group_id,
        "created_at": partnership.created_at.isoformat(),
        "accepted_at": partnership.accepted_at.isoformat() if partnership.accepted_at else None,
        "ended_at": partnership.ended_at.isoformat() if partnership.ended_at else None,
    }
    if with_note:
        data["note"] = partnership.note
    return data


def _group(group_id: int) -> Group:
    return get_group(db_session(), group_id)


def _details(body: dict, group: Group | None) -> GroupDetails:
    """The body's fields over the group's current details (PATCH), or over nothing (POST)."""
    unknown = set(body) - set(DETAIL_FIELDS)
    if unknown:
        raise ApiError(problem(400, "Bad Request", f"Unknown fields: {', '.join(sorted(unknown))}"))
    current = GroupDetails()
    if group is not None:
        current = GroupDetails(
            name=group.name, description=group.description, kind=group.kind,
            contact_email=group.contact_email or "", contact_phone=group.contact_phone or "",
            website=group.website or "", category_ids=[c.id for c in group.categories],
            area_ids=[a.id for a in group.areas], drawn_area=group.drawn_area or "",
        )
    for field in DETAIL_FIELDS:
        if field not in body:
            continue
        value = body[field]
        if field == "drawn_area" and isinstance(value, dict):
            value = json.dumps(value)
        if field in ("category_ids", "area_ids"):
            if not isinstance(value, list) or not all(isinstance(i, int) for i in value):
                raise ApiError(problem(400, "Bad Request", f"{field} must be a list of integers"))
        elif field == "base_area_id":
            if value is not None and not isinstance(value, int):
                raise ApiError(problem(400, "Bad Request", "base_area_id must be an integer or null"))
        elif value is not None and not isinstance(value, str):
            raise ApiError(problem(400, "Bad Request", f"{field} must be a string"))
        setattr(current, field, value if value is not None else ("" if field != "base_area_id" else None))
    return current


@bp.get("/groups")
@api_view
def groups_list():
    filters, _params = read_filters(request.args)
    per_page = min(max(request.args.get("per_page", 20, type=int) or 20, 1), PER_PAGE_MAX)
    page = search_groups(db_session(), filters, page=request.args.get("page", 1, type=int) or 1,
                         per_page=per_page)
    return {"groups": [group_json(g) for g in page.groups], "total": page.total, "page": page.page,
            "pages": page.pages}


@bp.post("/groups")
@api_view
def groups_create():
    user = require_user()
    details = _details(json_body(), None)
    group = committed(lambda s: groups_service.create_group(s, actor=user._get_current_object(),
                                                            details=details))
    return group_json(group, detail=True), 201


@bp.get("/groups/<int:group_id>")
@api_view
def groups_detail(group_id: int):
    return group_json(_group(group_id), detail=True)


@bp.patch("/groups/<int:group_id>")
@api_view
def groups_update(group_id: int):
    user = require_user()
    group = _group(group_id)
    body = json_body()
    # A PATCH that does not mention the base keeps it (GroupDetails can only say "a ward" or "a postcode").
    base = (group.base_lat, group.base_lng)
    details = _details(body, group)

    def update(session):
        updated = groups_service.update_group(session, actor=user._get_current_object(), group_id=group.id,
                                              details=details)
        if "base_area_id" not in body and "base_postcode" not in body:
            updated.base_lat, updated.base_lng = base
        return updated

    group = committed(update)
    return group_json(group, detail=True)


@bp.post("/groups/<int:group_id>/confirm")
@api_view
def groups_confirm(group_id: int):
    user = require_user()
    group = committed(lambda s: groups_service.confirm_details(s, actor=user._get_current_object(),
                                                               group_id=group_id))
    return group_json(group)


@bp.route("/groups/<int:group_id>/verification", methods=["PUT", "DELETE"])
@api_view
def groups_verification(group_id: int):
    user = require_user()._get_current_object()
    action = groups_service.verify_group if request.method == "PUT" else groups_service.unverify_group
    group = committed(lambda s: action(s, actor=user, group_id=group_id))
    return group_json(group)


# --- memberships ------------------------------------------------------------------------------------


@bp.get("/groups/<int:group_id>/memberships")
@api_view
def groups_memberships(group_id: int):
    user = require_user()._get_current_object()
    group = _group(group_id)
    status = request.args.get("status", "active")
    if status not in ("active", "pending"):
        raise ApiError(problem(400, "Bad Request", "status must be active or pending"))
    rows = groups_service.list_members(db_session(), group_id=group.id, actor=user, status=status)
    return {"memberships": [membership_json(row.membership) for row in rows]}


@bp.post("/groups/<int:group_id>/memberships")
@api_view
def groups_join(group_id: int):
    user = require_user()._get_current_object()
    group = _group(group_id)
    membership = committed(lambda s: groups_service.request_to_join(s, group_id=group.id, user=user))
    return membership_json(membership), 201


@bp.delete("/groups/<int:group_id>/membership")
@api_view
def groups_leave(group_id: int):
    user = require_user()._get_current_object()
    group = _group(group_id)
    membership = committed(lambda s: groups_service.leave_group(s, group_id=group.id, user=user))
    return membership_json(membership)


def _membership_action(group_id: int, membership_id: int, action, **extra):
    user = require_user()._get_current_object()
    group = _group(group_id)
    membership = committed(lambda s: action(s, membership_id=membership_id, group_id=group.id, actor=user,
                                            **extra))
    return membership_json(membership)


@bp.post("/groups/<int:group_id>/memberships/<int:membership_id>/approve")
@api_view
def groups_membership_approve(group_id: int, membership_id: int):
    return _membership_action(group_id, membership_id, groups_service.approve_membership)


@bp.post("/groups/<int:group_id>/memberships/<int:membership_id>/decline")
@api_view
def groups_membership_decline(group_id: int, membership_id: int):
    return _membership_action(group_id, membership_id, groups_service.decline_membership)


@bp.route("/groups/<int:group_id>/memberships/<int:membership_id>", methods=["PATCH", "DELETE"])
@api_view
def groups_membership(group_id: int, membership_id: int):
    if request.method == "DELETE":
        return _membership_action(group_id, membership_id, groups_service.remove_member)
    role = json_body().get("role")
    return _membership_action(group_id, membership_id, groups_service.change_role, role=role)


# --- partnerships -----------------------------------------------------------------------------------


@bp.get("/groups/<int:group_id>/partnerships")
@api_view
def groups_partnerships(group_id: int):
    group = _group(group_id)
    mine = current_user.is_authenticated and is_coordinator(db_session(), current_user.id, group.id)
    statuses = ("proposed", "active", "declined", "ended") if mine else ("active",)
    rows = groups_service.partnerships_of(db_session(), group.id, statuses=statuses)
    return {"partnerships": [partnership_json(row.partnership, with_note=mine) for row in rows]}


@bp.post("/groups/<int:group_id>/partnerships")
@api_view
def groups_propose(group_id: int):
    user = require_user()._get_current_object()
    body = json_body()
    to_group = body.get("group_id")
    if to_group is not None and not isinstance(to_group, int):
        raise ApiError(problem(400, "Bad Request", "group_id must be an integer"))
    group = _group(group_id)
    partnership = committed(lambda s: groups_service.propose_partnership(
        s, from_group_id=group.id, to_group_id=to_group, kind=body.get("kind") or "",
        note=body.get("note") or "", actor=user,
    ))
    return partnership_json(partnership, with_note=True), 201


def _partnership_action(group_id: int, partnership_id: int, action):
    user = require_user()._get_current_object()
    group = _group(group_id)
    partnership = committed(lambda s: action(s, partnership_id=partnership_id, group_id=group.id, actor=user))
    return partnership_json(partnership, with_note=True)


@bp.post("/groups/<int:group_id>/partnerships/<int:partnership_id>/accept")
@api_view
def groups_partnership_accept(group_id: int, partnership_id: int):
    return _partnership_action(group_id, partnership_id, groups_service.accept_partnership)


@bp.post("/groups/<int:group_id>/partnerships/<int:partnership_id>/decline")
@api_view
def groups_partnership_decline(group_id: int, partnership_id: int):
    return _partnership_action(group_id, partnership_id, groups_service.decline_partnership)


@bp.post("/groups/<int:group_id>/partnerships/<int:partnership_id>/end")
@api_view
def groups_partnership_end(group_id: int, partnership_id: int):
    return _partnership_action(group_id, partnership_id, groups_service.end_partnership)


OPENAPI_PATHS: dict = {**GROUP_PATHS, **GEOJSON_PATHS}
OPENAPI_SCHEMAS: dict = GROUP_SCHEMAS
