"""Offers and needs (the two kinds of listing) and the responses that match them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.db import Base, utcnow
from community.models.groups import Group
from community.models.places import Area, Category
from community.models.types import StringEnum, UTCDateTime, one_of, values_of
from community.models.users import User

__all__ = [
    "Offer",
    "Need",
    "Response",
    "OfferStatus",
    "NeedStatus",
    "Urgency",
    "Visibility",
    "ResponseStatus",
    "OFFER_STATUSES",
    "NEED_STATUSES",
    "NEED_OPEN_STATUSES",
    "URGENCIES",
    "VISIBILITIES",
    "RESPONSE_STATUSES",
]



class OfferStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"
    EXPIRED = "expired"


class NeedStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    MET = "met"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    CLOSED_UNMET = "closed_unmet"


class Urgency(StrEnum):
    TODAY = "today"
    THIS_WEEK = "this_week"
    NO_RUSH = "no_rush"


class Visibility(StrEnum):
    """Who may see a need: everyone, the groups (and connectors), or connectors only."""

    PUBLIC = "public"
    GROUPS = "groups"
    CONNECTORS = "connectors"


class ResponseStatus(StrEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    COMPLETED = "completed"


# The values as plain strings, for validation and for the API's documents.
OFFER_STATUSES = values_of(OfferStatus)
NEED_STATUSES = values_of(NeedStatus)
# A need still wanting help: nobody has met it, withdrawn it or closed it yet.
NEED_OPEN_STATUSES = (NeedStatus.OPEN.value, NeedStatus.IN_PROGRESS.value)
URGENCIES = values_of(Urgency)
VISIBILITIES = values_of(Visibility)
RESPONSE_STATUSES = values_of(ResponseStatus)


class Offer(Base):
    __tablename__ = "offers"
    __table_args__ = (
        one_of("status", OFFER_STATUSES),
        Index("ix_offers_status_category", "status", "category_id"),
        Index("ix_offers_area_category", "area_id", "category_id"),
        Index("ix_offers_public_position", "public_lat", "public_lng"),
        # Near me and the map ask for active offers in a box: the status first, so the box is searched
        # among those only, carrying what the visibility check and the list's order read, so PostgreSQL
        # answers from the index alone (0005_speed_box_covering).
        Index("ix_offers_status_public_position", "status", "public_lat", "public_lng",
              postgresql_include=["id", "hidden", "user_id", "category_id", "created_at"]),
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
    status: Mapped[OfferStatus] = mapped_column(StringEnum(OfferStatus, 16), default=OfferStatus.ACTIVE)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    # Hidden because its poster was suspended (not by a moderator): reinstating them shows it again.
    hidden_while_suspended: Mapped[bool] = mapped_column(Boolean, default=False)
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
        # Near me and the map ask for open needs in a box (a few in twenty of all needs, at city scale): the
        # status first, so the box is searched among those only, carrying what the visibility check, the
        # filters and the list's order read, so PostgreSQL answers from the index alone.
        Index("ix_needs_status_public_position", "status", "public_lat", "public_lng",
              postgresql_include=["id", "hidden", "posted_by_id", "requester_id", "visibility", "group_id",
                                  "category_id", "urgency", "created_at"]),
        Index("ix_needs_group_status", "group_id", "status"),
        # Coverage counts every need posted in a window by ward, category and status (and the hours to a
        # first response, and joins the met ones' helpers by id): with all of those in one index,
        # PostgreSQL answers from the index alone instead of reading a third of the table.
        Index("ix_needs_coverage_window", "created_at", "area_id", "category_id", "status", "hidden",
              "first_response_at", "id"),
        # The headline figures: needs met, or closed without help, in the last two periods.
        Index("ix_needs_status_met_at", "status", "met_at"),
        Index("ix_needs_status_closed_at", "status", "closed_at"),
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
    urgency: Mapped[Urgency] = mapped_column(StringEnum(Urgency, 16), default=Urgency.THIS_WEEK)
    needed_by: Mapped[date | None] = mapped_column(Date)
    lat: Mapped[float] = mapped_column(Float)
    lng: Mapped[float] = mapped_column(Float)
    public_lat: Mapped[float] = mapped_column(Float)
    public_lng: Mapped[float] = mapped_column(Float)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    visibility: Mapped[Visibility] = mapped_column(StringEnum(Visibility, 16), default=Visibility.PUBLIC)
    status: Mapped[NeedStatus] = mapped_column(StringEnum(NeedStatus, 16), default=NeedStatus.OPEN)
    unmet_reason: Mapped[str | None] = mapped_column(String(255))
    # Taken on by a group, and the member it is assigned to.
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    referred_to_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="SET NULL")
    )
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    # Hidden because its poster was suspended (not by a moderator): reinstating them shows it again.
    hidden_while_suspended: Mapped[bool] = mapped_column(Boolean, default=False)
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
        # Coverage's "people who helped": the helpers of completed responses, read from the index alone.
        Index(
            "ix_responses_completed_need_helper",
            "need_id",
            "helper_id",
            sqlite_where=text("status = 'completed'"),
            postgresql_where=text("status = 'completed'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    helper_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ResponseStatus] = mapped_column(
        StringEnum(ResponseStatus, 16), default=ResponseStatus.OFFERED
    )
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    need: Mapped[Need] = relationship()
    helper: Mapped[User] = relationship()
    group: Mapped[Group | None] = relationship()
