"""Analysis runs: start one (it runs in the background), watch its progress, list past runs."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _

from app.connectors import bp
from app.connectors.common import connector, run_summary
from app.connectors.forms import StartRunForm
from app.database import db_session
from app.forms import confirm, record, redisplay_on_csrf_error
from app.jobs import enqueue_analysis
from community.errors import NotFound
from community.insights import create_run, get_run, list_runs, reap_stalled_runs


@bp.post("/runs")
@redisplay_on_csrf_error
def start_run():
    form = StartRunForm()
    if not form.validate_on_submit():
        flash(_("The form timed out. Select “Run analysis now” again."))
        return redirect(url_for("connectors.dashboard"))
    return confirm(
        lambda s: create_run(s, created_by=connector()),
        after=_hand_to_a_worker, success=None, next_url=lambda run: url_for("connectors.run", run_id=run.id),
    )


def _hand_to_a_worker(run) -> None:
    # After the commit, so the worker finds the run; one already started is not handed over again.
    if run.status == "queued" and run.started_at is None:
        enqueue_analysis(run.id)


@bp.get("/runs")
def runs():
    return render_template("connectors/runs.html", runs=list_runs(db_session()))


def _run(run_id: int):
    # Whoever watches a run learns within a minute that its process died, with the reason.
    record(reap_stalled_runs)
    try:
        return get_run(db_session(), run_id)
    except NotFound:
        abort(404)


@bp.get("/runs/<int:run_id>")
def run(run_id: int):
    return render_template("connectors/run.html", run=_run(run_id))


@bp.get("/runs/<int:run_id>/status")
def run_status(run_id: int):
    response = jsonify(run_summary(_run(run_id)))
    response.headers["Cache-Control"] = "no-store"
    return response
