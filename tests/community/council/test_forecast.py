"""The forecast on series with known patterns, its methods against statsmodels, and the stored warnings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import select

from community.council.forecast import (
    HORIZON,
    SEASON,
    backtest,
    current_warnings,
    forecast_series,
    refresh_warnings,
    ses_level,
    weekly_series,
)
from community.models import DemandWarning
from tests.builders.groups import make_serving_group
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward
from tests.builders.posts import make_need

WEEKS = np.arange(104)


def test_a_strong_yearly_pattern_is_forecast_by_a_seasonal_method():
    winter = 10 + 8 * np.cos(2 * np.pi * WEEKS / SEASON)
    forecast = forecast_series(winter)
    assert forecast.method in ("seasonal_naive", "ses_seasonal")
    assert np.allclose(forecast.values, winter[-SEASON:][:HORIZON], atol=0.5)
    assert forecast.backtest_mae["seasonal_naive"] == pytest.approx(0, abs=1e-9)


def test_a_flat_noisy_series_is_forecast_near_its_level_not_last_years_noise():
    rng = np.random.default_rng(3)
    flat = rng.poisson(6, 104).astype(float)
    forecast = forecast_series(flat)
    assert forecast.method in ("ses", "moving_average")
    assert all(4 <= v <= 8 for v in forecast.values)
    tested = backtest(flat)
    assert tested.mae[forecast.method][0] <= tested.mae["seasonal_naive"][0]


def test_a_shock_that_lasts_is_followed_by_the_smoothed_methods():
    level = np.where(WEEKS < 80, 5.0, 15.0)
    forecast = forecast_series(level)
    assert forecast.method != "seasonal_naive"
    assert all(v > 12 for v in forecast.values)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_simple_exponential_smoothing_agrees_with_statsmodels(seed):
    from statsmodels.tsa.holtwinters import SimpleExpSmoothing

    y = np.random.default_rng(seed).poisson(5, 60).astype(float) + np.linspace(0, 4, 60)
    theirs = SimpleExpSmoothing(y, initialization_method="known", initial_level=y[0]).fit().forecast(1)[0]
    assert ses_level(y)[0] == pytest.approx(theirs, abs=0.1)


def test_warnings_where_forecast_demand_outruns_the_wards_groups_and_offers(session):
    now = datetime(2026, 6, 3, 12, tzinfo=UTC)
    busy, quiet = make_ward(session, name="Busy"), make_ward(session, name="Quiet")
    food = make_category(session, slug="food")
    make_serving_group(session, areas=[quiet], categories=[food])
    person = make_user(session)
    for week in range(1, 105):
        for _ in range(6):  # six needs a week in each ward for two years
            for ward in (busy, quiet):
                make_need(session, poster=person, category=food, area_id=ward.id,
                          created_at=now - timedelta(weeks=week))
    days, series = weekly_series(session, now=now)
    assert len(days) == 104 and series[(busy.id, food.id)] == [6] * 104
    report = refresh_warnings(session, now=now)
    found = session.scalars(select(DemandWarning)).all()
    # Busy has nobody: eight weeks of warnings; Quiet has a group (3 a week)... still short of 6.
    assert {w.area_id for w in found} == {busy.id, quiet.id} and report.warnings == 16
    assert all(w.forecast == pytest.approx(6.0) for w in found)
    # More groups in Quiet: enough to meet six a week, so its warnings go.
    make_serving_group(session, areas=[quiet], categories=[food])
    refresh_warnings(session, now=now)
    assert {w.area_id for w in session.scalars(select(DemandWarning))} == {busy.id}


def test_current_warnings_list_each_ward_and_kind_once_and_forecast_again_only_when_stale(session):
    """What the connectors' digest reads (``community.insights.forecast.current_warnings``)."""
    now = datetime(2026, 6, 3, 12, tzinfo=UTC)
    ward, food = make_ward(session, name="Busy"), make_category(session, slug="food")
    person = make_user(session)
    for week in range(1, 105):
        for _ in range(2):
            make_need(session, poster=person, category=food, area_id=ward.id,
                      created_at=now - timedelta(weeks=week))
    refresh_warnings(session, now=now)
    [line] = current_warnings(session, now=now)
    assert (line.ward, line.category, line.first_week, line.peak, line.capacity) == (
        "Busy", food.name, date(2026, 6, 1), pytest.approx(2.0), 0.0)
    # A group that can meet it arrives. Forecast since the last digest: the stored warning stands...
    make_serving_group(session, areas=[ward], categories=[food])
    assert len(current_warnings(session, now=now, refreshed_since=now - timedelta(days=7))) == 1
    # ...forecast before it: made again, and the warning goes.
    assert current_warnings(session, now=now, refreshed_since=now + timedelta(seconds=1)) == []
