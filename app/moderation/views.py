"""Report a concern about a need, offer or response; connectors hide, restore or dismiss with a note."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.database import db_session
from app.forms import redisplay_on_csrf_error, submit
from app.moderation import bp
from app.moderation.forms import ModerationForm, ReportForm
from app.templating import connectors, register_nav_item
from community import posts
from community.errors import NotFound, PermissionDenied
from community.models.activity import REPORT_STATUSES

register_nav_item(bp, _l("Moderation"), "moderation.queue", visible=connectors, order=60)

STATUS_LABELS = {
    "open": _l("Waiting"), "hidden": _l("Hidden"), "restored": _l("Restored"), "dismissed": _l("Dismissed"),
}
ACTIONS = {
    "hide": (posts.hide_reported, _l("Hide this from everyone"), _l("Yes, hide it"),
             _l("Hidden. Its author has been told.")),
    "restore": (posts.restore_reported, _l("Restore this"), _l("Yes, restore it"), _l("Restored.")),
    "dismiss": (posts.dismiss_report, _l("Dismiss this report"), _l("Yes, dismiss the report"),
                _l("The report has been dismissed.")),
}
TARGET_LABELS = {
    "need": _l("request for help"), "offer": _l("offer of help"), "response": _l("reply to a request"),
}


def _me():
    return current_user._get_current_object()


def _describe(target) -> dict:
    """Title, text and author of a reported thing, for the report form and the queue."""
    names = ("helper", "posted_by", "user")
    author = next((getattr(target, n) for n in names if getattr(target, n, None) is not None), None)
    return {
        "title": getattr(target, "title", None),
        "text": getattr(target, "body", None) if hasattr(target, "body") else target.message,
        "author": author.display_name if author is not None else _("Unknown"),
        "hidden": bool(target.hidden),
        "need_id": getattr(target, "need_id", None),
    }


@bp.route("/report-concern/<any(need, offer, response):target_type>/<int:target_id>", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def report(target_type: str, target_id: int):
    session = db_session()
    try:
        target = posts.report_target(session, target_type, target_id)
        if not posts.can_view_target(session, _me(), target):
            raise NotFound("Not found")
    except NotFound:
        abort(404)
    form = ReportForm()
    if form.validate_on_submit():
        done = submit(
            form,
            lambda s: posts.report_concern(s, reporter=_me(), target_type=target_type, target_id=target_id,
                                           reason=form.reason.data),
            success=_("Thank you. A council connector will look at your report."),
            next_url=_back_to(target_type, target),
        )
        if done:
            return done
    return render_template("moderation/report.html", form=form, target=_describe(target),
                           label=TARGET_LABELS[target_type], back=_back_to(target_type, target))


def _back_to(target_type: str, target) -> str:
    if target_type == "offer":
        return url_for("residents.offer", offer_id=target.id)
    return url_for("residents.need", need_id=target.id if target_type == "need" else target.need_id)


@bp.get("/moderation")
@login_required
def queue():
    status = request.args.get("status", "open")
    if status not in (*REPORT_STATUSES, "all"):
        status = "open"
    try:
        page = posts.list_reports(db_session(), actor=_me(), status=status,
                                       page=max(1, request.args.get("page", 1, type=int) or 1))
    except PermissionDenied:
        abort(403)
    return render_template("moderation/queue.html", page=page, status=status, status_labels=STATUS_LABELS,
                           target_labels=TARGET_LABELS)


@bp.get("/moderation/<int:report_id>")
@login_required
def detail(report_id: int):
    session = db_session()
    report = _report(report_id)
    target = posts.report_target(session, report.target_type, report.target_id)
    return render_template("moderation/detail.html", report=report, target=_describe(target),
                           label=TARGET_LABELS[report.target_type], status_labels=STATUS_LABELS,
                           link=_back_to(report.target_type, target))


def _report(report_id: int):
    try:
        return posts.get_report(db_session(), report_id=report_id, actor=_me())
    except PermissionDenied:
        abort(403)
    except NotFound:
        abort(404)


@bp.route("/moderation/<int:report_id>/<any(hide, restore, dismiss):action>", methods=["GET", "POST"])
@login_required
@redisplay_on_csrf_error
def act(report_id: int, action: str):
    session = db_session()
    report = _report(report_id)
    rule, title, button, success = ACTIONS[action]
    form = ModerationForm()
    if form.validate_on_submit():
        here = url_for("moderation.detail", report_id=report_id)
        done = submit(form, lambda s: rule(s, report_id=report_id, actor=_me(), note=form.note.data or ""),
                      success=success, next_url=here, conflict_url=here)
        if done:
            return done
    target = posts.report_target(session, report.target_type, report.target_id)
    return render_template("moderation/confirm.html", form=form, report=report, title=title, button=button,
                           action=action, target=_describe(target), label=TARGET_LABELS[report.target_type])
