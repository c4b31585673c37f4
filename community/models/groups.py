"""Community groups, the people in them, their checks and their partnerships."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.db import Base, utcnow
from community.models.places import Area, Category
from community.models.types import StringEnum, UTCDateTime, one_of, values_of
from community.models.users import User

__all__ = [
    "Group",
    "Membership",
    "Partnership",
    "DBSCheck",
    "group_areas",
    "group_categories",
    "membership_categories",
    "GroupKind",
    "MembershipRole",
    "MembershipStatus",
    "PartnershipKind",
    "PartnershipStatus",
    "DBSLevel",
    "GROUP_KINDS",
    "MEMBERSHIP_ROLES",
    "MEMBERSHIP_STATUSES",
    "PARTNERSHIP_KINDS",
    "PARTNERSHIP_STATUSES",
    "DBS_LEVELS",
]



class GroupKind(StrEnum):
    MUTUAL_AID = "mutual_aid"
    CHARITY = "charity"
    FAITH = "faith"
    TENANTS = "tenants"
    CLUB = "club"
    SCHOOL = "school"
    BUSINESS = "business"
    OTHER = "other"


class MembershipRole(StrEnum):
    COORDINATOR = "coordinator"
    VOLUNTEER = "volunteer"


class MembershipStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    DECLINED = "declined"
    LEFT = "left"
    REMOVED = "removed"


class PartnershipKind(StrEnum):
    REFERRAL = "referral"
    SHARED_VOLUNTEERS = "shared_volunteers"
    CO_DELIVERY = "co_delivery"


class PartnershipStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    DECLINED = "declined"
    ENDED = "ended"


class DBSLevel(StrEnum):
    BASIC = "basic"
    STANDARD = "standard"
    ENHANCED = "enhanced"
    ENHANCED_BARRED = "enhanced_barred"


# The values as plain strings, for validation and for the API's documents.
GROUP_KINDS = values_of(GroupKind)
MEMBERSHIP_ROLES = values_of(MembershipRole)
MEMBERSHIP_STATUSES = values_of(MembershipStatus)
PARTNERSHIP_KINDS = values_of(PartnershipKind)
PARTNERSHIP_STATUSES = values_of(PartnershipStatus)
DBS_LEVELS = values_of(DBSLevel)

group_areas = Table(
    "group_areas",
    Base.metadata,
    Column("group_id", ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True, index=True),
)

group_categories = Table(
    "group_categories",
    Base.metadata,
    Column("group_id", ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("categories.id", ondelete="CASCADE"), primary_key=True, index=True),
)

membership_categories = Table(
    "membership_categories",
    Base.metadata,
    Column("membership_id", ForeignKey("memberships.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("categories.id", ondelete="CASCADE"), primary_key=True),
)


class Group(Base):
    __tablename__ = "groups"
    __table_args__ = (one_of("kind", GROUP_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    # Lower-cased name: group names are unique regardless of case.
    name_normalised: Mapped[str] = mapped_column(String(120), unique=True)
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[GroupKind] = mapped_column(StringEnum(GroupKind, 20))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(255))
    base_lat: Mapped[float | None] = mapped_column(Float)
    base_lng: Mapped[float | None] = mapped_column(Float)
    # A drawn service area (GeoJSON geometry), in addition to the wards chosen from the list.
    drawn_area: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Open Referral UK's "assured date": when a coordinator last confirmed the details are true.
    assured_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assurance_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    areas: Mapped[list[Area]] = relationship(secondary=group_areas, order_by=Area.name)
    categories: Mapped[list[Category]] = relationship(
        secondary=group_categories, order_by=Category.position
    )

    def __repr__(self) -> str:
        return f"<Group {self.id} {self.slug}>"


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "group_id", name="uq_memberships_user_group"),
        one_of("role", MEMBERSHIP_ROLES),
        one_of("status", MEMBERSHIP_STATUSES),
        Index("ix_memberships_group_status", "group_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    role: Mapped[MembershipRole] = mapped_column(
        StringEnum(MembershipRole, 16), default=MembershipRole.VOLUNTEER
    )
    status: Mapped[MembershipStatus] = mapped_column(
        StringEnum(MembershipStatus, 16), default=MembershipStatus.PENDING
    )
    # Free text such as "weekday evenings, Saturday mornings".
    availability: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    group: Mapped[Group] = relationship()
    categories: Mapped[list[Category]] = relationship(secondary=membership_categories)


class Partnership(Base):
    __tablename__ = "partnerships"
    __table_args__ = (
        one_of("kind", PARTNERSHIP_KINDS),
        one_of("status", PARTNERSHIP_STATUSES),
        # One row per unordered pair: the lower id always goes first.
        CheckConstraint("group_a_id < group_b_id", name="ordered_pair"),
        Index("ix_partnerships_group_b", "group_b_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_a_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    group_b_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    kind: Mapped[PartnershipKind] = mapped_column(StringEnum(PartnershipKind, 20))
    status: Mapped[PartnershipStatus] = mapped_column(
        StringEnum(PartnershipStatus, 16), default=PartnershipStatus.PROPOSED
    )
    proposed_by_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    group_a: Mapped[Group] = relationship(foreign_keys=[group_a_id])
    group_b: Mapped[Group] = relationship(foreign_keys=[group_b_id])


class DBSCheck(Base):
    """A DBS check a coordinator has seen. No certificate number is stored, on purpose."""

    __tablename__ = "dbs_checks"
    __table_args__ = (one_of("level", DBS_LEVELS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    level: Mapped[DBSLevel] = mapped_column(StringEnum(DBSLevel, 20))
    checked_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
