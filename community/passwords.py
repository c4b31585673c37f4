"""Password hashing with argon2id."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

__all__ = ["configure_hasher", "hash_password", "verify_password", "needs_rehash", "UNUSABLE_PASSWORD"]

# A hash no password can match: for deleted accounts and synthetic demo residents.
UNUSABLE_PASSWORD = "!unusable"

_hasher = PasswordHasher()  # argon2id with argon2-cffi's RFC 9106 low-memory defaults


def configure_hasher(*, time_cost: int | None = None, memory_cost: int | None = None) -> None:
    """Tests lower the cost; production keeps the library defaults."""
    global _hasher
    kwargs = {}
    if time_cost:
        kwargs["time_cost"] = time_cost
    if memory_cost:
        kwargs["memory_cost"] = memory_cost
    _hasher = PasswordHasher(**kwargs)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return False
