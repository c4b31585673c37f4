"""Offers and needs (the two kinds of listing) and the responses that match them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.db import Base, utcnow
from community.models.groups import Group
from community.models.places import Area, Category
from community.models.types import UTCDateTime, one_of
from community.models.users import User

__all__ = [
    "Offer",
    "Need",
    "Response",
    "OFFER_STATUSES",
    "NEED_STATUSES",
    "NEED_OPEN_STATUSES",
    "URGENCIES",
    "VISIBILITIES",
    "RESPONSE_STATUSES",
]

OFFER_STATUSES = ("active", "paused", "closed", "expired")
NEED_STATUSES = ("open", "in_progress", "met", "withdrawn", "expired", "closed_unmet")
NEED_OPEN_STATUSES = ("open", "in_progress")
URGENCIES = ("today", "this_week", "no_rush")
VISIBILITIES = ("public", "groups", "connectors")
RESPONSE_STATUSES = ("offered", "accepted", "declined", "withdrawn", "completed")


class Offer(Base):
    __tablename__ = "offers"
    __table_args__ = (
        one_of("status", OFFER_STATUSES),
        Index("ix_offers_status_category", "status", "category_id"),
        Index("ix_offers_area_category", "area_id", "category_id"),
        Index("ix_offers_public_position", "public_lat", "public_lng"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text, default="")
    # Exact point (private) and the deterministic blurred point everyone else sees.
    lat: Mapped[float] = mapped_column(Float)
    lng: Mapped[float] = mapped_column(Float)
    public_lat: Mapped[float] = mapped_column(Float)
    public_lng: Mapped[float] = mapped_column(Float)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    radius_km: Mapped[float] = mapped_column(Float, default=2.0)
    availability: Mapped[str] = mapped_column(String(255), default="")
    status: Mapped[str] = mapped_column(String(16), default="active")
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    group: Mapped[Group | None] = relationship()
    category: Mapped[Category] = relationship()
    area: Mapped[Area | None] = relationship()


class Need(Base):
    __tablename__ = "needs"
    __table_args__ = (
        one_of("status", NEED_STATUSES),
        one_of("urgency", URGENCIES),
        one_of("visibility", VISIBILITIES),
        Index("ix_needs_status_category", "status", "category_id"),
        Index("ix_needs_area_category_created", "area_id", "category_id", "created_at"),
        Index("ix_needs_public_position", "public_lat", "public_lng"),
        Index("ix_needs_group_status", "group_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The resident the need is for; NULL when posted on behalf of someone who is not online.
    requester_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # Who typed it in: the resident, or the coordinator/connector posting on their behalf.
    posted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    on_behalf_group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    on_behalf_name: Mapped[str | None] = mapped_column(String(80))
    on_behalf_contact: Mapped[str | None] = mapped_column(String(255))
    consent_statement: Mapped[str | None] = mapped_column(String(255))
    # Explicit consent for sensitive categories: which wording and when.
    sensitive_consent_version: Mapped[str | None] = mapped_column(String(20))
    sensitive_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text, default="")
    urgency: Mapped[str] = mapped_column(String(16), default="this_week")
    needed_by: Mapped[date | None] = mapped_column(Date)
    lat: Mapped[float] = mapped_column(Float)
    lng: Mapped[float] = mapped_column(Float)
    public_lat: Mapped[float] = mapped_column(Float)
    public_lng: Mapped[float] = mapped_column(Float)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    visibility: Mapped[str] = mapped_column(String(16), default="public")
    status: Mapped[str] = mapped_column(String(16), default="open")
    unmet_reason: Mapped[str | None] = mapped_column(String(255))
    # Taken on by a group, and the member it is assigned to.
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    referred_to_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="SET NULL")
    )
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    met_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    requester: Mapped[User | None] = relationship(foreign_keys=[requester_id])
    posted_by: Mapped[User] = relationship(foreign_keys=[posted_by_id])
    category: Mapped[Category] = relationship()
    area: Mapped[Area | None] = relationship()
    group: Mapped[Group | None] = relationship(foreign_keys=[group_id])
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])


class Response(Base):
    __tablename__ = "responses"
    __table_args__ = (
        one_of("status", RESPONSE_STATUSES),
        UniqueConstraint("need_id", "helper_id", name="uq_responses_need_helper"),
        # The database itself guarantees one accepted helper per need, whatever races the app loses.
        Index(
            "uq_responses_one_accepted_per_need",
            "need_id",
            unique=True,
            sqlite_where=text("status IN ('accepted', 'completed')"),
            postgresql_where=text("status IN ('accepted', 'completed')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    helper_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="offered")
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    need: Mapped[Need] = relationship()
    helper: Mapped[User] = relationship()
    group: Mapped[Group | None] = relationship()
