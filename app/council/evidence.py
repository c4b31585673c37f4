"""The demand-management evidence: the page (a chart with its table twin), exact CSV and JSON downloads for
connectors and officers, and the public open-data CSV with small counts suppressed."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from flask import Response, abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from sqlalchemy import select

from app.connectors.charts import nice_top
from app.council import bp
from app.council.common import me
from app.database import db_session
from app.forms import record
from community.council import may_see_evidence
from community.council.evidence import (
    DEFAULT_MONTHS,
    OPEN_DATA_RULE,
    ROLLUP_MAX_AGE,
    ROW_FIELDS,
    EvidenceFilter,
    demand_evidence,
    evidence_rows,
    open_data_rows,
    refresh_demand_rollup,
    rollup_made_at,
)
from community.db import utcnow
from community.models import Area, Category

MONTH_CHOICES = (6, 12, 24)
SERIES = (
    ("needs_posted", _l("Needs posted")),
    ("met_in_community", _l("Met in the community")),
    ("escalations_out", _l("Escalated to the council")),
)
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 960, 340, 56, 16, 16, 48


@dataclass(frozen=True)
class ChartBar:
    x: float
    y: float
    width: float
    height: float
    series: str
    value: int


def _filter() -> EvidenceFilter:
    months = request.args.get("months", DEFAULT_MONTHS, type=int)
    months = months if months in MONTH_CHOICES else DEFAULT_MONTHS
    return EvidenceFilter.last(
        months,
        area_id=request.args.get("ward", type=int) or None,
        category_id=request.args.get("category", type=int) or None,
    )


def _authorised() -> None:
    if not may_see_evidence(db_session(), me()):
        abort(403)


def _chart(evidence) -> dict:
    values = [[getattr(m.figures, key) for key, _label in SERIES] for m in evidence.months]
    top = nice_top(max((max(v) for v in values), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(values), 1)
    bar_w = slot * 0.8 / len(SERIES)
    bars = []
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            height = plot_h * value / top
            bars.append(
                ChartBar(
                    LEFT + i * slot + slot * 0.1 + j * bar_w,
                    TOP + plot_h - height,
                    bar_w,
                    height,
                    SERIES[j][0],
                    value,
                )
            )
    ticks = [(TOP + plot_h - plot_h * k / 4, top * k // 4) for k in range(5)]
    labels = [(LEFT + i * slot + slot / 2, m.month) for i, m in enumerate(evidence.months)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "ticks": ticks,
        "labels": labels,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": TOP + plot_h,
        "label_every": max(1, len(values) // 12),
    }


def _choices(session):
    wards = session.execute(select(Area.id, Area.name).where(Area.kind == "ward").order_by(Area.name)).all()
    categories = session.execute(select(Category.id, Category.name).order_by(Category.position)).all()
    return wards, categories


def _evidence(flt: EvidenceFilter, *, by_cell: bool = True):
    """The evidence, the rollup of the needs worked out again first if it is older than ROLLUP_MAX_AGE
    (``flask council evidence`` on a schedule keeps it fresh, so that no reader waits for it)."""
    session = db_session()
    made = rollup_made_at(session)
    if made is None or utcnow() - made > ROLLUP_MAX_AGE:
        record(lambda s: refresh_demand_rollup(s))
        made = rollup_made_at(session)
    return demand_evidence(session, flt=flt, by_cell=by_cell), made


@bp.get("/council/demand")
@login_required
def demand():
    _authorised()
    session = db_session()
    flt = _filter()
    evidence, made = _evidence(flt, by_cell=False)
    wards, categories = _choices(session)
    return render_template(
        "council/demand.html",
        evidence=evidence,
        chart=_chart(evidence),
        series=SERIES,
        wards=wards,
        categories=categories,
        months_choices=MONTH_CHOICES,
        flt=flt,
        query={k: v for k, v in request.args.items() if k in ("months", "ward", "category")},
        open_data_rule=OPEN_DATA_RULE,
    )


def _csv(rows, filename: str) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(row)
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )


@bp.get("/council/demand.csv")
@login_required
def demand_csv():
    _authorised()
    session = db_session()
    evidence, _made = _evidence(_filter())
    return _csv(evidence_rows(session, evidence), "weave-demand-management.csv")


@bp.get("/council/demand.json")
@login_required
def demand_json():
    _authorised()
    session = db_session()
    evidence, made = _evidence(_filter())
    rows = iter(evidence_rows(session, evidence))
    header = next(rows)
    document = {
        "figures_of_needs_as_of": made.isoformat() if made else None,
        "first_month": evidence.filter.first_month.isoformat(),
        "months": evidence.filter.months,
        "ward_id": evidence.filter.area_id,
        "category_id": evidence.filter.category_id,
        "totals": {
            **{name: getattr(evidence.total.figures, name) for name in ROW_FIELDS},
            "share_met_without_council": evidence.total.figures.share_met_without_council,
            "median_days_to_meet": evidence.total.median_days_to_meet,
            "cost_avoided_pence": evidence.total.cost_avoided_pence,
            "costs_illustrative": evidence.costs_illustrative,
        },
        "rows": [dict(zip(header, row, strict=True)) for row in rows],
    }
    return Response(json.dumps(document), mimetype="application/json")


@bp.get("/open-data/demand.csv")
def open_data_csv():
    """For anyone: the same rows, with counts of 1 to 4 suppressed and 0 shown as 0."""
    session = db_session()
    evidence, _made = _evidence(_filter())
    return _csv(open_data_rows(session, evidence), "weave-demand-open-data.csv")
