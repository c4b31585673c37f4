"""The connector dashboard's figures: the headline figures (``community.insights.figures``, shared with the
home page), gaps, moderation and the last run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from community.db import utcnow
from community.groups.manage import STALE_AFTER
from community.insights.coverage import coverage_status_counts
from community.insights.figures import HeadlineFigures, Trend, headline_figures
from community.insights.runs import latest_finished_run, run_results, unfinished_run
from community.models import AnalysisRun, Group, Report

__all__ = ["DashboardFigures", "Trend", "get_dashboard", "month_start", "stale_groups"]


def month_start(moment: datetime) -> datetime:
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class DashboardFigures:
    # The figures the home page shows too, with the same names and periods.
    headline: HeadlineFigures
    coverage_gaps: int
    thin_cells: int
    moderation_queue: int
    brokers_at_risk: list[dict]
    critical: list[dict]
    last_run: AnalysisRun | None
    running: AnalysisRun | None


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
    statuses = coverage_status_counts(session, now=now)
    reports = session.scalar(select(func.count(Report.id)).where(Report.status == "open"))
    last = latest_finished_run(session)
    results = run_results(last) or {}
    analysis = results.get("analysis") or {}
    return DashboardFigures(
        headline=headline_figures(session, now=now),
        coverage_gaps=statuses["gap"],
        thin_cells=statuses["thin"],
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
