"""The council's own services: teams and their officers, routing, referrals in, escalations out, their
delivery to a team's own system, unit costs for the evidence, and stored demand warnings."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.db import Base, utcnow
from community.models.places import Area, Category
from community.models.posts import Need
from community.models.types import StringEnum, UTCDateTime, one_of, values_of
from community.models.users import User

__all__ = [
    "CouncilTeam",
    "DeliveryKind",
    "DeliveryAttempt",
    "DeliveryStatus",
    "DemandRollup",
    "DemandWarning",
    "Escalation",
    "EscalationEvent",
    "EscalationKind",
    "EscalationOutcome",
    "EscalationStatus",
    "ConsentScope",
    "Referral",
    "RoutingRule",
    "UnitCost",
    "team_officers",
]


class DeliveryKind(StrEnum):
    """Where a team also receives its escalations: only in Weave, an Open311 endpoint, or a webhook."""

    NONE = "none"
    OPEN311 = "open311"
    WEBHOOK = "webhook"


class EscalationKind(StrEnum):
    BEYOND = "beyond"
    SAFEGUARDING = "safeguarding"


class EscalationStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


class EscalationOutcome(StrEnum):
    SERVICE_PROVIDED = "service_provided"
    REFERRED_ON = "referred_on"
    NO_ACTION_NEEDED = "no_action_needed"
    COULD_NOT_CONTACT = "could_not_contact"


class DeliveryStatus(StrEnum):
    NOT_NEEDED = "not_needed"
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


class ConsentScope(StrEnum):
    """What the resident agreed the officer may see of the community side: the outcome only, or also
    which group took the need on."""

    OUTCOME = "outcome"
    OUTCOME_AND_GROUP = "outcome_and_group"


team_officers = Table(
    "council_team_officers",
    Base.metadata,
    Column("team_id", ForeignKey("council_teams.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class CouncilTeam(Base):
    __tablename__ = "council_teams"
    __table_args__ = (one_of("delivery_kind", values_of(DeliveryKind)),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(String(500), default="")
    # The one team safeguarding concerns go to, and the one team anything unrouted goes to.
    safeguarding: Mapped[bool] = mapped_column(Boolean, default=False)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    # Time to acknowledge an escalation, in hours.
    acknowledge_hours: Mapped[int] = mapped_column(Integer, default=24)
    delivery_kind: Mapped[DeliveryKind] = mapped_column(
        StringEnum(DeliveryKind, 16), default=DeliveryKind.NONE
    )
    delivery_url: Mapped[str | None] = mapped_column(String(500))
    # The webhook's shared secret (HMAC-SHA256), or the Open311 api_key.
    delivery_secret: Mapped[str | None] = mapped_column(String(200))
    open311_service_code: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    officers: Mapped[list[User]] = relationship(secondary=team_officers, order_by=User.display_name)


class RoutingRule(Base):
    """Escalations about this kind of help (in this ward, or anywhere when ward is None) go to this team."""

    __tablename__ = "council_routing_rules"
    __table_args__ = (
        UniqueConstraint("category_id", "area_id", name="uq_council_routing_rules_category_area"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("council_teams.id", ondelete="CASCADE"), index=True)

    category: Mapped[Category] = relationship()
    area: Mapped[Area | None] = relationship()
    team: Mapped[CouncilTeam] = relationship()


class Referral(Base):
    """An officer referred a resident to the community: the need posted for them, and the consent."""

    __tablename__ = "council_referrals"
    __table_args__ = (one_of("consent_scope", values_of(ConsentScope)),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("council_teams.id", ondelete="CASCADE"), index=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id", ondelete="SET NULL"), unique=True)
    # The wording the resident agreed to (its version) and when.
    consent_version: Mapped[str] = mapped_column(String(40))
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    consent_scope: Mapped[ConsentScope] = mapped_column(StringEnum(ConsentScope, 20))
    # The need says which team referred it only when the officer chose so.
    show_team: Mapped[bool] = mapped_column(Boolean, default=False)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    return_reason: Mapped[str | None] = mapped_column(String(500))
    # Kept when the need is erased, for the figures.
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="SET NULL"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    team: Mapped[CouncilTeam] = relationship()
    officer: Mapped[User | None] = relationship()
    need: Mapped[Need | None] = relationship()


class Escalation(Base):
    """A need handed to the council: beyond what the community can do, or a safeguarding concern."""

    __tablename__ = "council_escalations"
    __table_args__ = (
        one_of("kind", values_of(EscalationKind)),
        one_of("status", values_of(EscalationStatus)),
        one_of("outcome", values_of(EscalationOutcome)),
        one_of("delivery_status", values_of(DeliveryStatus)),
        Index("ix_council_escalations_team_status", "team_id", "status"),
        Index("ix_council_escalations_delivery", "delivery_status", "next_delivery_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id", ondelete="SET NULL"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("council_teams.id"))
    kind: Mapped[EscalationKind] = mapped_column(StringEnum(EscalationKind, 16))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    summary: Mapped[str] = mapped_column(Text)
    status: Mapped[EscalationStatus] = mapped_column(
        StringEnum(EscalationStatus, 16), default=EscalationStatus.OPEN
    )
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[EscalationOutcome | None] = mapped_column(StringEnum(EscalationOutcome, 24))
    outcome_note: Mapped[str | None] = mapped_column(Text)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="SET NULL"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # When it reached its current team (raised, or transferred): the time to acknowledge counts from here.
    routed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivery_status: Mapped[DeliveryStatus] = mapped_column(
        StringEnum(DeliveryStatus, 16), default=DeliveryStatus.NOT_NEEDED
    )
    delivery_attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_delivery_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    external_id: Mapped[str | None] = mapped_column(String(120))

    team: Mapped[CouncilTeam] = relationship()
    need: Mapped[Need | None] = relationship()
    raised_by: Mapped[User | None] = relationship(foreign_keys=[raised_by_id])
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])


class EscalationEvent(Base):
    """The history of an escalation: raised, acknowledged, assigned, transferred between teams, resolved."""

    __tablename__ = "council_escalation_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    escalation_id: Mapped[int] = mapped_column(
        ForeignKey("council_escalations.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    from_team_id: Mapped[int | None] = mapped_column(ForeignKey("council_teams.id", ondelete="SET NULL"))
    to_team_id: Mapped[int | None] = mapped_column(ForeignKey("council_teams.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship()
    from_team: Mapped[CouncilTeam | None] = relationship(foreign_keys=[from_team_id])
    to_team: Mapped[CouncilTeam | None] = relationship(foreign_keys=[to_team_id])


class DeliveryAttempt(Base):
    """One try at sending an escalation to its team's own system."""

    __tablename__ = "council_delivery_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    escalation_id: Mapped[int] = mapped_column(
        ForeignKey("council_escalations.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[int | None] = mapped_column(ForeignKey("council_teams.id", ondelete="SET NULL"))
    attempt: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer)
    ok: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str] = mapped_column(String(500), default="")


class UnitCost(Base):
    """What one statutory contact for this kind of help costs the council, and where the figure is from."""

    __tablename__ = "council_unit_costs"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"), unique=True)
    amount_pence: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(500))
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    category: Mapped[Category] = relationship()


class DemandWarning(Base):
    """A week where forecast demand for a kind of help in a ward exceeds what its groups and offers can
    meet (``flask council forecast`` refreshes them)."""

    __tablename__ = "council_demand_warnings"
    __table_args__ = (Index("ix_council_demand_warnings_area", "area_id", "week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    week: Mapped[date] = mapped_column(Date)
    forecast: Mapped[float] = mapped_column(Float)
    capacity: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(40))
    made_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    area: Mapped[Area] = relationship()
    category: Mapped[Category] = relationship()


class DemandRollup(Base):
    """What the needs of one month came to, so the evidence page reads a few rows instead of every need
    (``community.council.evidence.refresh_demand_rollup``). Each month is kept at four levels: each ward ×
    kind of help (``cell``), each ward (``ward``, no kind), each kind (``kind``, no ward) and the whole place
    (``all``), so that the page, whatever it is filtered to, reads one row a month."""

    __tablename__ = "council_demand_rollup"
    __table_args__ = (
        one_of("level", ("cell", "ward", "kind", "all")),
        Index("ix_council_demand_rollup_level_month", "level", "month", "area_id", "category_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[str] = mapped_column(String(8), default="cell")
    month: Mapped[str] = mapped_column(String(7))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    needs_posted: Mapped[int] = mapped_column(Integer, default=0)
    met_in_community: Mapped[int] = mapped_column(Integer, default=0)
    not_met: Mapped[int] = mapped_column(Integer, default=0)
    repeat_demand: Mapped[int] = mapped_column(Integer, default=0)
    # {hours from posting to met: how many}, as JSON: medians do not add up, their histograms do.
    hours_to_meet: Mapped[str] = mapped_column(Text, default="{}")
    made_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
