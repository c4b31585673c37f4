"""Introductions: a connector links two groups the analysis paired, and their coordinators answer.

Sending notifies every active coordinator of both groups with the reason. Each side accepts or declines
for its own group; when both have accepted, the groups become active referral partners, which the next
analysis sees as a tie. Every step writes an audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from community.accounts.access import coordinator_group_ids
from community.db import utcnow
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.i18n import _
from community.limits import TextLimit
from community.models import (
    AuditEntry,
    Group,
    Introduction,
    IntroductionStatus,
    Membership,
    MembershipStatus,
    Partnership,
    PartnershipKind,
    PartnershipStatus,
    User,
)
from community.notifications import Target, notify_many

__all__ = [
    "INTRODUCTION_NOTE",
    "IntroductionSide",
    "answer_introduction",
    "coordinator_ids",
    "get_introduction",
    "introduction_target",
    "list_introductions_for_coordinator",
    "list_sent_introductions",
    "pair_has_link",
    "send_introduction",
    "side_of",
]

MAX_REASON = 1000
# The connector's personal note to both groups.
INTRODUCTION_NOTE = TextLimit(_("The note"), 1000)
# Where the connector who sent an introduction follows it up.
SENT_INTRODUCTIONS = Target("introduction", None, "sent")


def introduction_target(introduction: Introduction) -> Target:
    return Target("introduction", introduction.id)


def coordinator_ids(session: Session, group_id: int) -> list[int]:
    return list(
        session.scalars(
            select(Membership.user_id)
            .where(
                Membership.group_id == group_id,
                Membership.role == "coordinator",
                Membership.status == MembershipStatus.ACTIVE,
            )
            .order_by(Membership.user_id)
        )
    )


def _audit(session: Session, actor: User, action: str, introduction: Introduction, detail: str) -> None:
    session.add(
        AuditEntry(
            actor_id=actor.id, action=action, target_type="introduction", target_id=introduction.id,
            detail=detail,
        )
    )


def _open_group(session: Session, group_id: int, field: str) -> Group:
    group = session.get(Group, group_id)
    if group is None or group.closed_at is not None:
        raise ValidationFailed({field: _("Select a group that is still open")})
    return group


def pair_has_link(session: Session, a_id: int, b_id: int) -> str | None:
    """Why two groups need no introduction: ``"partners"``, ``"pending"`` or ``None``."""
    low, high = sorted((a_id, b_id))
    active = select(Partnership.id).where(
        Partnership.group_a_id == low,
        Partnership.group_b_id == high,
        Partnership.status == PartnershipStatus.ACTIVE,
    )
    if session.scalar(active) is not None:
        return "partners"
    pending = select(Introduction.id).where(
        or_(
            (Introduction.group_a_id == low) & (Introduction.group_b_id == high),
            (Introduction.group_a_id == high) & (Introduction.group_b_id == low),
        ),
        Introduction.status == IntroductionStatus.SENT,
    )
    return "pending" if session.scalar(pending) is not None else None


def send_introduction(
    session: Session,
    *,
    connector: User,
    group_a_id: int,
    group_b_id: int,
    reason: str,
    introducer_user_id: int | None = None,
    analysis_run_id: int | None = None,
    note: str = "",
) -> Introduction:
    """Introduce two groups to each other; both groups' coordinators are told why, and read the
    connector's ``note`` (optional) on the introduction's page."""
    if not connector.is_connector:
        raise PermissionDenied(_("Only council connectors can send introductions"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": _("Enter why these groups should meet")})
    if len(reason) > MAX_REASON:
        raise ValidationFailed({"reason": _(
            "The reason must be %(max)s characters or fewer",
            max=MAX_REASON,
        )})
    note = (note or "").strip()
    if INTRODUCTION_NOTE.exceeded_by(note):
        raise ValidationFailed({"note": INTRODUCTION_NOTE.message})
    if group_a_id == group_b_id:
        raise ValidationFailed({"group_b_id": _("Select two different groups")})
    low, high = sorted((group_a_id, group_b_id))
    group_a = _open_group(session, low, "group_a_id")
    group_b = _open_group(session, high, "group_b_id")
    existing = pair_has_link(session, low, high)
    if existing == "partners":
        raise Conflict(_(
            "%(a)s and %(b)s are already partners",
            a=group_a.name, b=group_b.name,
        ))
    if existing == "pending":
        raise Conflict(_(
            "%(a)s and %(b)s have already been introduced and not yet answered",
            a=group_a.name, b=group_b.name,
        ))
    if introducer_user_id is not None and session.get(User, introducer_user_id) is None:
        introducer_user_id = None
    introduction = Introduction(
        group_a_id=low, group_b_id=high, reason=reason, note=note, introducer_user_id=introducer_user_id,
        sent_by_id=connector.id, analysis_run_id=analysis_run_id, status=IntroductionStatus.SENT,
    )
    session.add(introduction)
    session.flush()
    for group, other in ((group_a, group_b), (group_b, group_a)):
        notify_many(
            session,
            user_ids=coordinator_ids(session, group.id),
            kind="introduction",
            message=_(
                "A council connector has introduced %(group)s to %(other)s: %(reason)s",
                group=group.name, other=other.name, reason=reason,
            ),
            target=introduction_target(introduction),
        )
    _audit(session, connector, "introduction_sent", introduction, f"groups {low} and {high}")
    session.flush()
    return introduction


def get_introduction(session: Session, introduction_id: int) -> Introduction:
    introduction = session.get(Introduction, introduction_id)
    if introduction is None:
        raise NotFound(_("Introduction not found"))
    return introduction


@dataclass(frozen=True)
class IntroductionSide:
    """One group's side of an introduction, as its coordinator sees it."""

    introduction: Introduction
    group: Group
    other: Group
    accepted_at: object
    other_accepted_at: object

    @property
    def waiting_for_us(self) -> bool:
        return self.introduction.status == IntroductionStatus.SENT and self.accepted_at is None


def side_of(session: Session, introduction: Introduction, user: User) -> IntroductionSide:
    """The side ``user`` coordinates (the first, if both); PermissionDenied if neither."""
    mine = set(coordinator_group_ids(session, user.id))
    if introduction.group_a_id in mine:
        return IntroductionSide(
            introduction, introduction.group_a, introduction.group_b,
            introduction.a_accepted_at, introduction.b_accepted_at,
        )
    if introduction.group_b_id in mine:
        return IntroductionSide(
            introduction, introduction.group_b, introduction.group_a,
            introduction.b_accepted_at, introduction.a_accepted_at,
        )
    raise PermissionDenied(_("Only the coordinators of these groups can see this introduction"))


def list_introductions_for_coordinator(session: Session, *, user: User) -> list[IntroductionSide]:
    mine = coordinator_group_ids(session, user.id)
    if not mine:
        return []
    introductions = session.scalars(
        select(Introduction)
        .where(or_(Introduction.group_a_id.in_(mine), Introduction.group_b_id.in_(mine)))
        .order_by(Introduction.created_at.desc(), Introduction.id.desc())
    )
    return [side_of(session, introduction, user) for introduction in introductions]


def list_sent_introductions(session: Session, *, limit: int = 50) -> list[Introduction]:
    return list(
        session.scalars(
            select(Introduction).order_by(Introduction.created_at.desc(), Introduction.id.desc()).limit(limit)
        )
    )


def answer_introduction(
    session: Session, *, introduction_id: int, actor: User, group_id: int, accept: bool
) -> Introduction:
    """Accept or decline for ``group_id``; both sides accepting makes the groups referral partners."""
    introduction = session.get(Introduction, introduction_id, with_for_update=True)
    if introduction is None:
        raise NotFound(_("Introduction not found"))
    if group_id not in (introduction.group_a_id, introduction.group_b_id):
        raise NotFound(_("Introduction not found"))
    if group_id not in coordinator_group_ids(session, actor.id):
        raise PermissionDenied(_("Only a coordinator of this group can answer for it"))
    if introduction.status != IntroductionStatus.SENT:
        raise Conflict(_("This introduction has already been %(status)s", status=introduction.status))
    now = utcnow()
    side_a = group_id == introduction.group_a_id
    group = introduction.group_a if side_a else introduction.group_b
    other = introduction.group_b if side_a else introduction.group_a
    if not accept:
        introduction.status, introduction.decided_at = IntroductionStatus.DECLINED, now
        _tell_everyone(session, introduction, _(
            "%(group)s declined the introduction to %(other)s.",
            group=group.name, other=other.name,
        ))
        _audit(session, actor, "introduction_declined", introduction, f"for group {group_id}")
        session.flush()
        return introduction
    if side_a:
        introduction.a_accepted_at = introduction.a_accepted_at or now
    else:
        introduction.b_accepted_at = introduction.b_accepted_at or now
    _audit(session, actor, "introduction_accepted", introduction, f"for group {group_id}")
    if introduction.a_accepted_at and introduction.b_accepted_at:
        introduction.status, introduction.decided_at = IntroductionStatus.ACCEPTED, now
        _become_partners(session, introduction, now)
        _tell_everyone(
            session, introduction,
            _(
                "%(a)s and %(b)s are now referral partners.",
                a=introduction.group_a.name, b=introduction.group_b.name,
            ),
        )
    else:
        notify_many(
            session, user_ids=coordinator_ids(session, other.id), kind="introduction",
            message=_(
                "%(group)s accepted the introduction to %(other)s. It is your turn to answer.",
                group=group.name, other=other.name,
            ),
            target=introduction_target(introduction),
        )
    session.flush()
    return introduction


def _become_partners(session: Session, introduction: Introduction, now: datetime) -> Partnership:
    partnership = session.scalar(
        select(Partnership).where(
            Partnership.group_a_id == introduction.group_a_id,
            Partnership.group_b_id == introduction.group_b_id,
        )
    )
    if partnership is None:
        partnership = Partnership(
            group_a_id=introduction.group_a_id, group_b_id=introduction.group_b_id,
            kind=PartnershipKind.REFERRAL,
        )
        session.add(partnership)
    partnership.status, partnership.accepted_at, partnership.ended_at = PartnershipStatus.ACTIVE, now, None
    partnership.note = _("Introduced by a council connector")
    session.flush()
    return partnership


def _tell_everyone(session: Session, introduction: Introduction, message: str) -> None:
    people = [
        *coordinator_ids(session, introduction.group_a_id),
        *coordinator_ids(session, introduction.group_b_id),
    ]
    notify_many(
        session, user_ids=people, kind="introduction", message=message,
        target=introduction_target(introduction),
    )
    if introduction.sent_by_id is not None and introduction.sent_by_id not in people:
        notify_many(
            session, user_ids=[introduction.sent_by_id], kind="introduction", message=message,
            target=SENT_INTRODUCTIONS,
        )
