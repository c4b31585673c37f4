"""Single-use, time-limited links sent by email (reset a password, confirm an address).

The secret goes into the link and nowhere else: the table keeps its SHA-256 digest, so reading the database
(or a backup) opens no account. Issuing a new link of a kind retires the person's earlier ones of that kind,
so only the latest email works.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from community.db import rowcount, utcnow
from community.errors import NotFound
from community.i18n import _
from community.models import AccountToken, TokenPurpose, User

__all__ = [
    "ComposeLink",
    "Compose",
    "LINK_NOT_VALID",
    "VALID_FOR",
    "check_token",
    "issue_token",
    "redeem_token",
    "token_digest",
]

# The web layer writes each email, because only it knows the URL: compose(secret) -> (subject, body).
ComposeLink = Callable[[str], tuple[str, str]]
# An email with no link in it: compose() -> (subject, body).
Compose = Callable[[], tuple[str, str]]

VALID_FOR = {
    TokenPurpose.RESET_PASSWORD: timedelta(hours=1),
    TokenPurpose.CONFIRM_EMAIL: timedelta(days=7),
    TokenPurpose.CHANGE_EMAIL: timedelta(days=1),
}
LINK_NOT_VALID = _("This link has expired or has already been used")


def token_digest(secret: str) -> str:
    """
    >>> len(token_digest("anything"))
    64
    """
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(
    session: Session, *, user: User, purpose: TokenPurpose, new_email: str | None = None,
    now: datetime | None = None,
) -> str:
    """A new link's secret for ``user``; their earlier unused links for the same purpose stop working."""
    now = now or utcnow()
    session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.purpose == purpose)
        .where(AccountToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    secret = secrets.token_urlsafe(32)
    session.add(AccountToken(user_id=user.id, purpose=purpose, token_hash=token_digest(secret),
                             new_email=new_email, created_at=now, expires_at=now + VALID_FOR[purpose]))
    session.flush()
    return secret


def check_token(
    session: Session, *, secret: str, purposes: tuple[TokenPurpose, ...], now: datetime | None = None
) -> AccountToken:
    """The unused, unexpired link for ``secret``; NotFound (one message for every reason) otherwise."""
    now = now or utcnow()
    token = session.scalar(select(AccountToken).where(AccountToken.token_hash == token_digest(secret or "")))
    if token is None or token.purpose not in purposes or token.used_at is not None or token.expires_at <= now:
        raise NotFound(LINK_NOT_VALID)
    user = session.get(User, token.user_id)
    if user is None or user.deleted_at is not None:
        raise NotFound(LINK_NOT_VALID)
    return token


def redeem_token(
    session: Session, *, secret: str, purposes: tuple[TokenPurpose, ...], now: datetime | None = None
) -> AccountToken:
    """``check_token``, then mark it used: a link works once."""
    now = now or utcnow()
    token = check_token(session, secret=secret, purposes=purposes, now=now)
    # A conditional UPDATE, so that of two requests racing with one link only one gets through.
    claimed = session.execute(
        update(AccountToken).where(AccountToken.id == token.id, AccountToken.used_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False)
    )
    if rowcount(claimed) != 1:
        raise NotFound(LINK_NOT_VALID)
    session.refresh(token)
    return token
