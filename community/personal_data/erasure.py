"""Deleting an account: the person's data anonymised, their open needs and accepted offers withdrawn."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from community.accounts.passwords import UNUSABLE_PASSWORD, verify_password
from community.accounts.roles import record_user_audit
from community.accounts.users import DELETED_NAME, end_sessions
from community.db import utcnow
from community.errors import Conflict, ValidationFailed
from community.i18n import _
from community.models import (
    Group,
    Membership,
    MembershipStatus,
    Need,
    NeedStatus,
    Notification,
    Offer,
    OfferStatus,
    Response,
    ResponseStatus,
    User,
    UserRole,
)
from community.models.posts import NEED_OPEN_STATUSES
from community.posts.claims import withdraw_response

__all__ = [
    "delete_account",
]


def delete_account(session: Session, *, user: User, password: str) -> None:
    """Anonymise the account and withdraw what it had open; refuse if a group would lose its last coordinator.

    The row stays (so that history such as met needs keeps its shape) but nothing in it identifies
    the person any more, and nobody can sign in to it.
    """
    if not password:
        raise ValidationFailed({"password": _("Enter your password")})
    if not verify_password(user.password_hash, password):
        raise ValidationFailed({"password": _("Your password is not correct")})
    orphaned = _groups_left_without_coordinator(session, user)
    if orphaned:
        names = ", ".join(group.name for group in orphaned)
        raise Conflict(
            _(
                "You are the only coordinator of %(names)s. Make another member a coordinator, or close "
                "the group, before you delete your account.",
                names=names,
            )
        )
    # Someone counting on this person's help is told, and their need opens for others again.
    accepted = session.scalars(
        select(Response.id).where(Response.helper_id == user.id, Response.status == ResponseStatus.ACCEPTED)
    ).all()
    for response_id in accepted:
        withdraw_response(session, response_id=response_id, actor=user)
    now = utcnow()
    session.execute(
        update(Need)
        .where(Need.requester_id == user.id, Need.status.in_(NEED_OPEN_STATUSES))
        .values(status=NeedStatus.WITHDRAWN, closed_at=now)
    )
    session.execute(update(Need).where(Need.assigned_to_id == user.id).values(assigned_to_id=None))
    session.execute(
        update(Offer)
        .where(Offer.user_id == user.id, Offer.status.in_((OfferStatus.ACTIVE, OfferStatus.PAUSED)))
        .values(status=OfferStatus.CLOSED, closed_at=now)
    )
    session.execute(
        update(Response)
        .where(Response.helper_id == user.id, Response.status == ResponseStatus.OFFERED)
        .values(status=ResponseStatus.WITHDRAWN, decided_at=now)
    )
    session.execute(
        update(Membership)
        .where(
            Membership.user_id == user.id,
            Membership.status.in_((MembershipStatus.ACTIVE, MembershipStatus.PENDING)),
        )
        .values(status=MembershipStatus.LEFT, ended_at=now)
    )
    # Notices quote other people's posts and names; the person they were for has gone.
    session.execute(delete(Notification).where(Notification.user_id == user.id))

    user.email = user.email_normalised = f"deleted-user-{user.id}@deleted.invalid"
    user.display_name = DELETED_NAME
    user.home_lat = user.home_lng = None
    user.area_id = None
    user.phone = None
    user.password_hash = UNUSABLE_PASSWORD
    user.role = UserRole.RESIDENT
    user.deleted_at = now
    record_user_audit(session, actor=user, action="account.deleted", user=user)
    end_sessions(session, user=user)


def _groups_left_without_coordinator(session: Session, user: User) -> list[Group]:
    coordinating = session.scalars(
        select(Group)
        .join(Membership, Membership.group_id == Group.id)
        .where(
            Membership.user_id == user.id,
            Membership.role == "coordinator",
            Membership.status == "active",
            Group.closed_at.is_(None),
        )
        .order_by(Group.name)
    ).all()
    orphaned = []
    for group in coordinating:
        others = session.scalar(
            select(func.count(Membership.id)).where(
                Membership.group_id == group.id,
                Membership.role == "coordinator",
                Membership.status == "active",
                Membership.user_id != user.id,
            )
        )
        if not others:
            orphaned.append(group)
    return orphaned
