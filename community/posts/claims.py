"""The claim rules that residents and groups share: one need, one accepted helper, whatever the race.

A need is claimed by one conditional UPDATE (``status = 'open'`` → ``'in_progress'``): whichever transaction
changes the row wins and every other one sees zero rows changed and gets ``Conflict``. A partial unique
index on responses (one accepted or completed response per need) backs this up in the database itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from community.accounts.access import has_valid_dbs, is_active_member, is_coordinator
from community.db import rowcount, utcnow
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.i18n import _
from community.limits import TextLimit
from community.models import Category, Need, NeedStatus, Response, ResponseStatus, User
from community.notifications import Target, notify, notify_many
from community.posts.disclosure import poster_disclosure
from community.posts.needs import get_need
from community.posts.visibility import can_manage_need, can_view_need

__all__ = [
    "offer_help",
    "accept_response",
    "decline_response",
    "withdraw_response",
    "take_on_need",
    "reassign_need",
    "mark_need_met",
    "mark_need_not_met",
    "withdraw_need",
    "get_response",
    "dbs_rule",
    "DbsRule",
    "ALREADY_TAKEN",
    "DBS_REQUIRED",
    "RESPONSE_MESSAGE",
    "NOT_MET_REASON",
]

# A helper's "I can help" message, and why a need could not be met.
RESPONSE_MESSAGE, NOT_MET_REASON = TextLimit(_("Message"), 2000), TextLimit(_("Reason"), 255)

ALREADY_TAKEN = _("Someone else has already been accepted to help with this need.")
DBS_REQUIRED = (
    _("This kind of help is regulated activity: only a volunteer with a current DBS check can take it on.")
)


def get_response(session: Session, response_id: int) -> Response:
    response = session.get(Response, response_id)
    if response is None:
        raise NotFound(_("Response not found"))
    return response


def _link(need: Need) -> Target:
    return Target("need", need.id)


def _requires_dbs(session: Session, need: Need) -> bool:
    category = session.get(Category, need.category_id)
    return bool(category and category.regulated)


@dataclass(frozen=True, slots=True)
class DbsRule:
    """The DBS rule as it stands for one person and one need, to show before they offer to help."""

    # The need's kind of help is regulated activity: only someone with a current DBS check may help.
    applies: bool
    # The person has a current DBS check (with any group).
    met: bool

    @property
    def stops_them(self) -> bool:
        return self.applies and not self.met


def dbs_rule(session: Session, *, need: Need, helper: User) -> DbsRule:
    """Whether the DBS rule applies to ``need`` and whether ``helper`` meets it: the same rule
    ``offer_help`` enforces, told before they write anything."""
    applies = _requires_dbs(session, need)
    return DbsRule(applies=applies, met=applies and has_valid_dbs(session, helper.id))


def _check_dbs(session: Session, need: Need, helper_id: int) -> None:
    if _requires_dbs(session, need) and not has_valid_dbs(session, helper_id):
        raise PermissionDenied(DBS_REQUIRED)


def _claim(session: Session, need: Need) -> None:
    """Move the need from open to in progress, or fail if anyone else got there first."""
    now = utcnow()
    result = session.execute(
        update(Need)
        .where(Need.id == need.id, Need.status == NeedStatus.OPEN)
        .values(status=NeedStatus.IN_PROGRESS, accepted_at=now)
        .execution_options(synchronize_session=False)
    )
    if rowcount(result) != 1:
        session.refresh(need)
        taken = need.status == NeedStatus.IN_PROGRESS
        raise Conflict(ALREADY_TAKEN if taken else _("This need is no longer open."))
    session.refresh(need)


def _flush_claim(session: Session) -> None:
    try:
        session.flush()
    except IntegrityError as error:
        # The partial unique index caught a race the UPDATE did not (it should never get here).
        raise Conflict(ALREADY_TAKEN) from error


def offer_help(
    session: Session, *, need_id: int, helper: User, message: str, group_id: int | None = None
) -> Response:
    """Say "I can help" with a message. The poster is told and can accept one response."""
    need = get_need(session, need_id)
    if not can_view_need(session, helper, need):
        raise NotFound(_("Need not found"))
    if helper.id in (need.posted_by_id, need.requester_id):
        raise ValidationFailed({"message": _("You cannot offer help with your own request")})
    if need.status != NeedStatus.OPEN:
        raise Conflict(_("This need is no longer looking for help."))
    message = (message or "").strip()
    if not message:
        raise ValidationFailed({"message": _("Enter a message saying how you can help")})
    if RESPONSE_MESSAGE.exceeded_by(message):
        raise ValidationFailed({"message": RESPONSE_MESSAGE.message})
    if group_id is not None and not is_active_member(session, helper.id, group_id):
        raise PermissionDenied(_("You can only offer help for a group you are an active member of."))
    _check_dbs(session, need, helper.id)
    existing = session.scalar(
        select(Response).where(Response.need_id == need.id, Response.helper_id == helper.id)
    )
    if existing is not None and existing.status in (
        ResponseStatus.OFFERED, ResponseStatus.ACCEPTED, ResponseStatus.COMPLETED
    ):
        raise Conflict(_("You have already offered to help with this need."))
    now = utcnow()
    if existing is not None:
        existing.status, existing.message, existing.created_at = ResponseStatus.OFFERED, message, now
        existing.group_id, existing.decided_at = group_id, None
        response = existing
    else:
        response = Response(need_id=need.id, helper_id=helper.id, group_id=group_id, message=message)
        session.add(response)
    if need.first_response_at is None:
        need.first_response_at = now
    session.flush()
    if not poster_disclosure(session, need).helpers:
        # A poster who may not see who helps cannot choose a helper: the first offer takes it on.
        return _take_on_at_once(session, need, response)
    notify(
        session,
        user_id=need.posted_by_id,
        kind="response_received",
        message=_(
            "%(name)s offered to help with “%(title)s”.",
            name=helper.display_name, title=need.title,
        ),
        target=_link(need),
    )
    return response


def _take_on_at_once(session: Session, need: Need, response: Response) -> Response:
    """An offer that is its own acceptance (``community.posts.disclosure``): the poster hears that it was
    taken on, not by whom."""
    _accept(session, need, response, _(
        "You have taken on “%(title)s”. You can now see their contact details.",
        title=need.title,
    ))
    notify(
        session,
        user_id=need.posted_by_id,
        kind="need_taken_on",
        message=_("A volunteer has taken on “%(title)s” and will be in touch.", title=need.title),
        target=_link(need),
    )
    return response


def accept_response(session: Session, *, response_id: int, actor: User) -> Response:
    """The poster accepts one response: the need goes in progress and contact details are shared."""
    response = get_response(session, response_id)
    need = get_need(session, response.need_id)
    if not can_manage_need(session, actor, need):
        raise PermissionDenied(_("Only the person who asked for help can accept an offer."))
    if response.status != ResponseStatus.OFFERED:
        raise Conflict(_("This offer of help is no longer open."))
    _accept(session, need, response, _(
        "Your offer to help with “%(title)s” was accepted. You can now see their contact details.",
        title=need.title,
    ))
    return response


def _accept(session: Session, need: Need, response: Response, message: str) -> None:
    """Claim the need for this offer, turn the other offers down and tell the helper ``message``."""
    _check_dbs(session, need, response.helper_id)
    _claim(session, need)
    now = utcnow()
    response.status, response.decided_at = ResponseStatus.ACCEPTED, now
    need.assigned_to_id = response.helper_id
    if response.group_id is not None:
        need.group_id = response.group_id
    _flush_claim(session)
    _tell_others_it_is_taken(session, need, response)
    notify(session, user_id=response.helper_id, kind="response_accepted", message=message, target=_link(need))


def _tell_others_it_is_taken(session: Session, need: Need, accepted: Response) -> None:
    others = session.scalars(
        select(Response).where(
            Response.need_id == need.id, Response.id != accepted.id, Response.status == ResponseStatus.OFFERED
        )
    ).all()
    now = utcnow()
    for other in others:
        other.status, other.decided_at = ResponseStatus.DECLINED, now
    session.flush()
    notify_many(
        session,
        user_ids=[o.helper_id for o in others],
        kind="need_taken",
        message=_("Thank you: someone else is now helping with “%(title)s”.", title=need.title),
        target=_link(need),
    )


def decline_response(session: Session, *, response_id: int, actor: User) -> Response:
    response = get_response(session, response_id)
    need = get_need(session, response.need_id)
    if not can_manage_need(session, actor, need):
        raise PermissionDenied(_("Only the person who asked for help can decline an offer."))
    if response.status != ResponseStatus.OFFERED:
        raise Conflict(_("This offer of help is no longer open."))
    response.status, response.decided_at = ResponseStatus.DECLINED, utcnow()
    session.flush()
    notify(
        session,
        user_id=response.helper_id,
        kind="response_declined",
        message=_(
            "Your offer to help with “%(title)s” was not taken up this time. Thank you.",
            title=need.title,
        ),
        target=_link(need),
    )
    return response


def withdraw_response(session: Session, *, response_id: int, actor: User) -> Response:
    """A helper steps back. If they had been accepted, the need is open again for others."""
    response = get_response(session, response_id)
    if response.helper_id != actor.id:
        raise PermissionDenied(_("You can only withdraw your own offer of help."))
    if response.status not in (ResponseStatus.OFFERED, ResponseStatus.ACCEPTED):
        raise Conflict(_("This offer of help can no longer be withdrawn."))
    need = get_need(session, response.need_id)
    was_accepted = response.status == ResponseStatus.ACCEPTED
    response.status, response.decided_at = ResponseStatus.WITHDRAWN, utcnow()
    if was_accepted and need.status == NeedStatus.IN_PROGRESS:
        need.status, need.accepted_at, need.assigned_to_id = NeedStatus.OPEN, None, None
    session.flush()
    notify(
        session,
        user_id=need.posted_by_id,
        kind="response_withdrawn",
        message=(
            _("%(name)s can no longer help with “%(title)s”.", name=actor.display_name, title=need.title)
            if poster_disclosure(session, need).helpers
            else _("The volunteer who took on “%(title)s” can no longer help.", title=need.title)
        )
        + (_(" It is open for others again.") if was_accepted else ""),
        target=_link(need),
    )
    return response


def take_on_need(session: Session, *, need_id: int, group_id: int, assignee_id: int, actor: User) -> Response:
    """A coordinator takes a need on for their group and assigns it to a member (who is notified)."""
    if not is_coordinator(session, actor.id, group_id):
        raise PermissionDenied(_("Only a coordinator of this group can take needs on for it."))
    need = get_need(session, need_id)
    if not can_view_need(session, actor, need):
        raise NotFound(_("Need not found"))
    if not is_active_member(session, assignee_id, group_id):
        raise ValidationFailed({"assignee": _("Choose an active member of your group")})
    if assignee_id in (need.posted_by_id, need.requester_id):
        raise ValidationFailed({"assignee": _("Choose someone other than the person who needs help")})
    _check_dbs(session, need, assignee_id)
    _claim(session, need)
    response = _accepted_response_for(session, need, assignee_id, group_id, _("Taken on by the group."))
    need.group_id, need.assigned_to_id = group_id, assignee_id
    _flush_claim(session)
    _tell_others_it_is_taken(session, need, response)
    _tell_assignee(session, need, assignee_id)
    if need.posted_by_id != actor.id:
        notify(
            session,
            user_id=need.posted_by_id,
            kind="need_taken_on",
            message=_("A local group has taken on “%(title)s” and will be in touch.", title=need.title),
            target=_link(need),
        )
    return response


def _accepted_response_for(
    session: Session, need: Need, helper_id: int, group_id: int | None, message: str
) -> Response:
    now = utcnow()
    response = session.scalar(
        select(Response).where(Response.need_id == need.id, Response.helper_id == helper_id)
    )
    if response is None:
        response = Response(need_id=need.id, helper_id=helper_id, message=message)
        session.add(response)
    response.status, response.decided_at, response.group_id = ResponseStatus.ACCEPTED, now, group_id
    return response


def _tell_assignee(session: Session, need: Need, assignee_id: int) -> None:
    notify(
        session,
        user_id=assignee_id,
        kind="need_assigned",
        message=_(
            "You have been asked to help with “%(title)s”. Their contact details are now on the need.",
            title=need.title,
        ),
        target=_link(need),
    )


def reassign_need(session: Session, *, need_id: int, assignee_id: int, actor: User) -> Response:
    need = get_need(session, need_id, for_update=True)
    if need.group_id is None or not is_coordinator(session, actor.id, need.group_id):
        raise PermissionDenied(_("Only a coordinator of the group that took this need on can reassign it."))
    if need.status != NeedStatus.IN_PROGRESS:
        raise Conflict(_("Only a need in progress can be reassigned."))
    if not is_active_member(session, assignee_id, need.group_id):
        raise ValidationFailed({"assignee": _("Choose an active member of your group")})
    if assignee_id == need.assigned_to_id:
        raise ValidationFailed({"assignee": _("This need is already assigned to that person")})
    _check_dbs(session, need, assignee_id)
    current = session.scalars(
        select(Response).where(Response.need_id == need.id, Response.status == ResponseStatus.ACCEPTED)
    ).all()
    for old in current:
        old.status, old.decided_at = ResponseStatus.WITHDRAWN, utcnow()
    session.flush()  # the old acceptance must be gone before the unique index sees the new one
    response = _accepted_response_for(session, need, assignee_id, need.group_id, _(
        "Reassigned by the group.",
    ))
    need.assigned_to_id = assignee_id
    _flush_claim(session)
    _tell_assignee(session, need, assignee_id)
    return response


def _close(session: Session, need: Need, actor: User) -> None:
    if not can_manage_need(session, actor, need):
        raise PermissionDenied(_("Only the person who asked for help, or the group helping, can close this."))
    if need.status not in (NeedStatus.OPEN, NeedStatus.IN_PROGRESS):
        raise Conflict(_("This need is already closed."))


def mark_need_met(session: Session, *, need_id: int, actor: User) -> Need:
    need = get_need(session, need_id)
    _close(session, need, actor)
    now = utcnow()
    need.status, need.met_at, need.closed_at = NeedStatus.MET, now, now
    accepted = session.scalars(
        select(Response).where(Response.need_id == need.id, Response.status == ResponseStatus.ACCEPTED)
    ).all()
    for response in accepted:
        response.status, response.completed_at = ResponseStatus.COMPLETED, now
    session.flush()
    notify_many(
        session,
        user_ids=[r.helper_id for r in accepted if r.helper_id != actor.id],
        kind="need_met",
        message=_("“%(title)s” has been marked as met. Thank you for helping.", title=need.title),
        target=_link(need),
    )
    return need


def mark_need_not_met(session: Session, *, need_id: int, actor: User, reason: str) -> Need:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": _("Enter why the need was not met")})
    if NOT_MET_REASON.exceeded_by(reason):
        raise ValidationFailed({"reason": NOT_MET_REASON.message})
    need = get_need(session, need_id)
    _close(session, need, actor)
    need.status, need.unmet_reason, need.closed_at = NeedStatus.CLOSED_UNMET, reason, utcnow()
    _end_open_responses(session, need, "need_closed", _(
        "“%(title)s” was closed without being met.",
        title=need.title,
    ))
    return need


def withdraw_need(session: Session, *, need_id: int, actor: User) -> Need:
    need = get_need(session, need_id)
    if actor.id not in (need.posted_by_id, need.requester_id):
        raise PermissionDenied(_("Only the person who asked for help can withdraw it."))
    if need.status not in (NeedStatus.OPEN, NeedStatus.IN_PROGRESS):
        raise Conflict(_("This need is already closed."))
    need.status, need.closed_at = NeedStatus.WITHDRAWN, utcnow()
    _end_open_responses(session, need, "need_withdrawn", _(
        "“%(title)s” is no longer needed. Thank you.",
        title=need.title,
    ))
    return need


def _end_open_responses(session: Session, need: Need, kind: str, message: str) -> None:
    responses = session.scalars(
        select(Response).where(
            Response.need_id == need.id,
            Response.status.in_((ResponseStatus.OFFERED, ResponseStatus.ACCEPTED)),
        )
    ).all()
    now = utcnow()
    for response in responses:
        response.status, response.decided_at = ResponseStatus.WITHDRAWN, now
    session.flush()
    notify_many(
        session, user_ids=[r.helper_id for r in responses], kind=kind, message=message, target=_link(need)
    )
