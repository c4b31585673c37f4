"""The outbox as an admin sees it: how much email is waiting, sent and failed, and "send again"."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.admin import bp
from app.admin.forms import ConfirmForm
from app.admin.views import _admin
from app.database import db_session
from app.forms import redisplay_on_csrf_error, show_refusal, submit
from community import outbox
from community.errors import Conflict, NotFound
from community.models import OutboxEmail

STATUS_LABELS = {
    "queued": _l("Waiting to be sent"),
    "sending": _l("Being sent now"),
    "sent": _l("Sent"),
    "failed": _l("Failed"),
}


@bp.get("/email")
def outbox_page():
    status = request.args.get("status", "failed")
    if status not in STATUS_LABELS:
        abort(404)
    session = db_session()
    page = outbox.list_outbox(session, status=status, page=request.args.get("page", 1, type=int) or 1)
    counts = outbox.outbox_counts(session)
    return render_template("admin/outbox.html", page=page, status=status, counts=counts, labels=STATUS_LABELS)


def _failed_email(email_id: int) -> OutboxEmail:
    email = db_session().get(OutboxEmail, email_id)
    if email is None:
        abort(404)
    return email


@bp.route("/email/<int:email_id>/send-again", methods=["GET", "POST"])
@redisplay_on_csrf_error
def resend_email(email_id: int):
    email = _failed_email(email_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        done = submit(
            form, lambda s: outbox.resend_email(s, actor=_admin(), email_id=email.id),
            success=_("The email is queued to be sent again."),
            next_url=url_for("admin.outbox_page", status="failed"),
            refusals={(Conflict, NotFound): show_refusal},
        )
        if done:
            return done
    return render_template("admin/resend_email.html", form=form, email=email, refusal=form.refusal)
