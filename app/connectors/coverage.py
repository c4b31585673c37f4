"""Coverage by ward and category: the table, the choropleth beside it, a ward's detail and a download."""

from __future__ import annotations

import csv
import io

from flask import Response, abort, render_template, request
from sqlalchemy import select

from app.connectors import bp
from app.connectors.filters import categories, chosen, select_items, window_days, window_items
from app.database import db_session
from community.errors import NotFound
from community.insights import (
    COVERAGE_RULE,
    SUPPRESSION_RULE,
    get_coverage,
    get_ward_coverage,
    suppress_small_count,
)
from community.models import Category, Group, group_areas, group_categories

STATUS_ORDER = ("gap", "thin", "covered", "no demand")


def status_counts(rows) -> dict[str, int]:
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    return counts


@bp.get("/coverage")
def coverage():
    session = db_session()
    options = categories(session)
    category = chosen(request.args.get("category"), options, default_first=True)
    days = window_days()
    rows = get_coverage(session, window_days=days, category_slug=category) if category else []
    return render_template(
        "connectors/coverage.html",
        rows=rows,
        counts=status_counts(rows),
        category=category,
        category_name=dict(options).get(category, ""),
        category_items=select_items(options, category),
        window=days,
        window_items=window_items(days),
        rule=COVERAGE_RULE,
        suppression_rule=SUPPRESSION_RULE,
    )


@bp.get("/coverage/wards/<code>")
def ward(code: str):
    session = db_session()
    days = window_days()
    try:
        area, rows = get_ward_coverage(session, area_code=code, window_days=days)
    except NotFound:
        abort(404)
    serving = session.execute(
        select(Group.name, Category.name)
        .join(group_areas, group_areas.c.group_id == Group.id)
        .join(group_categories, group_categories.c.group_id == Group.id)
        .join(Category, Category.id == group_categories.c.category_id)
        .where(group_areas.c.area_id == area.id, Group.closed_at.is_(None))
        .order_by(Group.name, Category.position)
    ).all()
    groups: dict[str, list[str]] = {}
    for group_name, category_name in serving:
        groups.setdefault(group_name, []).append(category_name)
    return render_template(
        "connectors/ward.html",
        area=area,
        rows=rows,
        counts=status_counts(rows),
        groups=groups,
        window=days,
        window_items=window_items(days),
        rule=COVERAGE_RULE,
    )


CSV_COLUMNS = (
    ("ward_code", "area_code"), ("ward", "area_name"), ("category", "category_name"),
    ("needs_posted", "needs_posted"), ("met", "needs_met"), ("not_met", "needs_unmet"),
    ("open_over_7_days", "open_over_7_days"), ("active_offers", "active_offers"),
    ("groups_serving", "groups_serving"), ("people_who_helped", "recent_helpers"),
    ("dbs_ready_volunteers", "dbs_ready_volunteers"),
    ("searches_with_no_result", "zero_result_searches"),
)
SUPPRESSED_FIELDS = {
    "needs_posted", "needs_met", "needs_unmet", "open_over_7_days", "dbs_ready_volunteers",
    "zero_result_searches", "recent_helpers",
}


@bp.get("/coverage.csv")
def coverage_csv():
    """Every cell, small counts of people's needs suppressed: a download leaves the connector role."""
    session = db_session()
    days = window_days()
    category = chosen(request.args.get("category"), categories(session), default_first=False)
    rows = get_coverage(session, window_days=days, category_slug=category)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([name for name, _attr in CSV_COLUMNS] + ["status"])
    for row in rows:
        values = []
        for _name, attr in CSV_COLUMNS:
            value = getattr(row, attr)
            values.append(suppress_small_count(value) if attr in SUPPRESSED_FIELDS else value)
        writer.writerow(values + [row.status])
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="weave-coverage-{days}-days.csv"'
    return response
