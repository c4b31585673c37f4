"""Weekly demand by ward and category, met by the community or not; small counts suppressed in CSVs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from community.insights.demand import (
    SUPPRESSED,
    demand_csv_rows,
    suppress_small_count,
    week_start,
    weekly_demand,
    weekly_totals,
)
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward
from tests.builders.posts import make_need

# A Wednesday: its week began on Monday 9 June 2025.
NOW = datetime(2025, 6, 11, 12, 0, tzinfo=UTC)


def posted(session, *, days_ago, status="open", area=None, category=None, **extra):
    return make_need(session, poster=make_user(session), status=status, category=category,
                     area_id=area.id if area else None, created_at=NOW - timedelta(days=days_ago), **extra)


@pytest.fixture()
def place(session):
    acton = make_ward(session, name="Acton", box=(-0.32, 51.50, -0.31, 51.51))
    brent = make_ward(session, name="Brentham", box=(-0.32, 51.50, -0.31, 51.51))
    return acton, brent, make_category(session, slug="food")


def test_needs_are_grouped_by_the_monday_of_their_week_ward_and_category(session, place):
    acton, brent, food = place
    posted(session, days_ago=0, status="met", area=acton, category=food)        # Wed 11 June
    posted(session, days_ago=2, status="closed_unmet", area=acton, category=food)  # Mon 9 June
    posted(session, days_ago=3, status="expired", area=acton, category=food)   # Sun 8 June: week before
    posted(session, days_ago=1, status="in_progress", area=brent, category=food)

    rows = weekly_demand(session, weeks=2, now=NOW)

    summary = [(r.week, r.area_name, r.posted, r.met, r.not_met, r.still_open) for r in rows]
    assert summary == [
        (date(2025, 6, 2), "Acton", 1, 0, 1, 0),
        (date(2025, 6, 9), "Acton", 2, 1, 1, 0),
        (date(2025, 6, 9), "Brentham", 1, 0, 0, 1),
    ]


def test_weekly_totals_have_every_week_even_empty_ones_oldest_first(session, place):
    acton, _brent, food = place
    posted(session, days_ago=0, status="met", area=acton, category=food)
    posted(session, days_ago=15, status="withdrawn", area=acton, category=food)  # Tue 27 May
    posted(session, days_ago=40, area=acton, category=food)  # before the four weeks

    totals = weekly_totals(session, weeks=4, now=NOW)

    assert [t.week for t in totals] == [
        date(2025, 5, 19), date(2025, 5, 26), date(2025, 6, 2), date(2025, 6, 9)
    ]
    assert [t.posted for t in totals] == [0, 1, 0, 1]
    assert totals[-1].met == 1


def test_filters_keep_one_ward_or_one_category(session, place):
    acton, brent, food = place
    friends = make_category(session, slug="befriending")
    posted(session, days_ago=1, area=acton, category=food)
    posted(session, days_ago=1, area=brent, category=food)
    posted(session, days_ago=1, area=acton, category=friends)

    assert sum(t.posted for t in weekly_totals(session, weeks=1, area_code=acton.code, now=NOW)) == 2
    assert sum(t.posted for t in weekly_totals(session, weeks=1, category_slug="food", now=NOW)) == 2
    rows = weekly_demand(session, weeks=1, area_code=acton.code, category_slug="befriending", now=NOW)
    assert [(r.area_name, r.category_slug) for r in rows] == [("Acton", "befriending")]


def test_hidden_needs_are_not_demand(session, place):
    acton, _brent, food = place
    posted(session, days_ago=1, area=acton, category=food, hidden=True)

    assert weekly_demand(session, weeks=1, now=NOW) == []


@pytest.mark.parametrize(
    ("count", "shown"), [(0, SUPPRESSED), (1, SUPPRESSED), (4, SUPPRESSED), (5, 5), (120, 120)]
)
def test_any_count_under_five_is_suppressed(count, shown):
    assert suppress_small_count(count) == shown


def test_csv_rows_suppress_small_counts_and_keep_larger_ones(session, place):
    acton, _brent, food = place
    for _ in range(6):
        posted(session, days_ago=1, status="met", area=acton, category=food)
    posted(session, days_ago=1, status="closed_unmet", area=acton, category=food)

    (row,) = demand_csv_rows(weekly_demand(session, weeks=1, now=NOW))

    assert row == ("2025-06-09", acton.code, "Acton", "Food", 7, 6, SUPPRESSED, SUPPRESSED)


def test_week_start_is_monday():
    assert week_start(date(2025, 6, 9)) == date(2025, 6, 9)
    assert week_start(date(2025, 6, 15)) == date(2025, 6, 9)
