"""The coordination board: which needs it shows, in what order, loads, assigning, progress and referrals."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from community.db import make_sessionmaker, utcnow
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.groups.board import (
    assign_need,
    mark_progress,
    open_needs,
    reassign_need,
    refer_need,
    suited_to,
    taken_on_needs,
    volunteer_loads,
)
from community.groups.partnerships import accept_partnership, propose_partnership
from community.models import Need, Notification, Response, User
from tests.builders.groups import make_membership, make_serving_group
from tests.builders.people import make_user
from tests.builders.places import make_category, make_wards, square
from tests.builders.posts import make_need


@pytest.fixture()
def wards(session):
    return make_wards(session)


@pytest.fixture()
def shopping(session):
    return make_category(session, slug="shopping")


@pytest.fixture()
def coordinator(session):
    return make_user(session)


@pytest.fixture()
def group(session, wards, shopping, coordinator):
    return make_serving_group(
        session, coordinator=coordinator, areas=[wards["Brentham"]], categories=[shopping],
        name="Brentham Mutual Aid",
    )


def need_in(session, ward, category, **extra):
    at = (ward.centre_lat, ward.centre_lng)
    return make_need(session, poster=make_user(session), category=category, at=at, area_id=ward.id, **extra)


def titles(page):
    return [need.title for need in page.needs]


def test_the_board_shows_open_needs_in_the_groups_wards_and_categories_only(session, wards, shopping, group,
                                                                         coordinator):
    lifts = make_category(session, slug="lifts")
    need_in(session, wards["Brentham"], shopping, title="Ours")
    need_in(session, wards["Cleveland"], shopping, title="Other ward")
    need_in(session, wards["Brentham"], lifts, title="Other kind of help")
    need_in(session, wards["Brentham"], shopping, title="Already met", status="met")
    need_in(session, wards["Brentham"], shopping, title="Hidden", hidden=True)
    need_in(session, wards["Brentham"], shopping, title="Connectors only", visibility="connectors")

    assert titles(open_needs(session, group_id=group.id, actor=coordinator)) == ["Ours"]


def test_most_urgent_comes_first_then_newest(session, wards, shopping, group, coordinator):
    ward = wards["Brentham"]
    now = utcnow()
    need_in(session, ward, shopping, title="Old, no rush", urgency="no_rush", created_at=now - timedelta(3))
    need_in(session, ward, shopping, title="Old, today", urgency="today", created_at=now - timedelta(days=2))
    need_in(session, ward, shopping, title="New, today", urgency="today", created_at=now - timedelta(hours=1))
    need_in(session, ward, shopping, title="New, this week", urgency="this_week", created_at=now)

    assert titles(open_needs(session, group_id=group.id, actor=coordinator)) == [
        "New, today", "Old, today", "New, this week", "Old, no rush",
    ]


def test_the_board_is_paginated(session, wards, shopping, group, coordinator):
    for n in range(5):
        need_in(session, wards["Brentham"], shopping, title=f"Need {n}")

    second = open_needs(session, group_id=group.id, actor=coordinator, page=2, per_page=2)
    beyond = open_needs(session, group_id=group.id, actor=coordinator, page=99, per_page=2)

    assert (second.total, second.pages, second.page, len(second.needs)) == (5, 3, 2, 2)
    assert beyond.page == 3 and len(beyond.needs) == 1


def test_a_drawn_area_brings_in_needs_inside_it_but_not_beside_it(session, wards, shopping, group,
                                                                   coordinator):
    # A small square in the west of Cleveland, which the group does not serve as a ward.
    group.drawn_area = json.dumps(square(-0.28, 51.50, -0.275, 51.52))
    cleveland = wards["Cleveland"]
    make_need(session, poster=make_user(session), category=shopping, at=(51.51, -0.277), title="Inside",
              area_id=cleveland.id)
    make_need(session, poster=make_user(session), category=shopping, at=(51.51, -0.265), title="Outside",
              area_id=cleveland.id)

    assert titles(open_needs(session, group_id=group.id, actor=coordinator)) == ["Inside"]


def test_only_a_coordinator_sees_the_board(session, group):
    volunteer = make_user(session)
    make_membership(session, user=volunteer, group=group)

    with pytest.raises(PermissionDenied):
        open_needs(session, group_id=group.id, actor=volunteer)
    with pytest.raises(PermissionDenied):
        volunteer_loads(session, group_id=group.id, actor=make_user(session, role="connector"))


def test_assigning_takes_the_need_on_notifies_the_volunteer_and_counts_in_their_load(session, wards, shopping,
                                                                                  group, coordinator):
    volunteer = make_user(session, name="Vic")
    make_membership(session, user=volunteer, group=group)
    need = need_in(session, wards["Brentham"], shopping, title="Weekly shop")

    assign_need(session, need_id=need.id, group_id=group.id, assignee_id=volunteer.id, actor=coordinator)

    assert (need.status, need.group_id, need.assigned_to_id) == ("in_progress", group.id, volunteer.id)
    notice = session.scalar(select(Notification.kind).where(Notification.user_id == volunteer.id))
    assert notice == "need_assigned"
    loads = {load.user.display_name: load.current for load in volunteer_loads(session, group_id=group.id,
                                                                             actor=coordinator)}
    assert loads["Vic"] == 1
    assert [n.title for n in taken_on_needs(session, group_id=group.id, actor=coordinator)] == ["Weekly shop"]
    assert open_needs(session, group_id=group.id, actor=coordinator).total == 0


def test_assigning_needs_someone_chosen_from_the_group(session, wards, shopping, group, coordinator):
    need = need_in(session, wards["Brentham"], shopping)
    outsider = make_user(session)

    with pytest.raises(ValidationFailed) as missing:
        assign_need(session, need_id=need.id, group_id=group.id, assignee_id=None, actor=coordinator)
    with pytest.raises(ValidationFailed) as not_member:
        assign_need(session, need_id=need.id, group_id=group.id, assignee_id=outsider.id, actor=coordinator)

    assert missing.value.errors == {"assignee": "Select who will help"}
    assert not_member.value.errors == {"assignee": "Choose an active member of your group"}


def test_reassigning_moves_the_load(session, wards, shopping, group, coordinator):
    first, second = make_user(session), make_user(session)
    make_membership(session, user=first, group=group)
    make_membership(session, user=second, group=group)
    need = need_in(session, wards["Brentham"], shopping)
    assign_need(session, need_id=need.id, group_id=group.id, assignee_id=first.id, actor=coordinator)

    reassign_need(session, need_id=need.id, group_id=group.id, assignee_id=second.id, actor=coordinator)

    rows = volunteer_loads(session, group_id=group.id, actor=coordinator)
    loads = {load.user.id: load.current for load in rows}
    assert (loads[first.id], loads[second.id]) == (0, 1)


def test_marking_met_closes_the_need_and_completes_the_help(session, wards, shopping, group, coordinator):
    volunteer = make_user(session)
    make_membership(session, user=volunteer, group=group)
    need = need_in(session, wards["Brentham"], shopping)
    assign_need(session, need_id=need.id, group_id=group.id, assignee_id=volunteer.id, actor=coordinator)

    mark_progress(session, need_id=need.id, group_id=group.id, outcome="met", actor=coordinator)

    assert need.status == "met" and need.met_at is not None
    assert session.scalar(select(Response.status).where(Response.need_id == need.id)) == "completed"


def test_not_met_needs_a_reason_and_another_groups_need_is_not_found(session, wards, shopping, group,
                                                                     coordinator):
    volunteer = make_user(session)
    make_membership(session, user=volunteer, group=group)
    need = need_in(session, wards["Brentham"], shopping)
    assign_need(session, need_id=need.id, group_id=group.id, assignee_id=volunteer.id, actor=coordinator)
    other_coordinator = make_user(session)
    other = make_serving_group(session, coordinator=other_coordinator)

    with pytest.raises(ValidationFailed):
        mark_progress(session, need_id=need.id, group_id=group.id, outcome="not_met", actor=coordinator)
    with pytest.raises(NotFound):
        mark_progress(session, need_id=need.id, group_id=other.id, outcome="met", actor=other_coordinator)
    mark_progress(session, need_id=need.id, group_id=group.id, outcome="not_met", reason="Moved away",
                  actor=coordinator)

    assert (need.status, need.unmet_reason) == ("closed_unmet", "Moved away")


def partners(session, group, coordinator):
    partner_coordinator = make_user(session)
    partner = make_serving_group(session, coordinator=partner_coordinator, name="Acton Faith Kitchen")
    partnership = propose_partnership(
        session, from_group_id=group.id, to_group_id=partner.id, kind="referral", note="", actor=coordinator
    )
    accept_partnership(session, partnership_id=partnership.id, group_id=partner.id, actor=partner_coordinator)
    return partner, partner_coordinator


def test_referring_a_need_puts_it_on_the_partners_board_and_tells_them(session, wards, shopping, group,
                                                                       coordinator):
    partner, partner_coordinator = partners(session, group, coordinator)
    need = need_in(session, wards["Brentham"], shopping, title="Halal shop")

    refer_need(session, need_id=need.id, group_id=group.id, partner_group_id=partner.id,
               note="They have halal suppliers", actor=coordinator)

    assert need.referred_to_group_id == partner.id
    notice = session.scalar(select(Notification).where(Notification.user_id == partner_coordinator.id,
                                                       Notification.kind == "need_referred"))
    assert notice.message == (
        "Brentham Mutual Aid referred “Halal shop” to Acton Faith Kitchen: They have halal suppliers"
    )
    assert titles(open_needs(session, group_id=partner.id, actor=partner_coordinator)) == ["Halal shop"]


def test_a_need_can_only_be_referred_to_an_active_partner_with_a_note(session, wards, shopping, group,
                                                                      coordinator):
    stranger = make_serving_group(session)
    partner, _ = partners(session, group, coordinator)
    need = need_in(session, wards["Brentham"], shopping)

    with pytest.raises(ValidationFailed) as error:
        refer_need(session, need_id=need.id, group_id=group.id, partner_group_id=stranger.id, note="",
                   actor=coordinator)

    assert error.value.errors == {
        "partner_group_id": "Select one of your partner groups",
        "note": "Enter a note for the partner group",
    }
    refer_need(session, need_id=need.id, group_id=group.id, partner_group_id=partner.id, note="Over to you",
               actor=coordinator)
    with pytest.raises(Conflict):
        refer_need(session, need_id=need.id, group_id=group.id, partner_group_id=partner.id, note="Again",
                   actor=coordinator)


@pytest.mark.postgres_only
def test_two_coordinators_assigning_the_same_need_at_once_assign_it_once(db):
    factory = make_sessionmaker(db)
    with factory() as setup:
        wards = make_wards(setup)
        shopping = make_category(setup)
        first, second = make_user(setup), make_user(setup)
        group = make_serving_group(setup, coordinator=first, areas=[wards["Brentham"]], categories=[shopping])
        make_membership(setup, user=second, group=group, role="coordinator")
        volunteers = [make_user(setup) for _ in range(2)]
        for volunteer in volunteers:
            make_membership(setup, user=volunteer, group=group)
        need = need_in(setup, wards["Brentham"], shopping)
        setup.commit()
        attempts = [(first.id, volunteers[0].id), (second.id, volunteers[1].id)]
        group_id, need_id = group.id, need.id

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(actor_id: int, assignee_id: int) -> None:
        with factory() as s:
            actor = s.get(User, actor_id)
            barrier.wait()
            try:
                assign_need(s, need_id=need_id, group_id=group_id, assignee_id=assignee_id, actor=actor)
                s.commit()
                outcomes.append("assigned")
            except Conflict:
                s.rollback()
                outcomes.append("conflict")

    threads = [threading.Thread(target=attempt, args=pair) for pair in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["assigned", "conflict"]
    with factory() as check:
        accepted = check.scalar(
            select(func.count()).where(Response.need_id == need_id, Response.status == "accepted")
        )
        assert accepted == 1 and check.get(Need, need_id).status == "in_progress"


def test_the_volunteers_suited_to_a_need_are_those_who_help_with_its_kind(session, shopping):
    lifts = make_category(session, slug="lifts")
    coordinator = make_user(session, name="Cora")
    group = make_serving_group(session, coordinator=coordinator, categories=[shopping, lifts])
    names = ("Sam Shopper", "Dee Driver", "Quin Quiet")
    shopper, driver, silent = (make_user(session, name=n) for n in names)
    make_membership(session, user=shopper, group=group).categories = [shopping]
    make_membership(session, user=driver, group=group).categories = [lifts, shopping]
    make_membership(session, user=silent, group=group)  # has not said what they help with
    session.flush()

    loads = volunteer_loads(session, group_id=group.id, actor=coordinator)

    assert len(loads) == 4
    assert [load.user.display_name for load in suited_to(loads, shopping.id)] == ["Dee Driver", "Sam Shopper"]
    assert [load.user.display_name for load in suited_to(loads, lifts.id)] == ["Dee Driver"]
