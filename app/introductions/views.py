"""Coordinators see the introductions a connector sent to their groups, and accept or decline them."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.database import db_session
from app.forms import confirm, redisplay_on_csrf_error, tell
from app.introductions import bp
from app.introductions.forms import AnswerIntroductionForm
from community.errors import Conflict, NotFound, PermissionDenied
from community.insights import (
    answer_introduction,
    get_introduction,
    list_introductions_for_coordinator,
    side_of,
)


def _side(introduction_id: int):
    session = db_session()
    try:
        return side_of(session, get_introduction(session, introduction_id), current_user)
    except NotFound:
        abort(404)
    except PermissionDenied:
        abort(403)


@bp.get("/introductions")
@login_required
def index():
    sides = list_introductions_for_coordinator(db_session(), user=current_user)
    return render_template(
        "introductions/index.html",
        waiting=[side for side in sides if side.waiting_for_us],
        others=[side for side in sides if not side.waiting_for_us],
    )


@bp.route("/introductions/<int:introduction_id>", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def detail(introduction_id: int):
    side = _side(introduction_id)
    form = AnswerIntroductionForm()
    if side.waiting_for_us and form.validate_on_submit():
        accept = form.decision.data == "accept"
        here = url_for("introductions.detail", introduction_id=introduction_id)

        def told(introduction) -> str:
            if not accept:
                return _("You declined the introduction to %(other_name)s.", other_name=side.other.name)
            if introduction.status == "accepted":
                return _(
                    "%(group_name)s and %(other_name)s are now referral partners.",
                    group_name=side.group.name, other_name=side.other.name,
                )
            return _("You accepted. We have asked %(other_name)s to answer too.", other_name=side.other.name)

        return confirm(
            lambda s: answer_introduction(s, introduction_id=introduction_id, actor=current_user,
                                          group_id=side.group.id, accept=accept),
            success=told, next_url=here, refusals={Conflict: tell(here, category="message")},
        )
    return render_template("introductions/detail.html", side=side, form=form)
