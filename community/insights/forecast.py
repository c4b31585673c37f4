"""Early warning: weekly demand for each ward × kind of help, forecast 8 weeks ahead.

Each series is the number of needs posted each week (Monday to Sunday, UTC) over the last two years.
Four methods are backtested on each series (trained on all but the last 8 weeks, scored on those 8 by mean
absolute error) and the best one forecasts from the whole series:

- ``seasonal_naive``: the same week last year (52 weeks back);
- ``moving_average``: the mean of the last 8 weeks;
- ``ses``: simple exponential smoothing, its smoothing level fitted to the series (all series at once in
  numpy; checked against statsmodels' ``SimpleExpSmoothing`` in the tests);
- ``ses_seasonal``: last year's week plus the exponentially smoothed change from a year before, so that
  winter peaks and school holidays recur at their new level after a shock.

Errors are reported as MASE: the mean absolute error divided by the mean absolute 52-week difference of
the training series (the in-sample error of the seasonal naive method). A warning is stored where the
forecast for a week exceeds what the ward's groups and offers can meet (:data:`GROUP_WEEKLY_CAPACITY` for
each open group serving the ward with that kind of help, :data:`OFFER_WEEKLY_CAPACITY` for each active
offer there): ``flask council forecast`` refreshes them, weekly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Date, cast, delete, func, select
from sqlalchemy.orm import Session

from community.db import utcnow
from community.models import (
    Area,
    Category,
    DemandWarning,
    Group,
    Need,
    Offer,
    group_areas,
    group_categories,
)

__all__ = [
    "HORIZON",
    "HISTORY_WEEKS",
    "METHODS",
    "SEASON",
    "Backtest",
    "Forecast",
    "WardWarning",
    "current_warnings",
    "backtest",
    "forecast_all",
    "ses_level",
    "warnings_for",
    "forecast_series",
    "mase",
    "refresh_warnings",
    "weekly_series",
    "ward_capacity",
]

HORIZON = 8
SEASON = 52
HISTORY_WEEKS = 104
GROUP_WEEKLY_CAPACITY = 3.0
OFFER_WEEKLY_CAPACITY = 0.5
# A warning needs at least this much forecast demand in the week: a fraction of a need is not a warning.
WARNING_FLOOR = 1.0

# A method forecasts every series at once: rows are series, columns weeks (oldest first).
Method = Callable[[np.ndarray, int], np.ndarray]
ALPHAS = np.linspace(0.02, 0.98, 49)


def _rows(y: np.ndarray) -> np.ndarray:
    return np.atleast_2d(np.asarray(y, dtype=float))


def seasonal_naive(y: np.ndarray, h: int) -> np.ndarray:
    """The same week a year before.

    >>> seasonal_naive(np.arange(104.0), 3).tolist()
    [[52.0, 53.0, 54.0]]
    """
    y = _rows(y)
    if y.shape[1] < SEASON:
        return np.repeat(y[:, -1:], h, axis=1)
    last_year = y[:, -SEASON:]
    return last_year[:, [i % SEASON for i in range(h)]]


def moving_average(y: np.ndarray, h: int) -> np.ndarray:
    """
    >>> moving_average(np.array([0.0] * 10 + [2.0] * 8), 2).tolist()
    [[2.0, 2.0]]
    """
    y = _rows(y)
    return np.repeat(y[:, -HORIZON:].mean(axis=1, keepdims=True), h, axis=1)


def ses_level(y: np.ndarray) -> np.ndarray:
    """Simple exponential smoothing's next value for each row, its smoothing level the one (of 0.02 to
    0.98) with the least squared one-step error, for every row at once. ``tests/community/council`` checks it
    against statsmodels' ``SimpleExpSmoothing``.

    >>> ses_level(np.array([[5.0] * 20])).round(6).tolist()
    [5.0]
    """
    y = _rows(y)
    level = np.repeat(y[:, :1], len(ALPHAS), axis=1)  # series × alphas
    errors = np.zeros_like(level)
    for t in range(1, y.shape[1]):
        residual = y[:, t : t + 1] - level
        errors += residual**2
        level += ALPHAS * residual
    best = errors.argmin(axis=1)
    return level[np.arange(y.shape[0]), best]


def ses(y: np.ndarray, h: int) -> np.ndarray:
    return np.repeat(np.maximum(0.0, ses_level(y))[:, None], h, axis=1)


def ses_seasonal(y: np.ndarray, h: int) -> np.ndarray:
    y = _rows(y)
    if y.shape[1] < SEASON + 4:
        return ses(y, h)
    change = y[:, SEASON:] - y[:, :-SEASON]
    return np.maximum(0.0, seasonal_naive(y, h) + ses_level(change)[:, None])


METHODS: dict[str, Method] = {
    "seasonal_naive": seasonal_naive,
    "moving_average": moving_average,
    "ses": ses,
    "ses_seasonal": ses_seasonal,
}


def mase(actual: np.ndarray, predicted: np.ndarray, training: np.ndarray) -> np.ndarray:
    """Each row's mean absolute error scaled by its training series' mean absolute 52-week difference; NaN
    where that is 0 (a series with no seasonal variation at all).

    >>> mase(np.array([2.0, 4.0]), np.array([3.0, 3.0]), np.array([0.0] * 52 + [2.0] * 52)).round(3).tolist()
    [0.5]
    """
    actual, predicted, training = _rows(actual), _rows(predicted), _rows(training)
    if training.shape[1] <= SEASON:
        return np.full(training.shape[0], np.nan)
    scale = np.abs(training[:, SEASON:] - training[:, :-SEASON]).mean(axis=1)
    error = np.abs(actual - predicted).mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(scale > 0, error / np.where(scale > 0, scale, 1), np.nan)


@dataclass(frozen=True, slots=True)
class Forecast:
    method: str
    values: tuple[float, ...]
    backtest_mae: dict[str, float]
    backtest_mase: dict[str, float | None]


@dataclass(frozen=True, slots=True)
class Backtest:
    """Each method's mean absolute error and MASE on the last :data:`HORIZON` weeks of every row."""

    mae: dict[str, np.ndarray]
    mase: dict[str, np.ndarray]


def backtest(y: np.ndarray | Sequence[float], methods: dict[str, Method] | None = None) -> Backtest:
    series = _rows(np.asarray(y, dtype=float))
    train, test = series[:, :-HORIZON], series[:, -HORIZON:]
    mae, scaled = {}, {}
    for name, method in (methods or METHODS).items():
        predicted = method(train, HORIZON)
        mae[name] = np.abs(test - predicted).mean(axis=1)
        scaled[name] = mase(test, predicted, train)
    return Backtest(mae, scaled)


def forecast_all(
    y: np.ndarray, methods: dict[str, Method] | None = None
) -> tuple[list[str], np.ndarray, Backtest]:
    """For every row: the method that backtested best (the first listed wins ties) and its next
    :data:`HORIZON` weeks from the whole series."""
    methods = methods or METHODS
    series = _rows(y)
    tested = backtest(series, methods)
    names = list(methods)
    errors = np.vstack([tested.mae[name] for name in names])  # methods × series
    best = errors.argmin(axis=0)
    forecasts = np.vstack([methods[name](series, HORIZON)[None] for name in names])  # methods × rows × h
    chosen = forecasts[best, np.arange(series.shape[0])]
    return [names[b] for b in best], np.round(chosen, 2), tested


def forecast_series(y: Sequence[float], methods: dict[str, Method] | None = None) -> Forecast:
    """One series' forecast (see :func:`forecast_all`)."""
    [method], values, tested = forecast_all(np.asarray(y, dtype=float), methods)
    return Forecast(
        method,
        tuple(float(v) for v in values[0]),
        {name: float(v[0]) for name, v in tested.mae.items()},
        {name: None if np.isnan(v[0]) else float(v[0]) for name, v in tested.mase.items()},
    )


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _week(session: Session, column: Any) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.date_trunc("week", func.timezone("UTC", column)), Date)
    return func.date(column, "weekday 0", "-6 days")


def weekly_series(
    session: Session, *, weeks: int = HISTORY_WEEKS, now: datetime | None = None, area_id: int | None = None
) -> tuple[list[date], dict[tuple[int, int], list[int]]]:
    """Needs posted per week for every ward × kind of help (zeros included), over the ``weeks`` full weeks
    before this one, oldest first."""
    now = now or utcnow()
    this_week = _week_start(now.date())
    first = this_week - timedelta(weeks=weeks)
    start = datetime(first.year, first.month, first.day, tzinfo=UTC)
    end = datetime(this_week.year, this_week.month, this_week.day, tzinfo=UTC)
    week = _week(session, Need.created_at).label("week")
    query = (
        select(week, Need.area_id, Need.category_id, func.count(Need.id))
        .join(Area, Area.id == Need.area_id)
        .where(Area.kind == "ward")
        .where(Need.created_at >= start, Need.created_at < end)
        .group_by(week, Need.area_id, Need.category_id)
    )
    wards = select(Area.id).where(Area.kind == "ward")
    if area_id is not None:
        query = query.where(Need.area_id == area_id)
        wards = wards.where(Area.id == area_id)
    days = [first + timedelta(weeks=i) for i in range(weeks)]
    index = {d: i for i, d in enumerate(days)}
    series = {
        (a, c): [0] * weeks for a in session.scalars(wards) for c in session.scalars(select(Category.id))
    }
    for w, a, c, n in session.execute(query):
        d = w if isinstance(w, date) else date.fromisoformat(str(w)[:10])
        if d in index and (a, c) in series:
            series[(a, c)][index[d]] = int(n)
    return days, series


def ward_capacity(session: Session, *, area_id: int | None = None) -> dict[tuple[int, int], float]:
    """What the groups and offers of each ward can meet in a week, for each kind of help."""
    capacity: dict[tuple[int, int], float] = {}
    groups = (
        select(group_areas.c.area_id, group_categories.c.category_id, func.count())
        .join(Group, Group.id == group_areas.c.group_id)
        .join(group_categories, group_categories.c.group_id == Group.id)
        .where(Group.closed_at.is_(None))
        .group_by(group_areas.c.area_id, group_categories.c.category_id)
    )
    offers = (
        select(Offer.area_id, Offer.category_id, func.count())
        .where(Offer.status == "active", Offer.hidden.is_(False))
        .group_by(Offer.area_id, Offer.category_id)
    )
    if area_id is not None:
        groups = groups.where(group_areas.c.area_id == area_id)
        offers = offers.where(Offer.area_id == area_id)
    for a, c, n in session.execute(groups):
        capacity[(a, c)] = capacity.get((a, c), 0.0) + GROUP_WEEKLY_CAPACITY * int(n)
    for a, c, n in session.execute(offers):
        if a is not None:
            capacity[(a, c)] = capacity.get((a, c), 0.0) + OFFER_WEEKLY_CAPACITY * int(n)
    return capacity


@dataclass(frozen=True, slots=True)
class RefreshReport:
    series: int
    warnings: int
    methods: dict[str, int]


def refresh_warnings(session: Session, *, now: datetime | None = None) -> RefreshReport:
    """Forecast every ward × kind of help and store a warning for each week over capacity."""
    now = now or utcnow()
    days, series = weekly_series(session, now=now)
    capacity = ward_capacity(session)
    first_week = _week_start(now.date())
    session.execute(delete(DemandWarning))
    chosen: dict[str, int] = {}
    made = 0
    keys = [key for key, y in series.items() if sum(y)]
    if keys:
        methods, values, _tested = forecast_all(np.array([series[key] for key in keys], dtype=float))
        for (area, category), method, row in zip(keys, methods, values, strict=True):
            chosen[method] = chosen.get(method, 0) + 1
            can_meet = capacity.get((area, category), 0.0)
            for offset, value in enumerate(row):
                if value >= WARNING_FLOOR and value > can_meet:
                    session.add(
                        DemandWarning(
                            area_id=area,
                            category_id=category,
                            week=first_week + timedelta(weeks=offset),
                            forecast=float(value),
                            capacity=can_meet,
                            method=method,
                            made_at=now,
                        )
                    )
                    made += 1
    session.flush()
    return RefreshReport(series=len(series), warnings=made, methods=chosen)


def warnings_for(
    session: Session, *, area_id: int | None = None, category_id: int | None = None, limit: int = 200
) -> list[DemandWarning]:
    query = select(DemandWarning).order_by(
        DemandWarning.week, DemandWarning.area_id, DemandWarning.category_id
    )
    if area_id is not None:
        query = query.where(DemandWarning.area_id == area_id)
    if category_id is not None:
        query = query.where(DemandWarning.category_id == category_id)
    return list(session.scalars(query.limit(limit)))


@dataclass(frozen=True, slots=True)
class WardWarning:
    """One ward × kind of help over capacity, as a digest lists it: its first week over, its highest
    weekly forecast and what the ward's groups and offers can meet in a week."""

    ward: str
    category: str
    first_week: date
    peak: float
    capacity: float


def current_warnings(
    session: Session, *, now: datetime, refreshed_since: datetime | None = None, limit: int = 50
) -> list[WardWarning]:
    """The stored warnings for this week and after, one per ward × kind of help, soonest first.

    With ``refreshed_since`` the forecast is made again first (``refresh_warnings``) unless it was made since
    then: a weekly digest never reports a stale forecast because ``flask council forecast`` is not scheduled,
    and when it ran just before, nothing is forecast twice.
    """
    if refreshed_since is not None:
        made = session.scalar(select(func.max(DemandWarning.made_at)))
        if made is None or made < refreshed_since:
            refresh_warnings(session, now=now)
    rows = session.execute(
        select(DemandWarning, Area.name, Category.name)
        .join(Area, Area.id == DemandWarning.area_id)
        .join(Category, Category.id == DemandWarning.category_id)
        .where(DemandWarning.week >= _week_start(now.date()))
        .order_by(DemandWarning.week, Area.name, Category.name)
    )
    cells: dict[tuple[int, int], WardWarning] = {}
    for warning, ward, category in rows:
        key = (warning.area_id, warning.category_id)
        seen = cells.get(key)
        peak = max(warning.forecast, seen.peak) if seen else warning.forecast
        first = seen.first_week if seen else warning.week
        cells[key] = WardWarning(ward, category, first, peak, warning.capacity)
    return list(cells.values())[:limit]
