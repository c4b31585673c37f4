"""People: one builder for every kind of user, and signing in through the real form."""

from __future__ import annotations

import itertools

from argon2 import PasswordHasher

from community.accounts.passwords import UNUSABLE_PASSWORD
from community.db import utcnow
from community.models import User
from tests.builders.places import WARD_CENTRE

DEFAULT_PASSWORD = "copper kettle harbour lantern"
# The same cheap costs as TestingConfig, whatever the app has configured (service tests have no app).
_cheap_hasher = PasswordHasher(time_cost=1, memory_cost=1024)

_counter = itertools.count(1)


def make_user(
    session,
    *,
    name: str | None = None,
    email: str | None = None,
    role: str = "resident",
    password: str | None = DEFAULT_PASSWORD,
    home: tuple[float, float] | None = WARD_CENTRE,
    **extra,
) -> User:
    """A signed-up person (flushed, not committed).

    ``name`` is the display name; ``password`` None gives an unusable one (as for synthetic people);
    ``home`` is where they live, inside the default ward unless given (None: they have not said);
    ``extra`` sets any other column (``phone``, ``area_id``...). Their email address is confirmed unless
    ``email_confirmed_at=None`` says otherwise.
    """
    n = next(_counter)
    extra.setdefault("email_confirmed_at", utcnow())
    email = email or f"user{n}@example.com"
    user = User(
        email=email,
        email_normalised=email.lower(),
        display_name=name or f"User {n}",
        password_hash=_cheap_hasher.hash(password) if password is not None else UNUSABLE_PASSWORD,
        role=role,
        session_version=1,
        home_lat=home[0] if home else None,
        home_lng=home[1] if home else None,
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
