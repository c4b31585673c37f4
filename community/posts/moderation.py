"""Reporting a concern, and the connectors' moderation queue: hide, restore or dismiss, with a note.

Every moderation action writes an ``AuditEntry``. Hiding takes a post or response out of everyone's view
except its author's and connectors'; restoring puts it back.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from community.db import utcnow
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.i18n import _
from community.limits import TextLimit
from community.models import AuditEntry, Need, Offer, Report, ReportStatus, Response, User
from community.notifications import notify
from community.pagination import Page, paginate
from community.posts.visibility import can_manage_need, can_view_need, can_view_offer

__all__ = [
    "REPORTABLE",
    "REPORT_REASON",
    "MODERATION_NOTE",
    "ReportPage",
    "report_concern",
    "list_reports",
    "get_report",
    "report_target",
    "hide_reported",
    "restore_reported",
    "dismiss_report",
    "target_author_id",
    "can_view_target",
]

REPORTABLE = ("need", "offer", "response")
REPORT_REASON, MODERATION_NOTE = TextLimit(_("Your concern"), 2000), TextLimit(_("Your note"), 2000)


def _require_connector(actor: User) -> None:
    if not actor.is_connector:
        raise PermissionDenied(_("Only council connectors can moderate."))


def report_target(session: Session, target_type: str, target_id: int) -> Need | Offer | Response:
    model = {"need": Need, "offer": Offer, "response": Response}.get(target_type)
    target = session.get(model, target_id) if model is not None else None
    if not isinstance(target, (Need, Offer, Response)):  # None: no such target
        raise NotFound(_("Not found"))
    return target


def target_author_id(target: Need | Offer | Response) -> int:
    if isinstance(target, Need):
        return target.posted_by_id
    if isinstance(target, Offer):
        return target.user_id
    return target.helper_id


def can_view_target(session: Session, user: User, target: Need | Offer | Response) -> bool:
    if isinstance(target, Need):
        return can_view_need(session, user, target)
    if isinstance(target, Offer):
        return can_view_offer(user, target)
    # A response is seen by its helper, by whoever manages the need, and by connectors.
    need = session.get(Need, target.need_id)
    if need is None:
        return False
    if user.id == target.helper_id or user.is_connector:
        return True
    return not target.hidden and can_manage_need(session, user, need)


def _audit(session: Session, actor: User, action: str, report: Report, detail: str = "") -> None:
    session.add(AuditEntry(actor_id=actor.id, action=action, target_type=report.target_type,
                           target_id=report.target_id, detail=detail))


def report_concern(
    session: Session, *, reporter: User, target_type: str, target_id: int, reason: str
) -> Report:
    """Anyone who can see something can report it; nobody learns of things they cannot see."""
    if target_type not in REPORTABLE:
        raise NotFound(_("Not found"))
    target = report_target(session, target_type, target_id)
    if not can_view_target(session, reporter, target):
        raise NotFound(_("Not found"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": _("Enter what concerns you")})
    if REPORT_REASON.exceeded_by(reason):
        raise ValidationFailed({"reason": REPORT_REASON.message})
    report = Report(reporter_id=reporter.id, target_type=target_type, target_id=target_id, reason=reason)
    session.add(report)
    session.flush()
    session.add(AuditEntry(actor_id=reporter.id, action="concern_reported", target_type=target_type,
                           target_id=target_id, detail=f"report {report.id}"))
    session.flush()
    return report


ReportPage = Page[Report]


def list_reports(
    session: Session, *, actor: User, status: str = "open", page: int = 1, per_page: int = 20
) -> ReportPage:
    _require_connector(actor)
    query = select(Report)
    if status != "all":
        query = query.where(Report.status == status)
    return paginate(session, query.order_by(Report.created_at, Report.id), page=page, per_page=per_page)


def get_report(session: Session, *, report_id: int, actor: User) -> Report:
    _require_connector(actor)
    report = session.get(Report, report_id)
    if report is None:
        raise NotFound(_("Report not found"))
    return report


def _check_note(note: str) -> str:
    note = (note or "").strip()
    if MODERATION_NOTE.exceeded_by(note):
        raise ValidationFailed({"note": MODERATION_NOTE.message})
    return note


def _resolve(session: Session, report: Report, actor: User, status: ReportStatus, note: str) -> None:
    report.status, report.note = status, note
    report.resolved_by_id, report.resolved_at = actor.id, utcnow()


def _same_target_open(session: Session, report: Report) -> list[Report]:
    return list(session.scalars(select(Report).where(
        Report.target_type == report.target_type, Report.target_id == report.target_id,
        Report.status == ReportStatus.OPEN, Report.id != report.id,
    )))


def hide_reported(session: Session, *, report_id: int, actor: User, note: str = "") -> Report:
    """Hide what was reported; other open reports about the same thing are settled with it."""
    report = get_report(session, report_id=report_id, actor=actor)
    note = _check_note(note)
    if report.status != ReportStatus.OPEN:
        raise Conflict(_("This report has already been dealt with."))
    target = report_target(session, report.target_type, report.target_id)
    target.hidden = True
    if isinstance(target, Need | Offer):
        # A moderator's decision now: reinstating a suspended poster must not show it again.
        target.hidden_while_suspended = False
    for other in [report, *_same_target_open(session, report)]:
        _resolve(session, other, actor, ReportStatus.HIDDEN, note)
    _audit(session, actor, "content_hidden", report, note)
    session.flush()
    notify(
        session,
        user_id=target_author_id(target),
        kind="content_hidden",
        message=_(
            "Something you posted on Weave has been hidden by a moderator after a concern was reported. "
            "Their note: %(note)s",
            note=note,
        ) if note else _(
            "Something you posted on Weave has been hidden by a moderator after a concern was reported."
        ),
    )
    return report


def restore_reported(session: Session, *, report_id: int, actor: User, note: str = "") -> Report:
    report = get_report(session, report_id=report_id, actor=actor)
    note = _check_note(note)
    if report.status != ReportStatus.HIDDEN:
        raise Conflict(_("Only hidden content can be restored."))
    target = report_target(session, report.target_type, report.target_id)
    target.hidden = False
    _resolve(session, report, actor, ReportStatus.RESTORED, note)
    _audit(session, actor, "content_restored", report, note)
    session.flush()
    return report


def dismiss_report(session: Session, *, report_id: int, actor: User, note: str = "") -> Report:
    report = get_report(session, report_id=report_id, actor=actor)
    note = _check_note(note)
    if report.status != ReportStatus.OPEN:
        raise Conflict(_("This report has already been dealt with."))
    _resolve(session, report, actor, ReportStatus.DISMISSED, note)
    _audit(session, actor, "report_dismissed", report, note)
    session.flush()
    return report
