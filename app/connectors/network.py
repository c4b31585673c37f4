"""Network: brokers, gaps and suggested introductions from the latest finished run; a gap's detail; a
person's details (every view audited); the network map beside its table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort, render_template, request
from flask_babel import format_timedelta
from sqlalchemy import func, select

from app.connectors import bp
from app.connectors.charts import broker_chart, network_drawing
from app.connectors.common import audit_view, latest_analysis, run_or_404
from app.database import db_session
from app.forms import record
from community.db import utcnow
from community.errors import NotFound
from community.insights import (
    GAP_KINDS,
    brokers,
    find_gap,
    find_nodes,
    gaps,
    network_map,
    suggestions,
    suggestions_for_gap,
    ties_since,
    what_if,
)
from community.models import Area, Group, Membership, Need, Response, User
from community.models.posts import NEED_OPEN_STATUSES
from community.pagination import paginate_list

TABLE_PAGE = 50


@dataclass(frozen=True)
class GroupTable:
    groups: list
    page: int
    pages: int


def group_table(session, results: dict) -> GroupTable:
    groups, _links = network_map(session, results)
    page = paginate_list(groups, page=request.args.get("page", 1, type=int) or 1, per_page=TABLE_PAGE,
                         clamp=True)
    return GroupTable(page.items, page.page, page.pages)


@dataclass(frozen=True)
class Freshness:
    as_of: datetime
    age: str
    since: object  # community.insights.network_live.TiesSince


def freshness(session, run) -> Freshness:
    """How old a run's results are and which ties have been made since it read the community.

    A run reads every tie there is when it starts, so its results are as old as its start; whatever was
    made after that is not in them (the honest age, not a live view).
    """
    as_of = run.started_at or run.created_at
    return Freshness(as_of, format_timedelta(utcnow() - as_of, threshold=1.0, add_direction=False),
                     ties_since(session, as_of))


@bp.get("/network")
def network():
    session = db_session()
    run, results = latest_analysis(session)
    analysis = results.get("analysis", {})
    every_broker = brokers(results)
    return render_template(
        "connectors/network.html",
        run=run,
        results=results,
        analysis=analysis,
        fresh=freshness(session, run) if run else None,
        chart=broker_chart(every_broker[:20]) if every_broker else None,
        drawing=network_drawing(results),
        brokers=every_broker[:20],
        gap_groups=gaps_by_kind(gaps(results)),
        gaps_shown=GAPS_SHOWN,
        suggestions=suggestions(results)[:20],
        critical=analysis.get("critical", [])[:10],
        table=group_table(session, results) if run else None,
    )


GAPS_SHOWN = 5


def gaps_by_kind(found: list) -> list[tuple[str, str, list]]:
    """(kind, label, gaps) for each kind present, in the order the engine's results list them."""
    grouped: dict[str, list] = {}
    for item in found:
        grouped.setdefault(item.kind, []).append(item)
    return [(kind, items[0].kind_label, items) for kind, items in grouped.items()]


@bp.get("/network/gaps")
def gaps_list():
    session = db_session()
    run, results = latest_analysis(session)
    kind = request.args.get("kind")
    found = [g for g in gaps(results) if kind in (None, "", g.kind)]
    return render_template("connectors/gaps.html", run=run, gaps=found, kind_label=GAP_KINDS.get(kind))


@bp.get("/network/runs/<int:run_id>/gaps/<int:number>")
def gap(run_id: int, number: int):
    run, results = run_or_404(db_session(), run_id)
    found = find_gap(results, number)
    if found is None:
        abort(404)
    if found.user_id is not None:
        # The page names a resident and what they asked for: a view of their details, so it is audited.
        record(lambda s: audit_view(s, target_type="user", target_id=found.user_id,
                                    detail=f"connector viewed gap {number} of analysis run {run_id}"))
    return render_template(
        "connectors/gap.html", run=run, gap=found, results=results,
        suggestions=suggestions_for_gap(results, found),
        group_names=[results.get("labels", {}).get(g, g) for g in found.groups],
    )


@bp.get("/network/people/<int:user_id>")
def person(user_id: int):
    """A resident's details as a connector may see them. Every view is written to the audit trail."""
    session = db_session()
    user = session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        abort(404)
    record(lambda s: audit_view(s, target_type="user", target_id=user.id,
                                detail="connector viewed a person's details"))
    ward = session.get(Area, user.area_id) if user.area_id else None
    groups = session.execute(
        select(Group.name, Membership.role)
        .join(Membership, Membership.group_id == Group.id)
        .where(Membership.user_id == user.id, Membership.status == "active")
        .order_by(Group.name)
    ).all()
    open_needs = session.scalar(
        select(func.count(Need.id)).where(Need.requester_id == user.id, Need.status.in_(NEED_OPEN_STATUSES))
    )
    helped = session.scalar(
        select(func.count(Response.id)).where(Response.helper_id == user.id, Response.status == "completed")
    )
    return render_template(
        "connectors/person.html", person=user, ward=ward, groups=groups, open_needs=open_needs or 0,
        helped=helped or 0,
    )


@bp.get("/network/what-if")
def what_if_search():
    """Search for any group or person by name, then see what their leaving would do."""
    query = (request.args.get("q") or "").strip()[:100]
    page = find_nodes(db_session(), query, page=request.args.get("page", 1, type=int) or 1) if query else None
    return render_template("connectors/what_if.html", query=query, page=page, result=None)


@bp.get("/network/what-if/<kind>/<int:number>")
def what_if_node(kind: str, number: int):
    if kind not in ("group", "user"):
        abort(404)
    session = db_session()
    try:
        result = what_if(session, f"{kind}:{number}")
    except NotFound:
        abort(404)
    if result.user_id is not None:
        # The page names a person and who depends on them: a view of their details, so it is audited.
        record(lambda s: audit_view(s, target_type="user", target_id=result.user_id,
                                    detail="connector asked what would happen if this person left"))
    return render_template("connectors/what_if.html", query="", page=None, result=result)
