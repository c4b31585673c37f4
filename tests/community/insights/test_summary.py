"""The home page's read-only figures: what a connector sees at a glance, which groups a coordinator runs."""

from __future__ import annotations

from datetime import timedelta

from community.db import utcnow
from community.groups.memberships import list_coordinated_groups
from community.insights.figures import HeadlineFigures, Trend, headline_figures
from community.insights.overview import get_council_overview
from tests.builders.groups import make_group, make_membership
from tests.builders.people import make_user
from tests.builders.posts import make_need


def test_an_empty_place_has_all_figures_zero(session):
    overview = get_council_overview(session)

    assert overview == HeadlineFigures(waiting=0, being_helped=0, met=Trend(0, 0), closed_unmet=0,
                                       active_groups=0, stale_groups=0)


def test_waiting_and_being_helped_are_open_and_in_progress_needs_not_hidden(session):
    resident = make_user(session)
    make_need(session, poster=resident, status="open")
    make_need(session, poster=resident, status="open")
    make_need(session, poster=resident, status="in_progress")
    make_need(session, poster=resident, status="open", hidden=True)
    make_need(session, poster=resident, status="withdrawn")
    make_need(session, poster=resident, status="met", met_at=utcnow())

    figures = get_council_overview(session)
    assert (figures.waiting, figures.being_helped) == (2, 1)


def test_needs_met_compare_the_last_30_days_with_the_30_days_before(session):
    now = utcnow()
    resident = make_user(session)
    for days in (1, 29.99, 31, 45, 59, 61):
        make_need(session, poster=resident, status="met", met_at=now - timedelta(days=days))

    met = get_council_overview(session, now=now).met
    # Like periods: 30 days against the 30 days before them, never "so far this month" against a month.
    assert (met.recent, met.previous, met.words) == (2, 3, "down 1 on the 30 days before")
    assert Trend(3, 1).words == "up 2 on the 30 days before"
    assert Trend(2, 2).words == "the same as the 30 days before"


def test_needs_closed_without_help_count_the_last_30_days(session):
    now = utcnow()
    resident = make_user(session)
    make_need(session, poster=resident, status="closed_unmet", closed_at=now - timedelta(days=2))
    make_need(session, poster=resident, status="expired", closed_at=now - timedelta(days=20))
    make_need(session, poster=resident, status="expired", closed_at=now - timedelta(days=40))

    assert headline_figures(session, now=now).closed_unmet == 2


def test_the_home_page_and_the_dashboard_read_the_same_figures(session):
    from community.insights.dashboard import get_dashboard

    now = utcnow()
    resident = make_user(session)
    make_need(session, poster=resident, status="open")
    make_need(session, poster=resident, status="in_progress")
    make_need(session, poster=resident, status="met", met_at=now - timedelta(days=3))
    make_group(session)

    assert get_dashboard(session, now=now).headline == get_council_overview(session, now=now)


def test_groups_never_assured_or_assured_over_a_year_ago_are_stale_and_closed_groups_are_not_counted(
    session,
):
    now = utcnow()
    make_group(session).assured_at = now - timedelta(days=30)
    make_group(session).assured_at = now - timedelta(days=400)
    make_group(session)  # never assured
    closed = make_group(session)
    closed.closed_at = now - timedelta(days=1)
    session.flush()

    overview = get_council_overview(session, now=now)

    assert overview.active_groups == 3
    assert overview.stale_groups == 2


def test_coordinated_groups_are_the_open_groups_a_person_actively_coordinates_by_name(session):
    coordinator = make_user(session)
    make_group(session, name="Zebra Crossing Helpers", coordinator=coordinator)
    make_group(session, name="Acton Mutual Aid", coordinator=coordinator)
    volunteering = make_group(session, name="Volunteering Only")
    make_membership(session, user=coordinator, group=volunteering, role="volunteer")
    pending = make_group(session, name="Pending Coordinator")
    make_membership(session, user=coordinator, group=pending, role="coordinator", status="pending")
    closed = make_group(session, name="Closed Group", coordinator=coordinator)
    closed.closed_at = utcnow()
    make_group(session, name="Someone Else's", coordinator=make_user(session))
    session.flush()

    groups = list_coordinated_groups(session, user=coordinator)

    assert [group.name for group in groups] == ["Acton Mutual Aid", "Zebra Crossing Helpers"]
