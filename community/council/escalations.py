"""Escalation out: a coordinator or an accepted helper hands a need to the council.

"Beyond what we can do" goes to the team the routing rules name for the kind of help and ward;
a safeguarding concern goes, flagged urgent, to the team marked for safeguarding. The team's queue
acknowledges, assigns to one of its officers, transfers to another team (every step kept as history, so
departments see where a case has been) and resolves with an outcome. The person who escalated hears the
outcome, never the case notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from community.accounts.access import is_accepted_helper, is_coordinator
from community.council.teams import (
    is_officer_of,
    officer_team_ids,
    require_officer_of,
    route_team,
    safeguarding_team,
)
from community.db import utcnow
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.i18n import _
from community.limits import TextLimit
from community.models import (
    CouncilTeam,
    DeliveryKind,
    DeliveryStatus,
    Escalation,
    EscalationEvent,
    EscalationKind,
    EscalationOutcome,
    EscalationStatus,
    Need,
    User,
    team_officers,
)
from community.models.types import values_of
from community.notifications import Target, notify, notify_many
from community.pagination import Page, paginate
from community.posts.needs import get_need

__all__ = [
    "ESCALATION_SUMMARY",
    "OUTCOME_NOTE",
    "TRANSFER_NOTE",
    "KIND_LABELS",
    "OUTCOME_LABELS",
    "EscalationPage",
    "QueueItem",
    "acknowledge_escalation",
    "assign_escalation",
    "escalation_history",
    "get_escalation",
    "list_my_escalations",
    "list_team_queue",
    "may_escalate",
    "queue_item",
    "raise_escalation",
    "resolve_escalation",
    "transfer_escalation",
]

ESCALATION_SUMMARY = TextLimit(_("What the council needs to know"), 2000)
OUTCOME_NOTE = TextLimit(_("The outcome's notes"), 2000)
TRANSFER_NOTE = TextLimit(_("Why it is going to another team"), 500)
KIND_LABELS = {
    EscalationKind.BEYOND: _("Beyond what the community can do"),
    EscalationKind.SAFEGUARDING: _("Safeguarding concern"),
}
OUTCOME_LABELS = {
    EscalationOutcome.SERVICE_PROVIDED: _("The council is providing a service"),
    EscalationOutcome.REFERRED_ON: _("Referred on to another organisation"),
    EscalationOutcome.NO_ACTION_NEEDED: _("No council action was needed"),
    EscalationOutcome.COULD_NOT_CONTACT: _("The council could not make contact"),
}
OUTCOMES = values_of(EscalationOutcome)
KINDS = values_of(EscalationKind)


def may_escalate(session: Session, user: User | None, need: Need) -> bool:
    """A coordinator of a group on the need, or the helper it was accepted from."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    groups = {need.group_id, need.on_behalf_group_id, need.referred_to_group_id} - {None}
    if any(is_coordinator(session, user.id, gid) for gid in groups if gid is not None):
        return True
    return is_accepted_helper(session, user.id, need.id)


def _event(
    session: Session,
    escalation: Escalation,
    action: str,
    actor: User | None,
    *,
    from_team: int | None = None,
    to_team: int | None = None,
    note: str = "",
    now: datetime | None = None,
) -> None:
    session.add(
        EscalationEvent(
            escalation_id=escalation.id,
            action=action,
            actor_id=actor.id if actor is not None else None,
            from_team_id=from_team,
            to_team_id=to_team,
            note=note,
            at=now or utcnow(),
        )
    )


def _tell_team(session: Session, escalation: Escalation, team: CouncilTeam) -> None:
    officers = list(
        session.scalars(select(team_officers.c.user_id).where(team_officers.c.team_id == team.id))
    )
    if escalation.kind == EscalationKind.SAFEGUARDING:
        message = _("An urgent safeguarding concern is in the %(team)s queue.", team=team.name)
    else:
        message = _("A need has been escalated to the %(team)s queue.", team=team.name)
    notify_many(
        session,
        user_ids=officers,
        kind="escalation_received",
        message=message,
        target=Target("escalation", escalation.id),
    )


def _queue_delivery(escalation: Escalation, team: CouncilTeam, now: datetime) -> None:
    if team.delivery_kind == DeliveryKind.NONE:
        escalation.delivery_status, escalation.next_delivery_at = DeliveryStatus.NOT_NEEDED, None
    else:
        escalation.delivery_status, escalation.next_delivery_at = DeliveryStatus.PENDING, now
        escalation.delivery_attempts, escalation.external_id = 0, None


def raise_escalation(
    session: Session,
    *,
    actor: User,
    need_id: int,
    kind: str | None,
    summary: str,
    now: datetime | None = None,
) -> Escalation:
    now = now or utcnow()
    need = get_need(session, need_id)
    if not may_escalate(session, actor, need):
        raise PermissionDenied(
            _("Only a coordinator of a group on this need, or its helper, can escalate it.")
        )
    errors: dict[str, str] = {}
    if kind not in KINDS:
        errors["kind"] = _("Select what kind of escalation this is")
    summary = (summary or "").strip()
    if not summary:
        errors["summary"] = _("Enter what the council needs to know")
    elif ESCALATION_SUMMARY.exceeded_by(summary):
        errors["summary"] = ESCALATION_SUMMARY.message
    if errors:
        raise ValidationFailed(errors)
    safeguarding = kind == EscalationKind.SAFEGUARDING
    team = (
        safeguarding_team(session)
        if safeguarding
        else route_team(session, category_id=need.category_id, area_id=need.area_id)
    )
    escalation = Escalation(
        need_id=need.id,
        team_id=team.id,
        kind=EscalationKind(str(kind)),
        urgent=safeguarding,
        raised_by_id=actor.id,
        summary=summary,
        status=EscalationStatus.OPEN,
        category_id=need.category_id,
        area_id=need.area_id,
        created_at=now,
        routed_at=now,
    )
    _queue_delivery(escalation, team, now)
    session.add(escalation)
    session.flush()
    _event(session, escalation, "raised", actor, to_team=team.id, now=now)
    _tell_team(session, escalation, team)
    session.flush()
    return escalation


@dataclass(frozen=True, slots=True)
class QueueItem:
    escalation: Escalation
    overdue: bool
    # Hours waited for acknowledgement: so far (open) or in all (acknowledged).
    hours_to_acknowledge: float
    target_hours: int

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.escalation.kind]

    @property
    def outcome_label(self) -> str | None:
        outcome = self.escalation.outcome
        return OUTCOME_LABELS[outcome] if outcome is not None else None


def queue_item(escalation: Escalation, *, now: datetime | None = None) -> QueueItem:
    now = now or utcnow()
    target = escalation.team.acknowledge_hours
    until = escalation.acknowledged_at or escalation.resolved_at or now
    waited = max(0.0, (until - escalation.routed_at).total_seconds() / 3600)
    overdue = escalation.status == EscalationStatus.OPEN and waited > target
    return QueueItem(escalation, overdue, round(waited, 1), target)


class EscalationPage(Page[QueueItem]):
    pass


def list_team_queue(
    session: Session,
    *,
    actor: User,
    team_id: int,
    resolved: bool = False,
    page: int = 1,
    per_page: int = 25,
    now: datetime | None = None,
) -> EscalationPage:
    """The team's escalations: still to deal with (urgent first, then oldest), or resolved (newest first)."""
    require_officer_of(session, actor, team_id)
    query = select(Escalation).where(Escalation.team_id == team_id)
    if resolved:
        query = query.where(Escalation.status == EscalationStatus.RESOLVED).order_by(
            Escalation.resolved_at.desc(), Escalation.id.desc()
        )
    else:
        query = query.where(Escalation.status != EscalationStatus.RESOLVED).order_by(
            Escalation.urgent.desc(),
            case((Escalation.status == EscalationStatus.OPEN, 0), else_=1),
            Escalation.routed_at,
            Escalation.id,
        )
    found: Page[Escalation] = paginate(session, query, page=page, per_page=per_page, clamp=True)
    return EscalationPage(
        items=[queue_item(e, now=now) for e in found.items],
        total=found.total,
        page=found.page,
        per_page=found.per_page,
    )


def get_escalation(session: Session, *, actor: User, escalation_id: int) -> Escalation:
    """An escalation, for an officer of the team that has it now; anyone else is told it does not exist."""
    escalation = session.get(Escalation, escalation_id)
    if escalation is None or escalation.team_id not in officer_team_ids(session, actor):
        raise NotFound(_("Escalation not found"))
    return escalation


def escalation_history(session: Session, *, actor: User, escalation_id: int) -> list[EscalationEvent]:
    escalation = get_escalation(session, actor=actor, escalation_id=escalation_id)
    return list(
        session.scalars(
            select(EscalationEvent)
            .where(EscalationEvent.escalation_id == escalation.id)
            .order_by(EscalationEvent.at, EscalationEvent.id)
        )
    )


def _unresolved(session: Session, actor: User, escalation_id: int) -> Escalation:
    escalation = get_escalation(session, actor=actor, escalation_id=escalation_id)
    if escalation.status == EscalationStatus.RESOLVED:
        raise Conflict(_("This escalation has been resolved."))
    return escalation


def acknowledge_escalation(
    session: Session, *, actor: User, escalation_id: int, now: datetime | None = None
) -> Escalation:
    now = now or utcnow()
    escalation = _unresolved(session, actor, escalation_id)
    if escalation.status == EscalationStatus.ACKNOWLEDGED:
        raise Conflict(_("This escalation has already been acknowledged."))
    escalation.status, escalation.acknowledged_at = EscalationStatus.ACKNOWLEDGED, now
    _event(session, escalation, "acknowledged", actor, now=now)
    session.flush()
    return escalation


def assign_escalation(
    session: Session, *, actor: User, escalation_id: int, officer_id: int | None, now: datetime | None = None
) -> Escalation:
    now = now or utcnow()
    escalation = _unresolved(session, actor, escalation_id)
    officer = session.get(User, officer_id) if officer_id else None
    if officer is None or not is_officer_of(session, officer, escalation.team_id):
        raise ValidationFailed({"officer_id": _("Select an officer in this team")})
    if escalation.status == EscalationStatus.OPEN:  # assigning it is acknowledging it
        escalation.status, escalation.acknowledged_at = EscalationStatus.ACKNOWLEDGED, now
        _event(session, escalation, "acknowledged", actor, now=now)
    escalation.assigned_to_id = officer.id
    _event(session, escalation, "assigned", actor, note=officer.display_name, now=now)
    session.flush()
    return escalation


def transfer_escalation(
    session: Session,
    *,
    actor: User,
    escalation_id: int,
    team_id: int | None,
    note: str,
    now: datetime | None = None,
) -> Escalation:
    """Hand the escalation to another team: it joins their queue, unacknowledged, and the move is kept."""
    now = now or utcnow()
    escalation = _unresolved(session, actor, escalation_id)
    team = session.get(CouncilTeam, team_id) if team_id else None
    errors: dict[str, str] = {}
    if team is None or team.id == escalation.team_id:
        errors["team_id"] = _("Select another team")
    note = (note or "").strip()
    if not note:
        errors["note"] = _("Enter why it is going to another team")
    elif TRANSFER_NOTE.exceeded_by(note):
        errors["note"] = TRANSFER_NOTE.message
    if errors:
        raise ValidationFailed(errors)
    assert team is not None
    _event(
        session,
        escalation,
        "transferred",
        actor,
        from_team=escalation.team_id,
        to_team=team.id,
        note=note,
        now=now,
    )
    escalation.team_id, escalation.status = team.id, EscalationStatus.OPEN
    escalation.acknowledged_at, escalation.assigned_to_id, escalation.routed_at = None, None, now
    _queue_delivery(escalation, team, now)
    session.flush()
    session.refresh(escalation, ["team"])
    _tell_team(session, escalation, team)
    return escalation


def resolve_escalation(
    session: Session,
    *,
    actor: User,
    escalation_id: int,
    outcome: str | None,
    note: str,
    now: datetime | None = None,
) -> Escalation:
    """Close it with an outcome; the person who escalated is told the outcome, not the notes."""
    now = now or utcnow()
    escalation = _unresolved(session, actor, escalation_id)
    errors: dict[str, str] = {}
    if outcome not in OUTCOMES:
        errors["outcome"] = _("Select the outcome")
    note = (note or "").strip()
    if OUTCOME_NOTE.exceeded_by(note):
        errors["note"] = OUTCOME_NOTE.message
    if errors:
        raise ValidationFailed(errors)
    if escalation.acknowledged_at is None:
        escalation.acknowledged_at = now
    escalation.status, escalation.resolved_at = EscalationStatus.RESOLVED, now
    escalation.outcome, escalation.outcome_note = EscalationOutcome(str(outcome)), note or None
    label = OUTCOME_LABELS[EscalationOutcome(str(outcome))]
    _event(session, escalation, "resolved", actor, note=label, now=now)
    session.flush()
    if escalation.raised_by_id is not None:
        notify(
            session,
            user_id=escalation.raised_by_id,
            kind="escalation_resolved",
            message=_(
                "The council has responded to something you escalated: %(outcome)s.",
                outcome=OUTCOME_LABELS[EscalationOutcome(str(outcome))],
            ),
            target=Target("need", escalation.need_id) if escalation.need_id is not None else None,
        )
    return escalation


def list_my_escalations(
    session: Session, *, actor: User, page: int = 1, per_page: int = 25
) -> EscalationPage:
    """What the person escalated, its status and outcome (never the team's notes)."""
    query = (
        select(Escalation)
        .where(Escalation.raised_by_id == actor.id)
        .order_by(Escalation.created_at.desc(), Escalation.id.desc())
    )
    found: Page[Escalation] = paginate(session, query, page=page, per_page=per_page, clamp=True)
    return EscalationPage(
        items=[queue_item(e) for e in found.items],
        total=found.total,
        page=found.page,
        per_page=found.per_page,
    )
