"""The published directory (Open Referral UK): stable ids, imported listings, claims; personal API tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.db import Base, utcnow
from community.models.groups import Group
from community.models.types import StringEnum, UTCDateTime, one_of, values_of
from community.models.users import User

__all__ = [
    "DirectoryId",
    "DirectoryIdKind",
    "DirectoryListing",
    "ListingClaim",
    "ClaimStatus",
    "ApiToken",
    "TokenScope",
    "DIRECTORY_ID_KINDS",
    "CLAIM_STATUSES",
    "TOKEN_SCOPES",
]


class DirectoryIdKind(StrEnum):
    """What a stored UUID names: a group is published as an organisation and a service."""

    ORGANIZATION = "organization"
    SERVICE = "service"
    TAXONOMY_TERM = "taxonomy_term"
    AREA = "area"
    TAXONOMY = "taxonomy"


class ClaimStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


class TokenScope(StrEnum):
    READ = "read"
    READ_WRITE = "read_write"


DIRECTORY_ID_KINDS = values_of(DirectoryIdKind)
CLAIM_STATUSES = values_of(ClaimStatus)
TOKEN_SCOPES = values_of(TokenScope)


class DirectoryId(Base):
    """The UUID a record is published under, kept once given (or as imported) so it never changes.

    ``local_id`` is the group's, category's or area's id (0 for the one taxonomy).
    """

    __tablename__ = "directory_ids"
    __table_args__ = (one_of("kind", DIRECTORY_ID_KINDS),)

    kind: Mapped[DirectoryIdKind] = mapped_column(StringEnum(DirectoryIdKind, 20), primary_key=True)
    local_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)


class DirectoryListing(Base):
    """A group that came from an imported directory: where from, and when it was last loaded."""

    __tablename__ = "directory_listings"

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True)
    source: Mapped[str] = mapped_column(String(500), default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[Group] = relationship()


class ListingClaim(Base):
    """Someone asking to run an imported group's listing; an admin or a connector decides."""

    __tablename__ = "listing_claims"
    __table_args__ = (one_of("status", CLAIM_STATUSES), Index("ix_listing_claims_status", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[ClaimStatus] = mapped_column(StringEnum(ClaimStatus, 16), default=ClaimStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    group: Mapped[Group] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class ApiToken(Base):
    """A personal API token: only a SHA-256 digest of the secret is kept."""

    __tablename__ = "api_tokens"
    __table_args__ = (one_of("scope", TOKEN_SCOPES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[TokenScope] = mapped_column(StringEnum(TokenScope, 16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
