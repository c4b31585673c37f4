"""Coverage by ward x category: the figures on hand-built data, and the status rule on hand-built cases."""

from __future__ import annotations

from collections import Counter
from dataclasses import astuple
from datetime import timedelta

import pytest

from community.db import utcnow
from community.errors import NotFound, ValidationFailed
from community.insights.coverage import (
    CoverageRow,
    cell_status,
    coverage_status_counts,
    get_coverage,
    get_ward_coverage,
    parse_window,
)
from tests.builders.groups import make_dbs_check, make_membership, make_serving_group
from tests.builders.insights import make_met_need, make_search_miss
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward
from tests.builders.posts import make_need, make_offer


def cell(rows, area, category):
    (row,) = [r for r in rows if r.area_code == area.code and r.category_slug == category.slug]
    return row


@pytest.fixture()
def place(session):
    acton = make_ward(session, name="Acton", box=(-0.32, 51.50, -0.31, 51.51))
    brent = make_ward(session, name="Brentham", box=(-0.30, 51.50, -0.29, 51.51))
    food = make_category(session, slug="food")
    friends = make_category(session, slug="befriending")
    return acton, brent, food, friends


def test_every_figure_of_a_cell_is_counted_from_the_needs_posted_in_the_window(session, place):
    acton, _brent, food, _friends = place
    now = utcnow()
    resident, helper = make_user(session), make_user(session)
    make_met_need(session, resident=resident, helper=helper, category=food, area=acton, met_days_ago=5)
    make_need(session, poster=resident, category=food, area_id=acton.id, status="closed_unmet",
              created_at=now - timedelta(days=20))
    make_need(session, poster=resident, category=food, area_id=acton.id, status="open",
              created_at=now - timedelta(days=10))
    make_need(session, poster=resident, category=food, area_id=acton.id, status="open",
              created_at=now - timedelta(days=200))  # before the window
    make_need(session, poster=resident, category=food, area_id=acton.id, status="open", hidden=True)
    make_search_miss(session, area=acton, category=food)
    coordinator, checked, unchecked = make_user(session), make_user(session), make_user(session)
    group = make_serving_group(session, coordinator=coordinator, areas=[acton], categories=[food],
                               listing=False)
    make_membership(session, user=checked, group=group)
    make_membership(session, user=unchecked, group=group)
    make_dbs_check(session, user=checked)
    make_offer(session, helper=helper, category=food, area_id=acton.id)
    make_offer(session, helper=helper, category=food, area_id=acton.id, status="paused")

    row = cell(get_coverage(session, window_days=90, now=now), acton, food)

    assert (row.needs_posted, row.needs_met, row.needs_unmet, row.open_over_7_days) == (3, 1, 1, 1)
    assert (row.active_offers, row.groups_serving, row.dbs_ready_volunteers) == (1, 1, 1)
    assert row.recent_helpers == 1
    assert row.zero_result_searches == 1
    assert row.demand == 4
    assert row.status == "covered"


def test_a_ward_with_demand_and_no_group_or_offer_is_a_gap_and_one_with_nothing_has_no_demand(session, place):
    acton, brent, food, friends = place
    resident = make_user(session)
    make_need(session, poster=resident, category=food, area_id=brent.id)
    make_need(session, poster=resident, category=food, area_id=brent.id)

    rows = get_coverage(session)

    assert cell(rows, brent, food).status == "gap"
    assert cell(rows, acton, friends).status == "no demand"
    assert len(rows) == 4


def test_a_ward_where_neighbours_met_most_needs_is_not_a_gap(session, place):
    acton, brent, food, _friends = place
    now = utcnow()
    resident, nia, ned = make_user(session), make_user(session), make_user(session)
    # No group serves Acton for food and nobody offers it, but two neighbours met four of five needs.
    for helper in (nia, nia, ned, ned):
        make_met_need(session, resident=resident, helper=helper, category=food, area=acton, met_days_ago=3)
    make_need(session, poster=resident, category=food, area_id=acton.id, status="closed_unmet",
              created_at=now - timedelta(days=5))
    # Brentham: the same needs, all unmet, and nobody helped: still a gap.
    for _ in range(5):
        make_need(session, poster=resident, category=food, area_id=brent.id, status="closed_unmet",
                  created_at=now - timedelta(days=5))
    # A helper from before the window is not recent helping.
    make_met_need(session, resident=resident, helper=make_user(session), category=food, area=brent,
                  met_days_ago=120)

    rows = get_coverage(session, window_days=90, now=now)

    acton_food, brent_food = cell(rows, acton, food), cell(rows, brent, food)
    assert (acton_food.groups_serving, acton_food.active_offers, acton_food.recent_helpers) == (0, 0, 2)
    assert acton_food.status == "covered"
    assert (brent_food.recent_helpers, brent_food.status) == (0, "gap")


def test_searches_that_found_nothing_count_as_demand(session, place):
    acton, _brent, food, _friends = place
    make_search_miss(session, area=acton, category=food)

    row = cell(get_coverage(session), acton, food)

    assert row.needs_posted == 0
    assert row.demand == 1
    assert row.status == "gap"


@pytest.mark.parametrize(("hours", "median"), [((1, 3, 5, 7), 4.0), ((2, 9, 4), 4.0), ((6,), 6.0)])
def test_median_time_to_first_response_is_the_middle_wait_in_hours(session, place, hours, median):
    acton, _brent, food, _friends = place
    resident, helper = make_user(session), make_user(session)
    for wait in hours:
        make_met_need(session, resident=resident, helper=helper, category=food, area=acton,
                      first_response_hours=wait)
    make_need(session, poster=resident, category=food, area_id=acton.id)  # nobody has answered yet

    row = cell(get_coverage(session), acton, food)

    assert row.median_hours_to_first_response == pytest.approx(median, abs=0.05)


def test_a_cell_with_no_response_has_no_median(session, place):
    acton, _brent, food, _friends = place
    make_need(session, poster=make_user(session), category=food, area_id=acton.id)

    assert cell(get_coverage(session), acton, food).median_hours_to_first_response is None


def test_the_window_decides_which_needs_are_counted(session, place):
    acton, _brent, food, _friends = place
    now = utcnow()
    make_need(session, poster=make_user(session), category=food, area_id=acton.id,
              created_at=now - timedelta(days=40))

    assert cell(get_coverage(session, window_days=30, now=now), acton, food).needs_posted == 0
    assert cell(get_coverage(session, window_days=90, now=now), acton, food).needs_posted == 1


def test_a_closed_group_serves_nobody(session, place):
    acton, _brent, food, _friends = place
    group = make_serving_group(session, coordinator=None, areas=[acton], categories=[food], listing=False)
    group.closed_at = utcnow()
    session.flush()

    assert cell(get_coverage(session), acton, food).groups_serving == 0


def test_an_expired_or_revoked_dbs_check_does_not_make_a_volunteer_ready(session, place):
    acton, _brent, food, _friends = place
    group = make_serving_group(session, coordinator=None, areas=[acton], categories=[food], listing=False)
    expired, revoked = make_user(session), make_user(session)
    for person in (expired, revoked):
        make_membership(session, user=person, group=group)
    make_dbs_check(session, user=expired, expires_in_days=-1)
    make_dbs_check(session, user=revoked).revoked = True
    session.flush()

    assert cell(get_coverage(session), acton, food).dbs_ready_volunteers == 0


def test_one_category_or_one_ward_can_be_asked_for(session, place):
    acton, _brent, food, _friends = place

    assert {r.category_slug for r in get_coverage(session, category_slug="food")} == {"food"}
    area, rows = get_ward_coverage(session, area_code=acton.code)
    assert area == acton
    assert {r.area_code for r in rows} == {acton.code}
    assert len(rows) == 2
    with pytest.raises(NotFound):
        get_ward_coverage(session, area_code="E05999999")


def busy_city(session, place):
    """Every figure non-zero somewhere, differently in each ward and category."""
    acton, brent, food, friends = place
    now = utcnow()
    resident = make_user(session)
    for area, category, needs in ((acton, food, 3), (acton, friends, 1), (brent, food, 2)):
        for _ in range(needs):
            make_met_need(session, resident=resident, helper=make_user(session), category=category, area=area,
                          first_response_hours=needs)
        make_need(session, poster=resident, category=category, area_id=area.id, status="closed_unmet",
                  created_at=now - timedelta(days=20))
        make_need(session, poster=resident, category=category, area_id=area.id, status="open",
                  created_at=now - timedelta(days=10))
        make_search_miss(session, area=area, category=category)
        make_offer(session, helper=make_user(session), category=category, area_id=area.id)
    member = make_user(session)
    group = make_serving_group(session, coordinator=None, areas=[acton, brent], categories=[food],
                               listing=False)
    make_membership(session, user=member, group=group)
    make_dbs_check(session, user=member)
    for _ in range(3):  # demand in Brentham for befriending, nobody serving: a gap
        make_need(session, poster=resident, category=friends, area_id=brent.id,
                  created_at=now - timedelta(days=1))
    return now


def test_one_category_or_one_ward_has_the_same_figures_as_in_the_whole_city(session, place):
    acton, brent, food, friends = place
    now = busy_city(session, place)

    city = by_cell(get_coverage(session, now=now))
    # Positive control: every figure is counted somewhere, so a filter that lost one would show.
    figures = range(4, len(astuple(city[acton.code, food.slug])))
    assert all(any(astuple(row)[i] for row in city.values()) for i in figures)
    for category in (food, friends):
        rows = get_coverage(session, category_slug=category.slug, now=now)
        assert by_cell(rows) == {key: row for key, row in city.items() if key[1] == category.slug}
    for area in (acton, brent):
        _area, rows = get_ward_coverage(session, area_code=area.code, now=now)
        assert by_cell(rows) == {key: row for key, row in city.items() if key[0] == area.code}


def by_cell(rows):
    return {(row.area_code, row.category_slug): row for row in rows}


def test_the_dashboards_status_counts_are_those_of_the_whole_table(session, place):
    now = busy_city(session, place)

    expected = Counter(row.status for row in get_coverage(session, now=now))

    assert expected["gap"] and expected["covered"]  # positive control: more than one status to count
    assert coverage_status_counts(session, now=now) == expected


def row_with(**counts) -> CoverageRow:
    return CoverageRow(area_code="W", area_name="W", category_slug="c", category_name="C", **counts)


@pytest.mark.parametrize(
    ("counts", "status"),
    [
        ({}, "no demand"),
        ({"groups_serving": 1}, "covered"),
        ({"needs_posted": 3}, "gap"),
        ({"zero_result_searches": 2}, "gap"),
        ({"needs_posted": 4, "needs_met": 3, "needs_unmet": 1, "groups_serving": 1}, "covered"),
        ({"needs_posted": 11, "needs_met": 9, "groups_serving": 1, "active_offers": 1}, "thin"),
        ({"needs_posted": 4, "needs_met": 1, "needs_unmet": 3, "groups_serving": 2}, "thin"),
        ({"needs_posted": 4, "open_over_7_days": 3, "groups_serving": 2}, "thin"),
        ({"needs_posted": 10, "needs_met": 8, "needs_unmet": 2, "groups_serving": 2}, "covered"),
    ],
)
def test_the_status_rule_on_hand_built_cells(counts, status):
    assert cell_status(row_with(**counts)) == status


@pytest.mark.parametrize(("value", "days"), [(None, 90), ("", 90), ("30", 30), (365, 365)])
def test_a_window_is_one_of_the_offered_periods(value, days):
    assert parse_window(value) == days


@pytest.mark.parametrize("value", ["7", "abc", 0, -30])
def test_any_other_window_is_refused_with_a_message(value):
    with pytest.raises(ValidationFailed) as error:
        parse_window(value)
    assert error.value.errors == {"window": "Select a period of 30, 90 or 365 days"}
