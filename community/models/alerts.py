"""Alerts and digests by email: what a person subscribed to, the digests they stopped, and each run."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Float, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.db import Base, utcnow
from community.models.groups import Group
from community.models.places import Area, Category
from community.models.types import StringEnum, UTCDateTime, one_of, values_of
from community.models.users import User

__all__ = [
    "AlertPostKind",
    "AlertPlace",
    "AlertFrequency",
    "AlertSubscription",
    "DigestOptOut",
    "AlertRun",
    "alert_subscription_areas",
    "alert_subscription_categories",
    "ALERT_POST_KINDS",
    "ALERT_PLACES",
    "ALERT_FREQUENCIES",
]


class AlertPostKind(StrEnum):
    NEEDS = "needs"
    OFFERS = "offers"


class AlertPlace(StrEnum):
    NEAR_HOME = "near_home"  # within radius_km of the person's home
    WARDS = "wards"  # in the wards listed in alert_subscription_areas
    GROUP_AREA = "group_area"  # in the wards a group serves


class AlertFrequency(StrEnum):
    IMMEDIATE = "immediate"
    DAILY = "daily"
    WEEKLY = "weekly"


ALERT_POST_KINDS = values_of(AlertPostKind)
ALERT_PLACES = values_of(AlertPlace)
ALERT_FREQUENCIES = values_of(AlertFrequency)

alert_subscription_areas = Table(
    "alert_subscription_areas",
    Base.metadata,
    Column("subscription_id", ForeignKey("alert_subscriptions.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True, index=True),
)

alert_subscription_categories = Table(
    "alert_subscription_categories",
    Base.metadata,
    Column("subscription_id", ForeignKey("alert_subscriptions.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("categories.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class AlertSubscription(Base):
    """One alert: new needs (or offers) in a place, of some kinds of help (none listed: every kind)."""

    __tablename__ = "alert_subscriptions"
    __table_args__ = (
        one_of("post_kind", ALERT_POST_KINDS),
        one_of("place", ALERT_PLACES),
        one_of("frequency", ALERT_FREQUENCIES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    post_kind: Mapped[AlertPostKind] = mapped_column(StringEnum(AlertPostKind, 16))
    place: Mapped[AlertPlace] = mapped_column(StringEnum(AlertPlace, 16))
    radius_km: Mapped[float | None] = mapped_column(Float)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    frequency: Mapped[AlertFrequency] = mapped_column(StringEnum(AlertFrequency, 16), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
    group: Mapped[Group | None] = relationship()
    areas: Mapped[list[Area]] = relationship(secondary=alert_subscription_areas, order_by=Area.name)
    categories: Mapped[list[Category]] = relationship(
        secondary=alert_subscription_categories, order_by=Category.position
    )


class DigestOptOut(Base):
    """Someone who stopped a digest their role brings (``coordinator`` daily, ``connector`` weekly)."""

    __tablename__ = "digest_opt_outs"
    __table_args__ = (one_of("digest", ("coordinator", "connector")),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    digest: Mapped[str] = mapped_column(String(16), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AlertRun(Base):
    """One run of ``flask alerts send``: the posts made in (window_start, window_end] went out.

    Runs of one period follow each other without gaps or overlaps; the unique (period, window_start) keeps
    two runs started at once from both sending the same window.
    """

    __tablename__ = "alert_runs"
    __table_args__ = (
        one_of("period", ALERT_FREQUENCIES),
        UniqueConstraint("period", "window_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(16))
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    window_end: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    emails: Mapped[int] = mapped_column(default=0)
