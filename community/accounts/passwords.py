"""Password hashing with argon2id, and the rules a new password must meet."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from community.i18n import _

__all__ = [
    "configure_hasher",
    "hash_password",
    "verify_password",
    "verify_dummy",
    "needs_rehash",
    "is_common_password",
    "password_problem",
    "UNUSABLE_PASSWORD",
    "MIN_PASSWORD_LENGTH",
    "MAX_PASSWORD_LENGTH",
]

# A hash no password can match: for deleted accounts and synthetic demo residents.
UNUSABLE_PASSWORD = "!unusable"

# NCSC and NIST both say: a length floor, a block list, no composition rules, and room for passphrases.
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1000

# Django's list of 20,000 common passwords (lower-cased); see community/data/README.md.
COMMON_PASSWORDS_PATH = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt.gz"

_hasher = PasswordHasher()  # argon2id with argon2-cffi's RFC 9106 low-memory defaults
_dummy_hash: str | None = None


def configure_hasher(*, time_cost: int | None = None, memory_cost: int | None = None) -> None:
    """Tests lower the cost; production keeps the library defaults."""
    global _hasher, _dummy_hash
    kwargs: dict[str, Any] = {}
    if time_cost:
        kwargs["time_cost"] = time_cost
    if memory_cost:
        kwargs["memory_cost"] = memory_cost
    _hasher = PasswordHasher(**kwargs)
    _dummy_hash = None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; an unusable hash costs as much time as a real one."""
    try:
        return _hasher.verify(password_hash, password)
    except InvalidHashError:
        verify_dummy(password)
        return False
    except (VerifyMismatchError, VerificationError):
        return False


def verify_dummy(password: str) -> bool:
    """Spend the time a real check would, so that an unknown email answers as slowly as a known one.

    Always False.

    >>> verify_dummy("anything at all")
    False
    """
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("weave dummy password: matches nothing anyone types")
    try:
        _hasher.verify(_dummy_hash, password + "\x00")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        pass
    return False


def needs_rehash(password_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return False


@cache
def _common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_PATH, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def is_common_password(password: str) -> bool:
    """True for a password on the common list, whatever its case or surrounding spaces.

    >>> is_common_password("Password123")
    True
    >>> is_common_password("  LETMEIN123 ")
    True
    >>> is_common_password("copper kettle harbour lantern")
    False
    """
    return password.strip().lower() in _common_passwords()


def password_problem(password: str | None) -> str | None:
    """The GOV.UK-style message for a password that cannot be used for a new account, or None.

    Passwords are checked exactly as typed: spaces count, nothing is stripped.

    >>> password_problem("short")
    'Password must be 8 characters or more'
    >>> password_problem("iloveyou1")
    'Choose a password that is harder to guess. This one is on a list of commonly used passwords'
    >>> password_problem("  four words in a row  ") is None
    True
    """
    if not password:
        return _("Enter a password")
    if len(password) < MIN_PASSWORD_LENGTH:
        return _(
            "Password must be %(min)s characters or more",
            min=MIN_PASSWORD_LENGTH,
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("Password must be %(max)s characters or fewer", max=format(MAX_PASSWORD_LENGTH, ","))
    if not password.strip():
        return _("Password must include characters other than spaces")
    if is_common_password(password):
        return (
            _("Choose a password that is harder to guess. This one is on a list of commonly used passwords")
        )
    return None
