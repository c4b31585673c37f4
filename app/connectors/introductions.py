"""Introductions: the latest run's suggestions, sending one after a confirmation, and those sent."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_babel import gettext as _

from app.connectors import bp
from app.connectors.common import connector, latest_analysis, run_or_404
from app.connectors.forms import SendIntroductionForm
from app.database import db_session
from app.forms import redisplay_on_csrf_error, submit, tell
from community.errors import Conflict
from community.insights import (
    find_suggestion,
    list_sent_introductions,
    pair_has_link,
    send_introduction,
    suggestions,
)


@bp.get("/introductions")
def introductions():
    session = db_session()
    run, results = latest_analysis(session)
    return render_template(
        "connectors/introductions.html",
        run=run,
        suggestions=suggestions(results),
        sent=list_sent_introductions(session),
    )


@bp.route("/introductions/new/<int:run_id>/<int:number>", methods=["GET", "POST"])
@redisplay_on_csrf_error
def new_introduction(run_id: int, number: int):
    """Confirm, then send: both groups' coordinators are told the reason the analysis gave."""
    session = db_session()
    run, results = run_or_404(session, run_id)
    suggestion = find_suggestion(results, number)
    if suggestion is None:
        abort(404)
    a_id, b_id = suggestion.group_ids
    existing = pair_has_link(session, a_id, b_id)
    form = SendIntroductionForm()
    if existing is None and form.validate_on_submit():
        here = url_for("connectors.new_introduction", run_id=run_id, number=number)
        done = submit(
            form,
            lambda s: send_introduction(
                s, connector=connector(), group_a_id=a_id, group_b_id=b_id, reason=suggestion.reason,
                introducer_user_id=suggestion.introducer_user_id, analysis_run_id=run.id,
                note=form.note.data or "",
            ),
            success=_(
                "Introduction sent. The coordinators of %(a_label)s and %(b_label)s have been told why.",
                a_label=suggestion.a_label, b_label=suggestion.b_label,
            ),
            next_url=url_for("connectors.introductions"),
            refusals={Conflict: tell(here, category="message")},
        )
        if done:
            return done
    return render_template(
        "connectors/new_introduction.html", run=run, suggestion=suggestion, existing=existing, form=form
    )
