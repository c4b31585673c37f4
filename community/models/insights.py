"""What connectors work with: unmet searches, network analysis runs and introductions."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.db import Base, utcnow
from community.models.groups import Group
from community.models.types import StringEnum, UTCDateTime, one_of, values_of

__all__ = [
    "SearchMiss",
    "AnalysisRun",
    "Introduction",
    "RunStatus",
    "IntroductionStatus",
    "RUN_STATUSES",
    "INTRODUCTION_STATUSES",
]


class RunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"


class IntroductionStatus(StrEnum):
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


RUN_STATUSES = values_of(RunStatus)
INTRODUCTION_STATUSES = values_of(IntroductionStatus)


class SearchMiss(Base):
    """A search that found nothing: demand with no supply. Anonymous by design: no user, no point."""

    __tablename__ = "search_misses"
    __table_args__ = (Index("ix_search_misses_area_category_day", "area_id", "category_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10), default="offers")
    day: Mapped[date] = mapped_column(Date)


class AnalysisRun(Base):
    __tablename__ = "analysis_runs"
    __table_args__ = (
        one_of("status", RUN_STATUSES),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_percent"),
        Index("ix_analysis_runs_status_finished", "status", "finished_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str | None] = mapped_column(String(64), index=True)
    parameters: Mapped[str] = mapped_column(Text, default="{}")
    status: Mapped[RunStatus] = mapped_column(StringEnum(RunStatus, 16), default=RunStatus.QUEUED)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    stage: Mapped[str] = mapped_column(String(80), default="Waiting to start")
    error: Mapped[str | None] = mapped_column(Text)
    timings: Mapped[str] = mapped_column(Text, default="{}")
    results: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Written every few seconds by the process running the analysis: a running run whose heartbeat has
    # stopped lost its process (killed, out of memory, a restart) and is marked failed.
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Introduction(Base):
    """A connector's suggested link between two groups, with the reason the analysis gave."""

    __tablename__ = "introductions"
    __table_args__ = (
        one_of("status", INTRODUCTION_STATUSES),
        Index("ix_introductions_groups", "group_a_id", "group_b_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_a_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    group_b_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)
    # The connector's own words to both groups, beside the analysis's reason (free text; may be empty).
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    introducer_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    analysis_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("analysis_runs.id", ondelete="SET NULL")
    )
    status: Mapped[IntroductionStatus] = mapped_column(
        StringEnum(IntroductionStatus, 16), default=IntroductionStatus.SENT
    )
    a_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    b_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    group_a: Mapped[Group] = relationship(foreign_keys=[group_a_id])
    group_b: Mapped[Group] = relationship(foreign_keys=[group_b_id])
