"""Deleting an account: the person erased from every table, by what each table registered.

The account row stays (so history such as met needs keeps its shape) but nothing in it identifies the
person any more and nobody can sign in to it; every registered table erases its own rows about them
(``community.personal_data.registry``) and every free-text column in the database loses their name, email
address and phone number, wherever someone wrote them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from community.accounts.passwords import verify_password
from community.accounts.roles import record_user_audit, require_admin
from community.accounts.users import end_sessions
from community.db import Base, utcnow
from community.errors import Conflict, ValidationFailed
from community.i18n import _
from community.models import Group, Membership, Response, ResponseStatus, User
from community.personal_data import tables  # noqa: F401  (fills the registry)
from community.personal_data.registry import REGISTRY, Erasure, scrub_column
from community.posts.claims import withdraw_response

__all__ = ["delete_account", "erase_account", "erase_person"]


def delete_account(session: Session, *, user: User, password: str) -> None:
    """The person deletes their own account, after giving their password."""
    if not password:
        raise ValidationFailed({"password": _("Enter your password")})
    if not verify_password(user.password_hash, password):
        raise ValidationFailed({"password": _("Your password is not correct")})
    erase_person(session, user=user, actor=user)


def erase_account(session: Session, *, actor: User, user: User) -> None:
    """An administrator deletes someone's account (a request to erase their data, made to the council)."""
    require_admin(actor)
    if user.id == actor.id:
        raise Conflict(_("Delete your own account from your account page"))
    if user.deleted_at is not None:
        raise Conflict(_("This account has already been deleted"))
    erase_person(session, user=user, actor=actor)


def erase_person(session: Session, *, user: User, actor: User, now: datetime | None = None) -> None:
    """Erase ``user`` everywhere; refuse if a group would lose its last coordinator."""
    orphaned = _groups_left_without_coordinator(session, user)
    if orphaned:
        names = ", ".join(group.name for group in orphaned)
        if actor.id == user.id:
            raise Conflict(_(
                "You are the only coordinator of %(names)s. Make another member a coordinator, or close "
                "the group, before you delete your account.",
                names=names,
            ))
        raise Conflict(_(
            "%(person)s is the only coordinator of %(names)s. Make another member a coordinator, or close "
            "the group, before the account is deleted.",
            person=user.display_name, names=names,
        ))
    now = now or utcnow()
    # Someone counting on this person's help is told (before their name goes), and their need opens again.
    accepted = session.scalars(
        select(Response.id).where(Response.helper_id == user.id, Response.status == ResponseStatus.ACCEPTED)
    ).all()
    for response_id in accepted:
        withdraw_response(session, response_id=response_id, actor=user)
    erasure = Erasure.of(user, now)
    entries = sorted(REGISTRY.values(), key=lambda entry: entry.order)
    for entry in entries:
        if entry.erase is not None:
            entry.erase(session, erasure)
    session.flush()
    for entry in entries:
        for column in entry.free_text:
            scrub_column(session, Base.metadata.tables[entry.table], column, erasure)
    user.deleted_at = now
    action = "account.deleted" if actor.id == user.id else "account.erased"
    record_user_audit(session, actor=actor, action=action, user=user)
    end_sessions(session, user=user)
    # Rows changed behind the session's back (bulk updates): read them afresh from now on.
    session.expire_all()


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
