"""Accounts: registering, signing in, ending sessions, passwords and deleting an account.

Every function takes the caller's session, flushes, and leaves the commit to the caller. Roles live in
``community.accounts.roles``.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from community.accounts.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    verify_dummy,
    verify_password,
)
from community.accounts.roles import (
    record_user_audit,
    role_problem,
)
from community.db import utcnow
from community.errors import NotFound, ValidationFailed
from community.i18n import _
from community.models import User

__all__ = [
    "SIGN_IN_FAILED",
    "SUSPENDED",
    "DUPLICATE_EMAIL",
    "normalise_email",
    "email_problem",
    "name_problem",
    "find_user_by_email",
    "register_user",
    "create_user",
    "new_user_problems",
    "DELETED_NAME",
    "authenticate",
    "end_sessions",
    "change_password",
]

NAME_MAX_LENGTH = 80
EMAIL_MAX_LENGTH = 254

# One answer whether or not the email is known: sign-in must not tell strangers who has an account.
SIGN_IN_FAILED = _("Enter a correct email address and password")
DUPLICATE_EMAIL = (
    _("An account with this email address already exists. Sign in instead, or use a different email address")
)
DELETED_NAME = _("Deleted user")
SUSPENDED = _("This account has been suspended. Contact your council if you think this is a mistake")


def normalise_email(email: str) -> str:
    """The lower-cased form that must be unique; the address itself is kept as typed.

    >>> normalise_email("  Jo.Bloggs@Example.ORG ")
    'jo.bloggs@example.org'
    """
    email = email.strip()
    try:
        email = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError:
        pass
    return email.lower()


def email_problem(email: str | None) -> str | None:
    """The GOV.UK message for an email address that cannot be used, or None.

    >>> email_problem("name@example.com") is None
    True
    >>> email_problem("name.example.com")
    'Enter an email address in the correct format, like name@example.com'
    """
    email = (email or "").strip()
    if not email:
        return _("Enter your email address")
    if len(email) > EMAIL_MAX_LENGTH:
        return _(
            "Email address must be %(max)s characters or fewer",
            max=EMAIL_MAX_LENGTH,
        )
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return _("Enter an email address in the correct format, like name@example.com")
    return None


def name_problem(name: str | None) -> str | None:
    name = (name or "").strip()
    if not name:
        return _("Enter your name")
    if len(name) > NAME_MAX_LENGTH:
        return _("Name must be %(max)s characters or fewer", max=NAME_MAX_LENGTH)
    return None


def find_user_by_email(session: Session, email: str) -> User:
    """An active account by email address, in any case; NotFound otherwise."""
    user = session.scalar(
        select(User).where(User.email_normalised == normalise_email(email), User.deleted_at.is_(None))
    )
    if user is None:
        raise NotFound(_("There is no account with the email address %(email)s", email=email.strip()))
    return user


def _email_taken(session: Session, normalised: str) -> bool:
    return session.scalar(select(User.id).where(User.email_normalised == normalised)) is not None


def register_user(session: Session, *, email: str, display_name: str, password: str) -> User:
    """A new resident. The password is used exactly as typed."""
    return _new_user(session, email=email, display_name=display_name, password=password, role="resident")


def create_user(
    session: Session, *, email: str, display_name: str, password: str, role: str = "resident"
) -> User:
    """An account made by an operator at the console, possibly with a connector or admin role."""
    # Whoever runs the console vouches for the address: the account needs no confirmation link.
    user = _new_user(session, email=email, display_name=display_name, password=password, role=role,
                     confirmed=True)
    record_user_audit(
        session, actor=None, action="user.created", user=user, detail=f"role {role}, from the console"
    )
    return user


def new_user_problems(email: str, display_name: str, password: str, role: str = "resident") -> dict[str, str]:
    """Every problem with a new account's details at once, by field (the address's owner aside)."""
    errors = {}
    for field, problem in (
        ("display_name", name_problem(display_name)),
        ("email", email_problem(email)),
        ("password", password_problem(password)),
        ("role", role_problem(role)),
    ):
        if problem:
            errors[field] = problem
    return errors


def _new_user(
    session: Session, *, email: str, display_name: str, password: str, role: str, confirmed: bool = False
) -> User:
    errors = new_user_problems(email, display_name, password, role)
    email = (email or "").strip()
    normalised = normalise_email(email)
    if "email" not in errors and _email_taken(session, normalised):
        errors["email"] = DUPLICATE_EMAIL
    if errors:
        raise ValidationFailed(errors)

    user = User(
        email=email,
        email_normalised=normalised,
        display_name=display_name.strip(),
        password_hash=hash_password(password),
        role=role,
        session_version=1,
        email_confirmed_at=utcnow() if confirmed else None,
    )
    # Two registrations racing past the check above meet the unique index: same message, no 500.
    try:
        with session.begin_nested():
            session.add(user)
            session.flush()
    except IntegrityError as error:
        if "email_normalised" not in str(error.orig):
            raise
        raise ValidationFailed({"email": DUPLICATE_EMAIL}) from None
    return user


def authenticate(session: Session, *, email: str, password: str) -> User:
    """The account these credentials belong to, or ValidationFailed with one message for every failure."""
    user = session.scalar(
        select(User).where(
            User.email_normalised == normalise_email(email or ""), User.deleted_at.is_(None)
        )
    )
    if user is None:
        verify_dummy(password)
        raise ValidationFailed({"email": SIGN_IN_FAILED})
    if not verify_password(user.password_hash, password):
        raise ValidationFailed({"email": SIGN_IN_FAILED})
    # Told only to someone who knows the password: it says nothing to a stranger guessing addresses.
    if user.suspended_at is not None:
        raise ValidationFailed({"email": SUSPENDED})
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_sign_in_at = utcnow()
    session.flush()
    return user


def end_sessions(session: Session, *, user: User) -> None:
    """Make every session cookie and remember-me cookie issued so far stop working."""
    user.session_version = (user.session_version or 0) + 1
    session.flush()


def change_password(session: Session, *, user: User, current_password: str, new_password: str) -> None:
    """Set a new password and end every other session; the caller signs the current one in again."""
    errors = {}
    if not current_password:
        errors["current_password"] = _("Enter your current password")
    elif not verify_password(user.password_hash, current_password):
        errors["current_password"] = _("Your current password is not correct")
    problem = password_problem(new_password)
    if problem:
        errors["new_password"] = _("Enter a new password") if problem == "Enter a password" else problem
    elif new_password == current_password:
        errors["new_password"] = _("Enter a new password that is different from your current one")
    if errors:
        raise ValidationFailed(errors)
    user.password_hash = hash_password(new_password)
    end_sessions(session, user=user)


