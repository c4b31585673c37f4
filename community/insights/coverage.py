"""Coverage: for every ward x category, how much help was asked for and how much is on hand.

Each figure is one aggregate query over the whole city (GROUP BY ward and category), so the cost does not
grow with a Python loop over needs. The status of a cell comes from the network engine's published rule
(``community.network.coverage``), shown word for word on the page through :data:`COVERAGE_RULE`.

Windowed figures (needs posted, met, unmet, open over 7 days, median time to first response, searches that
found nothing) count needs *posted* in the window, and so do the people who helped (met one of those needs):
recent helping is supply too. The other supply figures (active offers, groups serving, DBS-ready volunteers)
describe now.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Executable, and_, case, func, literal, literal_column, or_, select
from sqlalchemy.orm import Session

from community.db import utcnow
from community.errors import NotFound, ValidationFailed
from community.i18n import _
from community.models import (
    Area,
    Category,
    DBSCheck,
    Group,
    Membership,
    Need,
    Offer,
    Response,
    SearchMiss,
    group_areas,
    group_categories,
)
from community.network.coverage import COVERAGE_RULE, CoverageCell, coverage_status

__all__ = [
    "COVERAGE_RULE",
    "DEFAULT_WINDOW_DAYS",
    "WINDOW_CHOICES",
    "UNMET_STATUSES",
    "CoverageRow",
    "cell_status",
    "coverage_cells",
    "coverage_status_counts",
    "get_coverage",
    "get_ward_coverage",
    "parse_window",
]

WINDOW_CHOICES = (30, 90, 365)
DEFAULT_WINDOW_DAYS = 90
# Needs that ended without help: closed as not met, or expired with nobody taking them on.
UNMET_STATUSES = ("closed_unmet", "expired")
OPEN_TOO_LONG = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class CoverageRow:
    area_code: str
    area_name: str
    category_slug: str
    category_name: str
    needs_posted: int = 0
    needs_met: int = 0
    needs_unmet: int = 0
    open_over_7_days: int = 0
    median_hours_to_first_response: float | None = None
    active_offers: int = 0
    groups_serving: int = 0
    # People who met a need posted here in the window: recent helping counts as supply.
    recent_helpers: int = 0
    dbs_ready_volunteers: int = 0
    zero_result_searches: int = 0
    status: str = "no demand"

    @property
    def demand(self) -> int:
        return self.needs_posted + self.zero_result_searches

    def to_dict(self) -> dict:
        return asdict(self) | {"demand": self.demand}


def cell_status(row: CoverageRow) -> str:
    """The engine's rule applied to one row's counts (the one place the rule is called)."""
    return coverage_status(
        row.needs_posted,
        row.needs_met,
        row.needs_unmet,
        row.open_over_7_days,
        active_offers=row.active_offers,
        groups_serving=row.groups_serving,
        zero_result_searches=row.zero_result_searches,
        recent_helpers=row.recent_helpers,
    )


def parse_window(value: str | int | None) -> int:
    """A window in days from a query string; one of :data:`WINDOW_CHOICES`."""
    if value in (None, ""):
        return DEFAULT_WINDOW_DAYS
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = -1
    if days not in WINDOW_CHOICES:
        raise ValidationFailed({"window": _("Select a period of 30, 90 or 365 days")})
    return days


def get_coverage(
    session: Session,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    category_slug: str | None = None,
    area_code: str | None = None,
    now: datetime | None = None,
) -> list[CoverageRow]:
    """Every ward x category cell (or those of one category or ward), ordered by ward then category."""
    return _rows(session, window_days=window_days, category_slug=category_slug, area_code=area_code, now=now,
                 detail=True)


def coverage_status_counts(
    session: Session, *, window_days: int = DEFAULT_WINDOW_DAYS, now: datetime | None = None
) -> Counter[str]:
    """How many of the city's cells have each status (the dashboard's gaps and thin cells): the same
    rows as :func:`get_coverage`, without the figures the rule does not read (the median wait and the
    DBS-ready volunteers), which were a third of the work."""
    return Counter(row.status for row in _rows(session, window_days=window_days, now=now, detail=False))


def _rows(
    session: Session,
    *,
    window_days: int,
    category_slug: str | None = None,
    area_code: str | None = None,
    now: datetime | None,
    detail: bool,
) -> list[CoverageRow]:
    now = now or utcnow()
    start = now - timedelta(days=window_days)
    wards = select(Area.id, Area.code, Area.name).where(Area.kind == "ward").order_by(Area.name)
    if area_code is not None:
        wards = wards.where(Area.code == area_code)
    categories = select(Category.id, Category.slug, Category.name).order_by(Category.position, Category.name)
    if category_slug is not None:
        categories = categories.where(Category.slug == category_slug)
    ward_rows = session.execute(wards).all()
    category_rows = session.execute(categories).all()
    # Only the cells asked for are counted: one category's page, or one ward's, reads a sixteenth or a
    # twenty-third of what the whole city's table does.
    figures = _Figures(
        session, start=start, now=now, detail=detail,
        area_ids=[row[0] for row in ward_rows] if area_code is not None else None,
        category_ids=[row[0] for row in category_rows] if category_slug is not None else None,
    )
    rows = []
    for area_id, code, area_name in ward_rows:
        for category_id, slug, category_name in category_rows:
            key = (area_id, category_id)
            posted, met, unmet, stale = figures.needs.get(key, (0, 0, 0, 0))
            row = CoverageRow(
                area_code=code,
                area_name=area_name,
                category_slug=slug,
                category_name=category_name,
                needs_posted=posted,
                needs_met=met,
                needs_unmet=unmet,
                open_over_7_days=stale,
                median_hours_to_first_response=figures.median_hours.get(key),
                active_offers=figures.offers.get(key, 0),
                groups_serving=figures.groups.get(key, 0),
                recent_helpers=figures.helpers.get(key, 0),
                dbs_ready_volunteers=figures.dbs_ready.get(key, 0),
                zero_result_searches=figures.misses.get(key, 0),
            )
            rows.append(_with_status(row))
    return rows


def get_ward_coverage(
    session: Session, *, area_code: str, window_days: int = DEFAULT_WINDOW_DAYS, now: datetime | None = None
) -> tuple[Area, list[CoverageRow]]:
    area = session.scalar(select(Area).where(Area.code == area_code, Area.kind == "ward"))
    if area is None:
        raise NotFound(_("No ward with that code"))
    return area, get_coverage(session, window_days=window_days, area_code=area_code, now=now)


def coverage_cells(rows: list[CoverageRow]) -> list[CoverageCell]:
    """The rows as the network engine's cells, for the analysis' coverage gaps."""
    return [CoverageCell(r.area_code, r.category_slug, r.status, r.demand) for r in rows]


def _with_status(row: CoverageRow) -> CoverageRow:
    # Frozen and slotted: the status is set once, on a row nobody else has seen yet, as a dataclass's own
    # __init__ sets its fields. replace() rebuilt the row through its fields' introspection (a third of the
    # dashboard's Python for the city's 368 cells); asdict() deep copied every value, which cost more still.
    object.__setattr__(row, "status", cell_status(row))
    return row


def _count(expression: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((expression, 1), else_=0)), 0)


class _Figures:
    """Each figure as ``{(area_id, category_id): value}``, one aggregate query apiece."""

    def __init__(
        self, session: Session, *, start: datetime, now: datetime,
        area_ids: list[int] | None = None, category_ids: list[int] | None = None, detail: bool = True,
    ) -> None:
        self.session = session
        self.start, self.now = start, now
        self.area_ids, self.category_ids = area_ids, category_ids
        self.needs = self._needs()
        # Not read by the status rule: left out when only the statuses are wanted.
        self.median_hours = self._median_hours() if detail else {}
        self.offers = self._pairs(
            select(Offer.area_id, Offer.category_id, func.count(Offer.id))
            .where(
                Offer.status == "active",
                Offer.hidden.is_(False),
                Offer.area_id.is_not(None),
                or_(Offer.expires_at.is_(None), Offer.expires_at > now),
                *self._cells(Offer.area_id, Offer.category_id),
            )
            .group_by(Offer.area_id, Offer.category_id)
        )
        # count(*), not count(distinct): a group is in a cell once ((group, ward) and (group, category)
        # are primary keys), and counting distinct values sorts each cell's rows.
        self.groups = self._pairs(self._serving(func.count()))
        self.helpers = self._pairs(
            select(Need.area_id, Need.category_id, func.count(func.distinct(Response.helper_id)))
            .join(Response, Response.need_id == Need.id)
            # Written into the SQL, not bound: a prepared statement's generic plan can use the partial index
            # of completed responses only if it can see the status it is asked for.
            .where(*self._windowed_needs(), Need.status == "met",
                   Response.status == literal_column("'completed'"))
            .group_by(Need.area_id, Need.category_id)
        )
        self.dbs_ready = self._pairs(self._dbs_ready()) if detail else {}
        self.misses = self._pairs(
            select(SearchMiss.area_id, SearchMiss.category_id, func.count(SearchMiss.id))
            .where(
                SearchMiss.day >= start.date(),
                SearchMiss.day <= now.date(),
                SearchMiss.area_id.is_not(None),
                SearchMiss.category_id.is_not(None),
                *self._cells(SearchMiss.area_id, SearchMiss.category_id),
            )
            .group_by(SearchMiss.area_id, SearchMiss.category_id)
        )

    def _windowed_needs(self):
        # Bounded at ``now`` too, so that a past ``now`` (the connectors' weekly digest compares with a week
        # ago) does not count what was posted since.
        return (Need.created_at >= self.start, Need.created_at <= self.now, Need.hidden.is_(False),
                Need.area_id.is_not(None), *self._cells(Need.area_id, Need.category_id))

    def _cells(
        self, area_id: Any, category_id: Any
    ) -> list[ColumnElement[bool]]:
        """Conditions keeping only the wards and categories asked for (none: the whole city)."""
        conditions: list[ColumnElement[bool]] = []
        if self.area_ids is not None:
            conditions.append(area_id.in_(self.area_ids))
        if self.category_ids is not None:
            conditions.append(category_id.in_(self.category_ids))
        return conditions

    def _needs(self) -> dict:
        query = (
            select(
                Need.area_id,
                Need.category_id,
                # count(*), not count(id): the covering index answers it without the table.
                func.count(),
                _count(Need.status == "met"),
                _count(Need.status.in_(UNMET_STATUSES)),
                _count(and_(Need.status == "open", Need.created_at <= self.now - OPEN_TOO_LONG)),
            )
            .where(*self._windowed_needs())
            .group_by(Need.area_id, Need.category_id)
        )
        return {(a, c): (int(p), int(m), int(u), int(s)) for a, c, p, m, u, s in self.session.execute(query)}

    def _hours_between(self, later, earlier):
        if self.session.get_bind().dialect.name == "postgresql":
            return func.extract("epoch", later - earlier) / literal(3600.0)
        return (func.julianday(later) - func.julianday(earlier)) * literal(24.0)

    def _median_hours(self) -> dict:
        # The median in SQL on both databases: number each cell's waits in order and average the middle one
        # (or two). SQLite has no percentile function.
        waits = (
            select(
                Need.area_id.label("area_id"),
                Need.category_id.label("category_id"),
                self._hours_between(Need.first_response_at, Need.created_at).label("hours"),
            )
            .where(*self._windowed_needs(), Need.first_response_at.is_not(None))
            .subquery()
        )
        cell = (waits.c.area_id, waits.c.category_id)
        ranked = select(
            *cell,
            waits.c.hours,
            func.row_number().over(partition_by=cell, order_by=waits.c.hours).label("position"),
            func.count().over(partition_by=cell).label("size"),
        ).subquery()
        middle = or_(
            ranked.c.position == (ranked.c.size + 1) // 2, ranked.c.position == (ranked.c.size + 2) // 2
        )
        query = (
            select(ranked.c.area_id, ranked.c.category_id, func.avg(ranked.c.hours))
            .where(middle)
            .group_by(ranked.c.area_id, ranked.c.category_id)
        )
        return {(a, c): round(float(h), 1) for a, c, h in self.session.execute(query)}

    def _serving(self, measure):
        return (
            select(group_areas.c.area_id, group_categories.c.category_id, measure)
            .select_from(group_areas)
            .join(group_categories, group_categories.c.group_id == group_areas.c.group_id)
            .join(Group, Group.id == group_areas.c.group_id)
            .where(Group.closed_at.is_(None),
                   *self._cells(group_areas.c.area_id, group_categories.c.category_id))
            .group_by(group_areas.c.area_id, group_categories.c.category_id)
        )

    def _dbs_ready(self):
        valid_check = (
            select(DBSCheck.user_id)
            .where(DBSCheck.revoked.is_(False), DBSCheck.expires_on >= self.now.date())
            .distinct()
            .subquery()
        )
        return (
            self._serving(func.count(func.distinct(Membership.user_id)))
            .join(Membership, and_(Membership.group_id == Group.id, Membership.status == "active"))
            .join(valid_check, valid_check.c.user_id == Membership.user_id)
        )

    def _pairs(self, query: Executable) -> dict[tuple[int, int], int]:
        return {(a, c): int(n) for a, c, n in self.session.execute(query)}
