"""The person's account, their email links, notices, emails and the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, delete, or_, select
from sqlalchemy.orm import Session

from community.accounts.passwords import UNUSABLE_PASSWORD
from community.models import AccountToken, AuditEntry, Notification, OutboxEmail, User, UserRole
from community.personal_data.registry import Erasure, register, row_dict


def _account(session: Session, user: User) -> list[dict[str, Any]]:
    return [row_dict(user, leave_out=("password_hash", "session_version", "email_normalised"))]


def _anonymise_account(session: Session, erasure: Erasure) -> None:
    user = erasure.user
    user.email = user.email_normalised = f"deleted-user-{user.id}@deleted.invalid"
    user.display_name = erasure.replacement
    user.home_lat = user.home_lng = None
    user.area_id = None
    user.phone = None
    user.password_hash = UNUSABLE_PASSWORD
    user.role = UserRole.RESIDENT
    user.consented_terms_at = user.last_sign_in_at = None
    user.suspension_reason = None
    user.deleted_at = user.deleted_at or erasure.now
    session.flush()


register("users", export=_account, erase=_anonymise_account, order=100)


def _tokens(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(AccountToken).where(AccountToken.user_id == user.id).order_by(AccountToken.id)
    )
    # The digest is a key to the account, never handed out, even to its owner.
    return [row_dict(t, leave_out=("token_hash",)) for t in rows]


def _delete_tokens(session: Session, erasure: Erasure) -> None:
    session.execute(delete(AccountToken).where(AccountToken.user_id == erasure.user.id))


register("account_tokens", export=_tokens, erase=_delete_tokens, free_text=("new_email",))


def _notifications(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    )
    return [row_dict(n) for n in rows]


def _delete_notifications(session: Session, erasure: Erasure) -> None:
    # Their notices quote other people's posts and names; the person they were for has gone.
    session.execute(delete(Notification).where(Notification.user_id == erasure.user.id))


register("notifications", export=_notifications, erase=_delete_notifications, free_text=("message",))


def _addressed_to(user: User) -> ColumnElement[bool]:
    return OutboxEmail.to_address.in_({user.email, user.email_normalised}) | (OutboxEmail.user_id == user.id)


def _emails(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(select(OutboxEmail).where(_addressed_to(user)).order_by(OutboxEmail.id))
    return [row_dict(e) for e in rows]


def _delete_emails(session: Session, erasure: Erasure) -> None:
    # Sent or not: an email to someone who has gone is kept for nobody.
    session.execute(delete(OutboxEmail).where(_addressed_to(erasure.user)))


register("outbox_emails", export=_emails, erase=_delete_emails,
         free_text=("to_address", "subject", "body", "last_error"))


def _audit_entries(session: Session, user: User) -> list[dict[str, Any]]:
    about = (AuditEntry.target_type == "user") & (AuditEntry.target_id == user.id)
    rows = session.scalars(
        select(AuditEntry).where(or_(AuditEntry.actor_id == user.id, about)).order_by(AuditEntry.id)
    )
    return [row_dict(e) for e in rows]


# Entries stay for the six years the privacy notice gives (they point at the anonymised account); only
# their words are scrubbed.
register("audit_entries", export=_audit_entries, free_text=("detail",))
