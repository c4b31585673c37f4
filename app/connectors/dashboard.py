"""The connector's dashboard: demand met, what is waiting, gaps, brokers at risk and the last run."""

from __future__ import annotations

from flask import render_template

from app.connectors import bp
from app.connectors.forms import StartRunForm
from app.database import db_session
from community.insights import get_dashboard, stale_groups


@bp.get("/")
def dashboard():
    session = db_session()
    figures = get_dashboard(session)
    return render_template(
        "connectors/dashboard.html",
        figures=figures,
        stale=stale_groups(session, limit=5),
        run_form=StartRunForm(),
    )
