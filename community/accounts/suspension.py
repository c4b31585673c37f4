"""Administrators suspend and reinstate accounts, with a reason kept and the step audited.

A suspended account is not active (``User.is_active``): every session it had ends at once and nobody can
sign in to it. Its open needs and offers are hidden from everyone but connectors (who moderate), marked
``hidden_while_suspended`` so that reinstating shows exactly those again and never undoes a moderator's
decision. "Its" needs are those it asked for, and those it posted for someone without an account.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, update
from sqlalchemy.orm import Session

from community.accounts.roles import record_user_audit, require_admin
from community.accounts.users import end_sessions
from community.db import rowcount, utcnow
from community.errors import Conflict, PermissionDenied, ValidationFailed
from community.i18n import _
from community.models import Need, Offer, OfferStatus, User
from community.models.posts import NEED_OPEN_STATUSES

__all__ = ["SUSPENSION_REASON_MAX", "suspend_user", "reinstate_user"]

SUSPENSION_REASON_MAX = 500


def _needs_of(user: User) -> ColumnElement[bool]:
    return or_(Need.requester_id == user.id, and_(Need.requester_id.is_(None), Need.posted_by_id == user.id))


def suspend_user(
    session: Session, *, actor: User, user: User, reason: str, now: datetime | None = None
) -> int:
    """Suspend ``user`` for ``reason``; returns how many of their open posts were hidden."""
    require_admin(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": _("Enter why the account is being suspended")})
    if len(reason) > SUSPENSION_REASON_MAX:
        raise ValidationFailed({"reason": _("The reason must be %(max)s characters or fewer",
                                            max=SUSPENSION_REASON_MAX)})
    if user.id == actor.id:
        raise PermissionDenied(_("You cannot suspend your own account"))
    if user.deleted_at is not None:
        raise Conflict(_("This account has been deleted"))
    if user.suspended_at is not None:
        raise Conflict(_("%(name)s is already suspended", name=user.display_name))
    user.suspended_at, user.suspension_reason = now or utcnow(), reason
    end_sessions(session, user=user)
    needs = session.execute(
        update(Need)
        .where(_needs_of(user), Need.status.in_(NEED_OPEN_STATUSES), Need.hidden.is_(False))
        .values(hidden=True, hidden_while_suspended=True)
    )
    offers = session.execute(
        update(Offer)
        .where(Offer.user_id == user.id, Offer.status.in_((OfferStatus.ACTIVE, OfferStatus.PAUSED)),
               Offer.hidden.is_(False))
        .values(hidden=True, hidden_while_suspended=True)
    )
    hidden = rowcount(needs) + rowcount(offers)
    record_user_audit(session, actor=actor, action="user.suspended", user=user,
                      detail=f"{reason} ({hidden} open posts hidden)")
    return hidden


def reinstate_user(session: Session, *, actor: User, user: User) -> int:
    """Lift a suspension; the posts it hid are shown again. Returns how many."""
    require_admin(actor)
    if user.suspended_at is None:
        raise Conflict(_("%(name)s is not suspended", name=user.display_name))
    user.suspended_at = user.suspension_reason = None
    shown = 0
    for model in (Need, Offer):
        result = session.execute(
            update(model)
            .where(model.hidden_while_suspended.is_(True), _needs_of(user) if model is Need
                   else Offer.user_id == user.id)
            .values(hidden=False, hidden_while_suspended=False)
        )
        shown += rowcount(result)
    record_user_audit(session, actor=actor, action="user.reinstated", user=user,
                      detail=f"{shown} posts shown again")
    return shown
