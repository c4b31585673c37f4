"""The connector dashboard's figures: demand met this month, what is waiting, gaps and the last run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from community.db import utcnow
from community.groups.manage import STALE_AFTER
from community.i18n import _
from community.insights.coverage import get_coverage
from community.insights.runs import latest_finished_run, run_results, unfinished_run
from community.models import AnalysisRun, Group, Need, Report

__all__ = ["DashboardFigures", "Trend", "get_dashboard", "month_start", "stale_groups"]



def month_start(moment: datetime) -> datetime:
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class Trend:
    this_month: int
    last_month: int

    @property
    def change(self) -> int:
        return self.this_month - self.last_month

    @property
    def words(self) -> str:
        """"up 3 on last month" / "down 2 on last month" / "the same as last month"."""
        if self.change == 0:
            return _("the same as last month")
        if self.change > 0:
            return _("up %(change)s on last month (so far)", change=self.change)
        return _("down %(change)s on last month (so far)", change=-self.change)


@dataclass(frozen=True)
class DashboardFigures:
    met: Trend
    waiting: int
    unmet_this_month: int
    coverage_gaps: int
    thin_cells: int
    stale_groups: int
    moderation_queue: int
    brokers_at_risk: list[dict]
    critical: list[dict]
    last_run: AnalysisRun | None
    running: AnalysisRun | None


def _needs_count(session: Session, *conditions: ColumnElement[bool]) -> int:
    return session.scalar(select(func.count(Need.id)).where(*conditions)) or 0


def stale_groups(session: Session, *, now: datetime | None = None, limit: int | None = None) -> list[Group]:
    """Open groups whose details nobody has confirmed in 12 months, or ever; oldest first."""
    now = now or utcnow()
    query = (
        select(Group)
        .where(
            Group.closed_at.is_(None),
            or_(Group.assured_at.is_(None), Group.assured_at < now - STALE_AFTER),
        )
        .order_by(Group.assured_at.is_not(None), Group.assured_at, Group.name)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def get_dashboard(session: Session, *, now: datetime | None = None) -> DashboardFigures:
    now = now or utcnow()
    this_month = month_start(now)
    last_month = month_start(this_month - timedelta(days=1))
    met = Trend(
        this_month=_needs_count(session, Need.status == "met", Need.met_at >= this_month),
        last_month=_needs_count(
            session, Need.status == "met", Need.met_at >= last_month, Need.met_at < this_month
        ),
    )
    waiting = _needs_count(session, Need.status == "open", Need.hidden.is_(False))
    unmet = _needs_count(
        session, Need.status.in_(("closed_unmet", "expired")), Need.closed_at >= this_month
    )
    statuses = [row.status for row in get_coverage(session, now=now)]
    stale = session.scalar(
        select(func.count(Group.id)).where(
            Group.closed_at.is_(None), or_(Group.assured_at.is_(None), Group.assured_at < now - STALE_AFTER)
        )
    )
    reports = session.scalar(select(func.count(Report.id)).where(Report.status == "open"))
    last = latest_finished_run(session)
    results = run_results(last) or {}
    analysis = results.get("analysis") or {}
    return DashboardFigures(
        met=met,
        waiting=waiting,
        unmet_this_month=unmet,
        coverage_gaps=statuses.count("gap"),
        thin_cells=statuses.count("thin"),
        stale_groups=stale or 0,
        moderation_queue=reports or 0,
        brokers_at_risk=brokers_at_risk(analysis),
        critical=list(analysis.get("critical", []))[:10],
        last_run=last,
        running=unfinished_run(session),
    )


def brokers_at_risk(analysis: dict, *, limit: int = 10) -> list[dict]:
    """Brokers whose leaving would cut someone off (articulation points), in betweenness order; the top
    brokers when no one would be cut off."""
    brokers = list(analysis.get("brokers", []))
    at_risk = [b for b in brokers if b.get("articulation_point") or b.get("nodes_cut_off")]
    return (at_risk or brokers)[:limit]
