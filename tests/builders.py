"""Plain builders for people, and a sign-in helper for web tests. Other builders: tests/builders_*.py."""

from __future__ import annotations

import itertools

from argon2 import PasswordHasher

from community.models import User

DEFAULT_PASSWORD = "copper kettle harbour lantern"
# The same cheap costs as TestingConfig, whatever the app has configured (service tests have no app).
_cheap_hasher = PasswordHasher(time_cost=1, memory_cost=1024)

_counter = itertools.count(1)


def make_user(
    session,
    *,
    email: str | None = None,
    role: str = "resident",
    password: str = DEFAULT_PASSWORD,
    display_name: str | None = None,
    **extra,
) -> User:
    """A signed-up person whose password is ``password`` (flushed, not committed)."""
    n = next(_counter)
    email = email or f"user{n}@example.com"
    user = User(
        email=email,
        email_normalised=email.lower(),
        display_name=display_name or f"User {n}",
        password_hash=_cheap_hasher.hash(password),
        role=role,
        session_version=1,
        **extra,
    )
    session.add(user)
    session.flush()
    return user


def sign_in_with_form(
    client, *, email: str, password: str = DEFAULT_PASSWORD, remember: bool = False, **query
):
    """Sign in through the real form (CSRF off, as in TestingConfig); returns the response."""
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return client.post("/sign-in", data=data, query_string=query or None)
