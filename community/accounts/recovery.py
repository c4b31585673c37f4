"""Resetting a forgotten password by a link sent by email.

Asking gives the same answer whether or not the address has an account; the link works once, for an hour,
and only the latest one works. Using it sets the new password, confirms the address (the link reached it)
and ends every session the account had.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from community.accounts.passwords import hash_password, password_problem
from community.accounts.roles import record_user_audit
from community.accounts.tokens import ComposeLink, issue_token, redeem_token
from community.accounts.users import end_sessions, normalise_email
from community.db import utcnow
from community.errors import ValidationFailed
from community.models import TokenPurpose, User
from community.notifications import queue_email

__all__ = ["request_password_reset", "reset_password"]


def request_password_reset(
    session: Session, *, email: str, compose: ComposeLink, now: datetime | None = None
) -> None:
    """Email a reset link to the account with this address, if there is one that may sign in.

    Returns nothing either way: the caller must say the same thing whatever happened here.
    """
    user = session.scalar(select(User).where(User.email_normalised == normalise_email(email or "")))
    if user is None or not user.is_active:
        return
    secret = issue_token(session, user=user, purpose=TokenPurpose.RESET_PASSWORD, now=now)
    subject, body = compose(secret)
    queue_email(session, subject=subject, body=body, user_id=user.id)
    session.flush()


def reset_password(session: Session, *, secret: str, new_password: str, now: datetime | None = None) -> User:
    """Set a new password with a reset link; every session the account had ends."""
    problem = password_problem(new_password)
    if problem:
        raise ValidationFailed({"password": problem})
    now = now or utcnow()
    token = redeem_token(session, secret=secret, purposes=(TokenPurpose.RESET_PASSWORD,), now=now)
    user = session.get(User, token.user_id)
    assert user is not None  # redeem_token checked
    user.password_hash = hash_password(new_password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now
    record_user_audit(session, actor=user, action="account.password_reset", user=user)
    end_sessions(session, user=user)
    return user
