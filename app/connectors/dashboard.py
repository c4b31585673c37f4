"""The connector's dashboard: demand met, what is waiting, gaps, brokers at risk and the last run."""

from __future__ import annotations

from flask import render_template

from app.connectors import bp
from app.connectors.forms import StartRunForm
from app.database import db_session
from app.forms import record
from community.insights import get_dashboard, reap_stalled_runs, stale_groups


@bp.get("/")
def dashboard():
    session = db_session()
    # A run whose process died is marked failed before the page decides between progress and "start".
    record(reap_stalled_runs)
    figures = get_dashboard(session)
    return render_template(
        "connectors/dashboard.html",
        figures=figures,
        stale=stale_groups(session, limit=5),
        run_form=StartRunForm(),
    )
