"""Demand over time: weekly needs, met by the community or not, as a chart, a table and a download."""

from __future__ import annotations

import csv
import io

from flask import Response, render_template, request
from flask_babel import gettext as _

from app.connectors import bp
from app.connectors.charts import SERIES, weekly_chart
from app.connectors.filters import categories, chosen, select_items, wards
from app.database import db_session
from community.insights import CSV_HEADER, SUPPRESSION_RULE, demand_csv_rows, weekly_demand, weekly_totals

WEEK_CHOICES = (12, 26, 52)


def _filters(session):
    weeks = request.args.get("weeks", type=int)
    weeks = weeks if weeks in WEEK_CHOICES else WEEK_CHOICES[0]
    ward_options, category_options = wards(session), categories(session)
    ward = chosen(request.args.get("ward"), ward_options, default_first=False)
    category = chosen(request.args.get("category"), category_options, default_first=False)
    return weeks, ward, category, ward_options, category_options


@bp.get("/demand")
def demand():
    session = db_session()
    weeks, ward, category, ward_options, category_options = _filters(session)
    totals = weekly_totals(session, weeks=weeks, area_code=ward, category_slug=category)
    where = " and ".join(
        part for part in (dict(category_options).get(category), dict(ward_options).get(ward)) if part
    )
    return render_template(
        "connectors/demand.html",
        totals=totals,
        chart=weekly_chart(totals),
        series=SERIES,
        weeks=weeks,
        ward=ward,
        category=category,
        where=where,
        week_items=[
            {"value": w, "text": _(
                "Last %(weeks)s weeks",
                weeks=w,
            ), "selected": w == weeks} for w in WEEK_CHOICES
        ],
        ward_items=select_items(ward_options, ward, any_text=_("Every ward")),
        category_items=select_items(category_options, category, any_text=_("Every kind of help")),
        suppression_rule=SUPPRESSION_RULE,
        totals_sum={name: sum(getattr(t, name) for t in totals) for name in ("posted", "met", "not_met",
                                                                            "still_open")},
    )


@bp.get("/demand.csv")
def demand_csv():
    """Week x ward x category rows; small counts suppressed, as anything downloaded may travel."""
    session = db_session()
    weeks, ward, category, _wards, _categories = _filters(session)
    rows = weekly_demand(session, weeks=weeks, area_code=ward, category_slug=category)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    writer.writerows(demand_csv_rows(rows))
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="weave-demand-{weeks}-weeks.csv"'
    return response
