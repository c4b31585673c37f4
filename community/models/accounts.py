"""Single-use links sent by email: password resets and email address confirmations."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from community.db import Base, utcnow
from community.models.types import StringEnum, UTCDateTime, one_of, values_of

__all__ = ["AccountToken", "TokenPurpose", "TOKEN_PURPOSES"]


class TokenPurpose(StrEnum):
    RESET_PASSWORD = "reset_password"
    # Confirming the address an account was registered with.
    CONFIRM_EMAIL = "confirm_email"
    # Confirming a new address before the account changes to it (``new_email``).
    CHANGE_EMAIL = "change_email"


TOKEN_PURPOSES = values_of(TokenPurpose)


class AccountToken(Base):
    """A link's secret, kept only as its SHA-256 digest: a copy of the table opens no account."""

    __tablename__ = "account_tokens"
    __table_args__ = (one_of("purpose", TOKEN_PURPOSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[TokenPurpose] = mapped_column(StringEnum(TokenPurpose, 20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    new_email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
