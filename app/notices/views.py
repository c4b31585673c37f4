"""Notifications: the list, mark one or all as read, and the unread count in the header."""

from __future__ import annotations

from flask import abort, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.database import db_session
from app.forms import BaseForm, confirm, not_allowed, redisplay_on_csrf_error
from app.notices import bp
from app.notices.links import notice_url, outbox_sender
from app.templating import register_notifications
from community import notifications
from community.errors import NotFound


def _unread(user) -> int:
    # Every template render asks (GOV.UK form widgets render a template each): count once a request.
    cached = g.get("weave_unread_notifications")
    if cached is None or cached[0] != user.id:
        cached = (user.id, notifications.unread_count(db_session(), user.id))
        g.weave_unread_notifications = cached
    return cached[1]


register_notifications(bp, "notifications.index", _unread)


@bp.record_once
def _install_email_sender(state) -> None:
    # The default sender keeps email in the outbox table and the log; a deployment with a mail
    # server installs its own sender after the app is built.
    if notifications.get_email_sender() is None:
        notifications.set_email_sender(outbox_sender(state.app))


def _me():
    return current_user._get_current_object()


@bp.get("/notifications")
@login_required
def index():
    page = notifications.list_notifications(
        db_session(), user=_me(), page=max(1, request.args.get("page", 1, type=int) or 1)
    )
    return render_template("notices/index.html", page=page, notice_url=notice_url,
                           unread_here=any(n.read_at is None for n in page.items))


def _forget_unread_count(_result) -> None:
    # The unread count cached for this request is out of date once notices are marked read.
    g.pop("weave_unread_notifications", None)


@bp.post("/notifications/<int:notification_id>/read")
@login_required
@redisplay_on_csrf_error
def mark_read(notification_id: int):
    if not BaseForm().validate_on_submit():
        abort(400)

    def opened(notice) -> str | None:
        """Where "View" takes the reader: the page the notice is about, if it names one."""
        return notice_url(notice) if request.form.get("open") else None

    return confirm(
        lambda s: notifications.mark_read(s, user=_me(), notification_id=notification_id),
        after=_forget_unread_count,
        success=lambda notice: None if opened(notice) else _("Marked as read."),
        next_url=lambda notice: opened(notice)
        or url_for("notifications.index", page=request.form.get("page", type=int) or None),
        refusals={NotFound: not_allowed},
    )


@bp.post("/notifications/read-all")
@login_required
@redisplay_on_csrf_error
def mark_all_read():
    if not BaseForm().validate_on_submit():
        abort(400)
    return confirm(
        lambda s: notifications.mark_all_read(s, user=_me()),
        after=_forget_unread_count,
        success=lambda count: (
            _("All notifications marked as read.") if count else _("You had no unread notifications.")
        ),
        next_url=url_for("notifications.index"),
    )
