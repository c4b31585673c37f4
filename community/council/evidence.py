"""The demand-management evidence: by month, ward and kind of help.

- **needs posted**: demand that reached the community (every need, however it was posted);
- **met in the community**: needs marked met that were never escalated to the council;
- **referrals in** from council teams and their outcomes; **escalations out** to council teams and theirs;
- **share met without a council service**: met in the community ÷ needs posted;
- **median time to meet**: from posting to being marked met (hour resolution);
- **repeat demand**: needs from a resident who had posted another need in the 90 days before;
- **estimated cost avoided**: met in the community × the unit cost an admin entered for that kind of help.

The grouping is done by the database, a handful of grouped queries whatever the size of the place; Python
only adds the groups together. Counts are exact: the page and its downloads are for connectors and officers.
The public open-data download (:func:`open_data_rows`) suppresses counts of 1 to 4 and shows 0 as 0.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Interval,
    case,
    cast,
    delete,
    extract,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.orm import Session

from community.db import utcnow
from community.i18n import _
from community.models import (
    Area,
    Category,
    DemandRollup,
    Escalation,
    EscalationOutcome,
    EscalationStatus,
    Need,
    Referral,
    UnitCost,
)

__all__ = [
    "DEFAULT_MONTHS",
    "EvidenceFilter",
    "Evidence",
    "Figures",
    "OPEN_DATA_SUPPRESSED",
    "REPEAT_WINDOW",
    "ROLLUP_MAX_AGE",
    "refresh_demand_rollup",
    "rollup_made_at",
    "demand_evidence",
    "evidence_rows",
    "month_start",
    "open_data_count",
    "open_data_rows",
    "ROW_FIELDS",
]

DEFAULT_MONTHS = 12
REPEAT_WINDOW = timedelta(days=90)
# The rollup covers this many months, and the page works it out again when it is older than this.
ROLLUP_MONTHS = 36
ROLLUP_MAX_AGE = timedelta(minutes=15)
OPEN_DATA_SUPPRESSED = "1-4"
UNMET = ("closed_unmet", "expired", "withdrawn")
OPEN_DATA_RULE = _(
    "Counts from 1 to 4 are shown as “1-4” to protect the people behind them; 0 is shown as 0."
)


def month_start(day: date) -> date:
    """
    >>> month_start(date(2026, 3, 17))
    datetime.date(2026, 3, 1)
    """
    return day.replace(day=1)


def _add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def open_data_count(count: int) -> int | str:
    """A count as the public download shows it.

    >>> [open_data_count(n) for n in (0, 1, 4, 5, 12)]
    [0, '1-4', '1-4', 5, 12]
    """
    return OPEN_DATA_SUPPRESSED if 1 <= count <= 4 else count


@dataclass(frozen=True, slots=True)
class EvidenceFilter:
    first_month: date
    months: int = DEFAULT_MONTHS
    area_id: int | None = None
    category_id: int | None = None

    @classmethod
    def last(
        cls,
        months: int = DEFAULT_MONTHS,
        *,
        now: datetime | None = None,
        area_id: int | None = None,
        category_id: int | None = None,
    ) -> EvidenceFilter:
        today = (now or utcnow()).date()
        return cls(_add_months(month_start(today), -(months - 1)), months, area_id, category_id)

    @property
    def start(self) -> datetime:
        return datetime(self.first_month.year, self.first_month.month, 1, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        last = _add_months(self.first_month, self.months)
        return datetime(last.year, last.month, 1, tzinfo=UTC)

    def month_keys(self) -> list[str]:
        return [_add_months(self.first_month, i).strftime("%Y-%m") for i in range(self.months)]


@dataclass(slots=True)
class Figures:
    """The counts for one group (a month, or a month × ward × kind of help)."""

    needs_posted: int = 0
    met_in_community: int = 0
    not_met: int = 0
    referrals_in: int = 0
    referrals_met: int = 0
    referrals_not_met: int = 0
    referrals_returned: int = 0
    escalations_out: int = 0
    escalations_resolved: int = 0
    escalations_service_provided: int = 0
    repeat_demand: int = 0

    def add(self, other: Figures) -> None:
        for f in fields(Figures):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def share_met_without_council(self) -> float | None:
        return self.met_in_community / self.needs_posted if self.needs_posted else None


ROW_FIELDS = tuple(f.name for f in fields(Figures))


@dataclass(slots=True)
class MonthFigures:
    month: str
    figures: Figures = field(default_factory=Figures)
    hours_to_meet: dict[int, int] = field(default_factory=dict)
    cost_avoided_pence: int | None = None

    @property
    def median_days_to_meet(self) -> float | None:
        return _median_days(self.hours_to_meet)


@dataclass(slots=True)
class Evidence:
    filter: EvidenceFilter
    months: list[MonthFigures]
    total: MonthFigures
    # (month, area_id, category_id) → figures, for the downloads.
    groups: dict[tuple[str, int | None, int | None], Figures]
    costs_entered: bool
    costs_illustrative: bool
    cost_sources: list[tuple[str, str]]


def _median_days(histogram: dict[int, int]) -> float | None:
    """The median of values given as {hours: how many}, in days (the mean of the middle two when even).

    >>> _median_days({24: 1, 48: 1, 72: 1}), _median_days({24: 1, 72: 1})
    (2.0, 2.0)
    >>> _median_days({}) is None
    True
    """
    total = sum(histogram.values())
    if not total:
        return None
    wanted = {(total + 1) // 2, total // 2 + 1}  # 1-based positions of the middle value(s)
    found: list[int] = []
    seen = 0
    for hours in sorted(histogram):
        before, seen = seen, seen + histogram[hours]
        found.extend(hours for position in wanted if before < position <= seen)
    return round(sum(found) / len(found) / 24, 1)


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _month(session: Session, column: Any) -> ColumnElement[Any]:
    if _postgres(session):
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


def _hours_between(session: Session, later: Any, earlier: Any) -> ColumnElement[Any]:
    if _postgres(session):
        return cast(extract("epoch", later - earlier) / 3600, Integer)
    return cast((func.julianday(later) - func.julianday(earlier)) * 24, Integer)


def _count(condition: Any) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _where(
    query: Any, column_created: Any, column_area: Any, column_category: Any, flt: EvidenceFilter
) -> Any:
    query = query.where(column_created >= flt.start, column_created < flt.end)
    if flt.area_id is not None:
        query = query.where(column_area == flt.area_id)
    if flt.category_id is not None:
        query = query.where(column_category == flt.category_id)
    return query


Key = tuple[str, int | None, int | None]


@dataclass(slots=True)
class NeedCell:
    """What the needs of one month, ward and kind of help came to."""

    needs_posted: int = 0
    met_in_community: int = 0
    not_met: int = 0
    repeat_demand: int = 0
    hours_to_meet: dict[int, int] = field(default_factory=dict)


def _live_need_cells(session: Session, flt: EvidenceFilter) -> dict[Key, NeedCell]:
    """The needs' figures straight from the needs: every need of the period is read (seconds at city scale,
    so the page reads the rollup instead, see :func:`refresh_demand_rollup`)."""
    cells: dict[Key, NeedCell] = defaultdict(NeedCell)
    month = _month(session, Need.created_at).label("month")

    needs = _where(
        select(
            month,
            Need.area_id,
            Need.category_id,
            func.count(Need.id),
            _count(Need.status == "met"),
            _count(Need.status.in_(UNMET)),
        ).group_by(month, Need.area_id, Need.category_id),
        Need.created_at,
        Need.area_id,
        Need.category_id,
        flt,
    )
    for m, area, category, posted, met, unmet in session.execute(needs):
        g = cells[(m, area, category)]
        g.needs_posted, g.met_in_community, g.not_met = int(posted), int(met), int(unmet)

    # Needs that were met but had been escalated do not count as met without the council.
    escalated_met = _where(
        select(month, Need.area_id, Need.category_id, func.count(func.distinct(Need.id)))
        .join(Escalation, Escalation.need_id == Need.id)
        .where(Need.status == "met")
        .group_by(month, Need.area_id, Need.category_id),
        Need.created_at,
        Need.area_id,
        Need.category_id,
        flt,
    )
    for m, area, category, count in session.execute(escalated_met):
        cells[(m, area, category)].met_in_community -= int(count)

    for key, count in _repeat_demand(session, flt).items():
        cells[key].repeat_demand = count

    hours = _hours_between(session, Need.met_at, Need.created_at).label("hours")
    histogram = _where(
        select(month, Need.area_id, Need.category_id, hours, func.count(Need.id))
        .where(Need.status == "met", Need.met_at.is_not(None))
        .group_by(month, Need.area_id, Need.category_id, hours),
        Need.created_at,
        Need.area_id,
        Need.category_id,
        flt,
    )
    for m, area, category, h, count in session.execute(histogram):
        if h is not None:
            bucket = cells[(m, area, category)].hours_to_meet
            bucket[max(0, int(h))] = bucket.get(max(0, int(h)), 0) + int(count)
    return dict(cells)


def _level(flt: EvidenceFilter) -> str:
    if flt.area_id is not None:
        return "cell" if flt.category_id is not None else "ward"
    return "kind" if flt.category_id is not None else "all"


def _rollup_need_cells(session: Session, flt: EvidenceFilter, level: str = "cell") -> dict[Key, NeedCell]:
    query = select(
        DemandRollup.month,
        DemandRollup.area_id,
        DemandRollup.category_id,
        DemandRollup.needs_posted,
        DemandRollup.met_in_community,
        DemandRollup.not_met,
        DemandRollup.repeat_demand,
        DemandRollup.hours_to_meet,
    ).where(DemandRollup.level == level, DemandRollup.month.in_(flt.month_keys()))
    if flt.area_id is not None:
        query = query.where(DemandRollup.area_id == flt.area_id)
    if flt.category_id is not None:
        query = query.where(DemandRollup.category_id == flt.category_id)
    cells: dict[Key, NeedCell] = {}
    for m, area, category, posted, met, unmet, repeat, hours in session.execute(query):
        cells[(m, area, category)] = NeedCell(
            posted, met, unmet, repeat, {int(k): v for k, v in json.loads(hours or "{}").items()}
        )
    return cells


def _met_by_category(session: Session, flt: EvidenceFilter) -> dict[tuple[str, int], int]:
    """Needs met in the community per month and kind of help (for the cost avoided), from the rollup."""
    level = "cell" if flt.area_id is not None else "kind"
    query = select(DemandRollup.month, DemandRollup.category_id, DemandRollup.met_in_community).where(
        DemandRollup.level == level, DemandRollup.month.in_(flt.month_keys())
    )
    if flt.area_id is not None:
        query = query.where(DemandRollup.area_id == flt.area_id)
    if flt.category_id is not None:
        query = query.where(DemandRollup.category_id == flt.category_id)
    found: dict[tuple[str, int], int] = defaultdict(int)
    for m, category, met in session.execute(query):
        if category is not None:
            found[(m, category)] += int(met)
    return found


def _merge(into: NeedCell, cell: NeedCell) -> None:
    into.needs_posted += cell.needs_posted
    into.met_in_community += cell.met_in_community
    into.not_met += cell.not_met
    into.repeat_demand += cell.repeat_demand
    for h, n in cell.hours_to_meet.items():
        into.hours_to_meet[h] = into.hours_to_meet.get(h, 0) + n


def rollup_made_at(session: Session) -> datetime | None:
    """When the rollup was last refreshed; None if never."""
    return session.scalar(select(func.max(DemandRollup.made_at)))


def refresh_demand_rollup(
    session: Session, *, now: datetime | None = None, months: int = ROLLUP_MONTHS
) -> int:
    """Work the needs' figures out again for the last ``months`` months and keep them; returns the rows.

    ``flask council evidence`` runs it from a scheduler; the page runs it itself when the figures are older
    than :data:`ROLLUP_MAX_AGE`.
    """
    now = now or utcnow()
    cells = _live_need_cells(session, EvidenceFilter.last(months, now=now))
    session.execute(delete(DemandRollup))
    levels: dict[tuple[str, str, int | None, int | None], NeedCell] = defaultdict(NeedCell)
    for (m, area, category), cell in cells.items():
        for level, key in (
            ("cell", (area, category)),
            ("ward", (area, None)),
            ("kind", (None, category)),
            ("all", (None, None)),
        ):
            _merge(levels[(level, m, *key)], cell)
    rows = [
        {
            "level": level,
            "month": m,
            "area_id": area,
            "category_id": category,
            "needs_posted": c.needs_posted,
            "met_in_community": c.met_in_community,
            "not_met": c.not_met,
            "repeat_demand": c.repeat_demand,
            "hours_to_meet": json.dumps(c.hours_to_meet, sort_keys=True),
            "made_at": now,
        }
        for (level, m, area, category), c in levels.items()
    ]
    if rows:
        session.execute(insert(DemandRollup), rows)
    else:
        # A marker row (no month the page asks for) keeps "when" for a place with no needs yet.
        session.add(DemandRollup(level="all", month="0000-00", made_at=now))
    session.flush()
    return len(rows)


def demand_evidence(
    session: Session, *, flt: EvidenceFilter, live: bool = False, by_cell: bool = True
) -> Evidence:
    """The evidence for ``flt``: the needs' figures from the rollup (or, ``live``, from the needs), the
    referrals and escalations always live (they are few). ``by_cell`` False (the page) reads one rollup row
    a month instead of every ward × kind of help, and leaves ``groups`` without the needs' cells."""
    groups: dict[Key, Figures] = defaultdict(Figures)
    if live:
        cells = _live_need_cells(session, flt)
    else:
        cells = _rollup_need_cells(session, flt, "cell" if by_cell else _level(flt))
    if live or by_cell:
        met_by_category: dict[tuple[str, int], int] = defaultdict(int)
        for (m, _area, category), cell in cells.items():
            if category is not None:
                met_by_category[(m, category)] += cell.met_in_community
    else:
        met_by_category = _met_by_category(session, flt)
    for key, cell in cells.items():
        g = groups[key]
        g.needs_posted, g.met_in_community, g.not_met, g.repeat_demand = (
            cell.needs_posted,
            cell.met_in_community,
            cell.not_met,
            cell.repeat_demand,
        )

    referral_month = _month(session, Referral.created_at).label("month")
    returned = Referral.returned_at.is_not(None)
    referrals = _where(
        select(
            referral_month,
            Referral.area_id,
            Referral.category_id,
            func.count(Referral.id),
            _count(~returned & (Need.status == "met")),
            _count(~returned & Need.status.in_(UNMET)),
            _count(returned),
        )
        .outerjoin(Need, Need.id == Referral.need_id)
        .group_by(referral_month, Referral.area_id, Referral.category_id),
        Referral.created_at,
        Referral.area_id,
        Referral.category_id,
        flt,
    )
    for m, area, category, count, met, unmet, back in session.execute(referrals):
        g = groups[(m, area, category)]
        g.referrals_in, g.referrals_met, g.referrals_not_met, g.referrals_returned = (
            int(count),
            int(met),
            int(unmet),
            int(back),
        )

    escalation_month = _month(session, Escalation.created_at).label("month")
    escalations = _where(
        select(
            escalation_month,
            Escalation.area_id,
            Escalation.category_id,
            func.count(Escalation.id),
            _count(Escalation.status == EscalationStatus.RESOLVED),
            _count(Escalation.outcome == EscalationOutcome.SERVICE_PROVIDED),
        ).group_by(escalation_month, Escalation.area_id, Escalation.category_id),
        Escalation.created_at,
        Escalation.area_id,
        Escalation.category_id,
        flt,
    )
    for m, area, category, count, resolved, service in session.execute(escalations):
        g = groups[(m, area, category)]
        g.escalations_out, g.escalations_resolved, g.escalations_service_provided = (
            int(count),
            int(resolved),
            int(service),
        )

    months = {key: MonthFigures(key) for key in flt.month_keys()}
    total = MonthFigures(_("All months"))
    for (m, _area, _category), figures in groups.items():
        if m in months:
            months[m].figures.add(figures)
    for month_figures in months.values():
        total.figures.add(month_figures.figures)

    for (m, _area, _category), cell in cells.items():
        if m in months:
            for h, count in cell.hours_to_meet.items():
                months[m].hours_to_meet[h] = months[m].hours_to_meet.get(h, 0) + count
                total.hours_to_meet[h] = total.hours_to_meet.get(h, 0) + count

    costs = {c.category_id: c for c in session.scalars(select(UnitCost))}
    if costs:
        per_month: dict[str, int] = defaultdict(int)
        for (m, category), met in met_by_category.items():
            cost = costs.get(category)
            if cost is not None and m in months:
                per_month[m] += max(0, met) * cost.amount_pence
        for month_key, month_figures in months.items():
            month_figures.cost_avoided_pence = per_month.get(month_key, 0)
        total.cost_avoided_pence = sum(per_month.values())
    names = dict(session.execute(select(Category.id, Category.name)).all())
    return Evidence(
        filter=flt,
        months=list(months.values()),
        total=total,
        groups=dict(groups),
        costs_entered=bool(costs),
        costs_illustrative=any(c.illustrative for c in costs.values()),
        cost_sources=sorted((names.get(c.category_id, ""), c.source) for c in costs.values()),
    )


def _repeat_demand(session: Session, flt: EvidenceFilter) -> dict[tuple[str, int | None, int | None], int]:
    """Needs whose resident had posted another need in the 90 days before, by month, ward and kind."""
    previous = func.lag(Need.created_at).over(
        partition_by=Need.requester_id, order_by=(Need.created_at, Need.id)
    )
    inner = select(
        Need.id, Need.created_at, Need.area_id, Need.category_id, previous.label("previous")
    ).where(
        Need.requester_id.is_not(None),
        Need.created_at >= flt.start - REPEAT_WINDOW,
        Need.created_at < flt.end,
    )
    sub = inner.subquery()
    month = _month(session, sub.c.created_at).label("month")
    if _postgres(session):
        within = sub.c.created_at - sub.c.previous <= literal(REPEAT_WINDOW, Interval())
    else:
        within = func.julianday(sub.c.created_at) - func.julianday(sub.c.previous) <= cast(
            REPEAT_WINDOW.days, Float
        )
    query = _where(
        select(month, sub.c.area_id, sub.c.category_id, func.count())
        .where(sub.c.previous.is_not(None), within)
        .group_by(month, sub.c.area_id, sub.c.category_id),
        sub.c.created_at,
        sub.c.area_id,
        sub.c.category_id,
        flt,
    )
    return {(m, a, c): int(n) for m, a, c, n in session.execute(query)}


def _names(session: Session) -> tuple[dict[int, tuple[str, str]], dict[int, tuple[str, str]]]:
    areas = {i: (code, name) for i, code, name in session.execute(select(Area.id, Area.code, Area.name))}
    categories = {
        i: (slug, name)
        for i, slug, name in session.execute(select(Category.id, Category.slug, Category.name))
    }
    return areas, categories


HEADER = ("month", "ward_code", "ward", "category_slug", "category", *ROW_FIELDS)


def evidence_rows(session: Session, evidence: Evidence) -> Iterable[tuple[Any, ...]]:
    """One row per month × ward × kind of help with anything in it, exact counts (authorised users)."""
    areas, categories = _names(session)
    yield HEADER
    for (m, area, category), figures in sorted(
        evidence.groups.items(),
        key=lambda kv: (
            kv[0][0],
            areas.get(kv[0][1] or 0, ("", ""))[1],
            categories.get(kv[0][2] or 0, ("", ""))[1],
        ),
    ):
        if m not in evidence.filter.month_keys():
            continue
        a = areas.get(area or 0, ("", ""))
        c = categories.get(category or 0, ("", ""))
        yield (m, *a, *c, *(getattr(figures, name) for name in ROW_FIELDS))


def open_data_rows(session: Session, evidence: Evidence) -> Iterable[tuple[Any, ...]]:
    """The same rows for anyone: counts of 1 to 4 suppressed, 0 shown as 0."""
    rows = iter(evidence_rows(session, evidence))
    yield next(rows)
    for row in rows:
        yield (*row[:5], *(open_data_count(int(n)) for n in row[5:]))
