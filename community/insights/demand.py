"""Demand over time: needs posted each week, by ward and category, met by the community or not.

This is the evidence a council reports as *demand managed*: help asked for and given between neighbours
and groups before it reached a statutory service. Weeks start on Monday (UTC). The grouping is done by the
database; Python only fills the weeks in which nothing was posted.

Small counts: figures that leave the connector role (CSV downloads, public summaries) pass through
:func:`suppress_small_count`, following :data:`SUPPRESSION_RULE`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Date, Select, SQLColumnExpression, case, cast, func, select
from sqlalchemy.orm import Session

from community.db import utcnow
from community.i18n import _
from community.models import Area, Category, Need
from community.models.posts import NEED_OPEN_STATUSES

__all__ = [
    "CSV_HEADER",
    "DEFAULT_WEEKS",
    "SMALL_COUNT_THRESHOLD",
    "SUPPRESSED",
    "SUPPRESSION_RULE",
    "DemandRow",
    "WeekTotal",
    "demand_csv_rows",
    "suppress_small_count",
    "week_start",
    "weekly_demand",
    "weekly_totals",
]

DEFAULT_WEEKS = 12
SMALL_COUNT_THRESHOLD = 5
SUPPRESSED = _("fewer than 5")
SUPPRESSION_RULE = (
    _("To protect the people behind the figures, any count under 5 (including none) is shown as "
    "“fewer than 5” in downloads and in anything shared beyond council connectors.")
)
UNMET_STATUSES = ("closed_unmet", "expired")
CSV_HEADER = (
    "week_starting", "ward_code", "ward", "category", "needs_posted", "met", "not_met", "still_open",
)


def suppress_small_count(count: int) -> int | str:
    """Return ``count``, or :data:`SUPPRESSED` when it is under :data:`SMALL_COUNT_THRESHOLD`.

    Examples
    --------
    >>> suppress_small_count(12)
    12
    >>> suppress_small_count(4)
    'fewer than 5'
    >>> suppress_small_count(0)
    'fewer than 5'
    """
    return SUPPRESSED if count < SMALL_COUNT_THRESHOLD else count


def week_start(day: date) -> date:
    """The Monday on or before ``day``.

    >>> week_start(date(2025, 3, 9))  # a Sunday
    datetime.date(2025, 3, 3)
    """
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class DemandRow:
    week: date
    area_code: str
    area_name: str
    category_slug: str
    category_name: str
    posted: int
    met: int
    not_met: int
    still_open: int


@dataclass(frozen=True, slots=True)
class WeekTotal:
    week: date
    posted: int = 0
    met: int = 0
    not_met: int = 0
    still_open: int = 0


def _week_of(session: Session, column: SQLColumnExpression[datetime]) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.date_trunc("week", func.timezone("UTC", column)), Date)
    # SQLite stores naive UTC text: step forward to Sunday, then back six days to that week's Monday.
    return func.date(column, "weekday 0", "-6 days")


def _as_date(value: date | str) -> date:
    # PostgreSQL gives a date; SQLite gives the text of one.
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _counts():
    def count(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    return (
        func.count(Need.id),
        count(Need.status == "met"),
        count(Need.status.in_(UNMET_STATUSES)),
        count(Need.status.in_(NEED_OPEN_STATUSES)),
    )


Query = TypeVar("Query", bound=Select)  # a select of any columns


def _filtered(query: Query, *, start: datetime, area_code: str | None, category_slug: str | None) -> Query:
    query = query.where(Need.created_at >= start, Need.hidden.is_(False))
    if area_code is not None:
        query = query.where(Area.code == area_code)
    if category_slug is not None:
        query = query.where(Category.slug == category_slug)
    return query


def _first_week(weeks: int, now: datetime) -> tuple[date, datetime]:
    first = week_start(now.date()) - timedelta(weeks=weeks - 1)
    return first, datetime(first.year, first.month, first.day, tzinfo=now.tzinfo)


def weekly_demand(
    session: Session,
    *,
    weeks: int = DEFAULT_WEEKS,
    area_code: str | None = None,
    category_slug: str | None = None,
    now: datetime | None = None,
) -> list[DemandRow]:
    """Needs posted in the last ``weeks`` weeks, one row per week x ward x category that had any."""
    now = now or utcnow()
    _first, start = _first_week(weeks, now)
    week = _week_of(session, Need.created_at).label("week")
    query = (
        select(week, Area.code, Area.name, Category.slug, Category.name, *_counts())
        .join(Area, Area.id == Need.area_id)
        .join(Category, Category.id == Need.category_id)
        .group_by(week, Area.code, Area.name, Category.slug, Category.name)
    )
    query = _filtered(query, start=start, area_code=area_code, category_slug=category_slug)
    rows = [
        DemandRow(_as_date(w), code, area, slug, name, int(p), int(m), int(u), int(o))
        for w, code, area, slug, name, p, m, u, o in session.execute(query)
    ]
    return sorted(rows, key=lambda r: (r.week, r.area_name, r.category_name))


def weekly_totals(
    session: Session,
    *,
    weeks: int = DEFAULT_WEEKS,
    area_code: str | None = None,
    category_slug: str | None = None,
    now: datetime | None = None,
) -> list[WeekTotal]:
    """One total per week (every week present, oldest first), for the chart."""
    now = now or utcnow()
    first, start = _first_week(weeks, now)
    week = _week_of(session, Need.created_at).label("week")
    query = select(week, *_counts()).select_from(Need).group_by(week)
    if area_code is not None:
        query = query.join(Area, Area.id == Need.area_id)
    if category_slug is not None:
        query = query.join(Category, Category.id == Need.category_id)
    query = _filtered(query, start=start, area_code=area_code, category_slug=category_slug)
    found = {
        _as_date(w): WeekTotal(_as_date(w), int(p), int(m), int(u), int(o))
        for w, p, m, u, o in session.execute(query)
    }
    every_week = (first + timedelta(weeks=i) for i in range(weeks))
    return [found.get(w, WeekTotal(w)) for w in every_week]


def demand_csv_rows(rows: list[DemandRow]) -> list[tuple]:
    """Rows for a CSV download, small counts suppressed (it leaves the connector role)."""
    return [
        (
            row.week.isoformat(),
            row.area_code,
            row.area_name,
            row.category_name,
            suppress_small_count(row.posted),
            suppress_small_count(row.met),
            suppress_small_count(row.not_met),
            suppress_small_count(row.still_open),
        )
        for row in rows
    ]
