"""Registering without revealing who has an account, confirming an address, and changing it.

When a council requires confirmation (``WEAVE_REQUIRE_EMAIL_CONFIRMATION``), registering always ends the
same way, "check your email", whether or not the address already has an account: a new address gets a
link to confirm it, and the owner of a known one gets an email saying someone tried to register with it.
An account whose address is not confirmed cannot sign in: signing in with the right password sends a new
link instead. A new address for an account is confirmed through a link sent to it before the account
changes, and the old address is told.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from community.accounts.passwords import hash_password, verify_password
from community.accounts.roles import record_user_audit
from community.accounts.tokens import Compose, ComposeLink, issue_token, redeem_token
from community.accounts.users import (
    authenticate,
    email_problem,
    new_user_problems,
    normalise_email,
)
from community.db import utcnow
from community.errors import Conflict, ValidationFailed
from community.i18n import _
from community.models import TokenPurpose, User
from community.notifications import queue_email

__all__ = [
    "SignIn",
    "confirm_email",
    "register_resident",
    "request_email_change",
    "send_confirmation",
    "sign_in",
]


def _queue(session: Session, compose: tuple[str, str], *, user_id: int | None = None,
           to_address: str | None = None) -> None:
    subject, body = compose
    queue_email(session, subject=subject, body=body, user_id=user_id, to_address=to_address)


def send_confirmation(
    session: Session, *, user: User, confirm: ComposeLink, now: datetime | None = None
) -> None:
    """Email a new link confirming ``user``'s address (the earlier ones stop working)."""
    secret = issue_token(session, user=user, purpose=TokenPurpose.CONFIRM_EMAIL, now=now)
    _queue(session, confirm(secret), user_id=user.id)


def register_resident(
    session: Session, *, email: str, display_name: str, password: str, confirm: ComposeLink,
    already_registered: Compose, now: datetime | None = None,
) -> User | None:
    """A new, unconfirmed resident and a link to confirm their address; or, for an address that has an
    account, an email to its owner and None. The caller says the same thing either way."""
    errors = new_user_problems(email, display_name, password)
    if errors:
        raise ValidationFailed(errors)
    email = email.strip()
    normalised = normalise_email(email)
    # Hashed either way, so a known address answers no faster than a new one.
    password_hash = hash_password(password)
    existing = session.scalar(select(User).where(User.email_normalised == normalised))
    if existing is not None:
        _tell_owner(session, existing, confirm=confirm, already_registered=already_registered, now=now)
        return None
    user = User(email=email, email_normalised=normalised, display_name=display_name.strip(),
                password_hash=password_hash, role="resident", session_version=1)
    try:
        with session.begin_nested():
            session.add(user)
            session.flush()
    except IntegrityError as error:
        if "email_normalised" not in str(error.orig):
            raise
        # Someone registered the same address a moment ago: they are its owner now.
        return None
    send_confirmation(session, user=user, confirm=confirm, now=now)
    return user


def _tell_owner(session: Session, owner: User, *, confirm: ComposeLink, already_registered: Compose,
                now: datetime | None) -> None:
    if owner.deleted_at is not None or owner.suspended_at is not None:
        return
    if owner.email_confirmed_at is None:
        # They started registering before and never confirmed: a fresh link is what they need.
        send_confirmation(session, user=owner, confirm=confirm, now=now)
    else:
        _queue(session, already_registered(), user_id=owner.id)


def confirm_email(session: Session, *, secret: str, now: datetime | None = None) -> User:
    """Use a confirmation link: the address is confirmed, or the account changes to the new address."""
    now = now or utcnow()
    token = redeem_token(session, secret=secret, now=now,
                         purposes=(TokenPurpose.CONFIRM_EMAIL, TokenPurpose.CHANGE_EMAIL))
    user = session.get(User, token.user_id)
    assert user is not None  # redeem_token checked
    if token.purpose == TokenPurpose.CHANGE_EMAIL and token.new_email:
        normalised = normalise_email(token.new_email)
        taken = session.scalar(select(User.id).where(User.email_normalised == normalised, User.id != user.id))
        if taken is not None:
            raise Conflict(_("That email address now belongs to another account, so yours has not changed"))
        user.email, user.email_normalised, user.email_confirmed_at = token.new_email, normalised, now
        record_user_audit(session, actor=user, action="account.email_changed", user=user)
    elif user.email_confirmed_at is None:
        user.email_confirmed_at = now
        record_user_audit(session, actor=user, action="account.email_confirmed", user=user)
    session.flush()
    return user


def request_email_change(
    session: Session, *, user: User, new_email: str, password: str, confirm: ComposeLink,
    tell_old_address: Compose, address_taken: Compose, now: datetime | None = None,
) -> None:
    """Send a link to ``new_email``; the account changes only when it is used. The current address is
    told, and an address that already has an account gets a warning instead of a link (the person asking
    is told the same either way)."""
    errors = {}
    problem = email_problem(new_email)
    if problem:
        errors["email"] = problem
    elif normalise_email(new_email) == user.email_normalised:
        errors["email"] = _("That is already your email address")
    if not password:
        errors["password"] = _("Enter your password")
    elif not verify_password(user.password_hash, password):
        errors["password"] = _("Your password is not correct")
    if errors:
        raise ValidationFailed(errors)
    new_email = new_email.strip()
    owner = session.scalar(select(User).where(User.email_normalised == normalise_email(new_email)))
    if owner is None:
        secret = issue_token(session, user=user, purpose=TokenPurpose.CHANGE_EMAIL, new_email=new_email,
                             now=now)
        _queue(session, confirm(secret), to_address=new_email)
    elif owner.deleted_at is None:
        _queue(session, address_taken(), user_id=owner.id)
    _queue(session, tell_old_address(), user_id=user.id)
    session.flush()


@dataclass(frozen=True, slots=True)
class SignIn:
    user: User
    # False: the address is not confirmed yet, so a new link was sent instead of signing in.
    signed_in: bool


def sign_in(
    session: Session, *, email: str, password: str, confirm: ComposeLink | None = None,
    now: datetime | None = None,
) -> SignIn:
    """Check the credentials (``authenticate``); with ``confirm`` given, an unconfirmed address gets a new
    link and no session."""
    user = authenticate(session, email=email, password=password)
    if confirm is not None and user.email_confirmed_at is None:
        send_confirmation(session, user=user, confirm=confirm, now=now)
        return SignIn(user, signed_in=False)
    return SignIn(user, signed_in=True)
