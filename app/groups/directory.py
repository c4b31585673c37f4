"""Finding groups: the directory (a list with filters), the same groups on a map, your groups, and a
connector's review of listings that need checking."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select

from app.database import db_session
from app.groups import bp
from app.groups.common import page_number, pagination
from community.groups import (
    KIND_LABELS,
    ROLE_LABELS,
    GroupFilters,
    assurance,
    by_name,
    filtered,
    groups_of,
    search_groups,
    stale,
    ward_options,
)
from community.models import Area, Category, Group
from community.pagination import paginate


def read_filters(args) -> tuple[GroupFilters, dict]:
    """The filters from the query string, and the same as URL parameters for links (empty ones dropped)."""
    session = db_session()
    ward = args.get("ward", type=int)
    if ward and session.get(Area, ward) is None:
        ward = None
    slug = (args.get("category") or "").strip()
    category = session.scalar(select(Category).where(Category.slug == slug)) if slug else None
    kind = args.get("kind") if args.get("kind") in KIND_LABELS else None
    text = (args.get("q") or "").strip()[:100]
    filters = GroupFilters(area_id=ward, category_id=category.id if category else None, kind=kind, text=text)
    params = {"ward": ward, "category": category.slug if category else None, "kind": kind, "q": text or None}
    return filters, {key: value for key, value in params.items() if value}


def filter_choices() -> dict:
    session = db_session()
    return {
        "wards": ward_options(session),
        "categories": session.execute(select(Category.slug, Category.name).order_by(Category.position)).all(),
        "kinds": list(KIND_LABELS.items()),
    }


@bp.get("/groups")
def directory():
    filters, params = read_filters(request.args)
    page = search_groups(db_session(), filters, page=page_number(request.args))
    return render_template(
        "groups/directory.html",
        page=page,
        filters=filters,
        params=params,
        choices=filter_choices(),
        pagination=pagination(page.page, page.pages, lambda n: url_for("groups.directory", **params, page=n)),
    )


@bp.get("/groups/map")
def map_page():
    filters, params = read_filters(request.args)
    page = search_groups(db_session(), filters, page=page_number(request.args))
    return render_template(
        "groups/map.html",
        page=page,
        filters=filters,
        params=params,
        choices=filter_choices(),
        map_url=url_for("maps.groups", **params),
        pagination=pagination(page.page, page.pages, lambda n: url_for("groups.map_page", **params, page=n)),
    )


@bp.get("/your-groups")
@login_required
def mine():
    rows = groups_of(db_session(), current_user.id)
    return render_template("groups/mine.html", rows=rows, role_labels=ROLE_LABELS)


@bp.get("/groups/review")
@login_required
def review():
    """For connectors: every listing not confirmed for a year, oldest first, then the verified count."""
    if not current_user.is_connector:
        abort(403)
    session = db_session()
    found = paginate(session, by_name(stale(filtered(GroupFilters()))), page=page_number(request.args),
                     per_page=25, clamp=True)
    groups = found.items
    counts = {
        "all": session.scalar(select(func.count()).select_from(filtered(GroupFilters()).subquery())) or 0,
        "verified": session.scalar(select(func.count(Group.id)).where(Group.verified_at.is_not(None),
                                                                      Group.closed_at.is_(None))) or 0,
    }
    return render_template(
        "groups/review.html",
        groups=groups,
        total=found.total,
        counts=counts,
        assurances={group.id: assurance(group) for group in groups},
        pagination=pagination(found.page, found.pages, lambda n: url_for("groups.review", page=n)),
    )
