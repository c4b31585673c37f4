"""The claim rules residents and groups share: one need, one accepted helper."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from community.db import make_engine, make_sessionmaker
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.models import Need, Notification, Response
from community.posts.claims import (
    accept_response,
    dbs_rule,
    decline_response,
    mark_need_met,
    mark_need_not_met,
    offer_help,
    reassign_need,
    take_on_need,
    withdraw_need,
    withdraw_response,
)
from tests.builders.groups import make_dbs_check, make_group, make_membership
from tests.builders.people import make_user
from tests.builders.places import make_category
from tests.builders.posts import make_need


def _notices(session, user):
    return session.scalars(select(Notification.kind).where(Notification.user_id == user.id)).all()


def test_poster_accepts_one_offer_and_the_others_are_told_it_is_taken(session):
    poster, first, second = (make_user(session) for _ in range(3))
    need = make_need(session, poster=poster)
    r1 = offer_help(session, need_id=need.id, helper=first, message="I can drive you")
    r2 = offer_help(session, need_id=need.id, helper=second, message="Me too")
    assert need.first_response_at is not None

    accept_response(session, response_id=r1.id, actor=poster)

    assert need.status == "in_progress" and need.assigned_to_id == first.id
    assert (r1.status, r2.status) == ("accepted", "declined")
    assert "response_accepted" in _notices(session, first)
    assert "need_taken" in _notices(session, second)
    assert _notices(session, poster).count("response_received") == 2


def test_second_acceptance_of_a_taken_need_is_refused(session):
    poster, first, second = (make_user(session) for _ in range(3))
    need = make_need(session, poster=poster)
    r1 = offer_help(session, need_id=need.id, helper=first, message="I can help")
    r2 = offer_help(session, need_id=need.id, helper=second, message="So can I")
    accept_response(session, response_id=r1.id, actor=poster)
    with pytest.raises(Conflict):
        accept_response(session, response_id=r2.id, actor=poster)


def test_only_the_poster_can_accept(session):
    poster, helper, stranger = (make_user(session) for _ in range(3))
    need = make_need(session, poster=poster)
    response = offer_help(session, need_id=need.id, helper=helper, message="I can help")
    with pytest.raises(PermissionDenied):
        accept_response(session, response_id=response.id, actor=stranger)
    with pytest.raises(PermissionDenied):
        accept_response(session, response_id=response.id, actor=helper)


@pytest.mark.parametrize(
    "message, field", [("", "message"), ("   ", "message"), ("x" * 2001, "message")]
)
def test_offer_needs_a_message(session, message, field):
    poster, helper = make_user(session), make_user(session)
    need = make_need(session, poster=poster)
    with pytest.raises(ValidationFailed) as error:
        offer_help(session, need_id=need.id, helper=helper, message=message)
    assert field in error.value.errors


def test_cannot_offer_help_with_own_need_or_twice(session):
    poster, helper = make_user(session), make_user(session)
    need = make_need(session, poster=poster)
    with pytest.raises(ValidationFailed):
        offer_help(session, need_id=need.id, helper=poster, message="hi")
    offer_help(session, need_id=need.id, helper=helper, message="hi")
    with pytest.raises(Conflict):
        offer_help(session, need_id=need.id, helper=helper, message="again")


def test_a_need_you_may_not_see_is_not_found(session):
    poster, resident = make_user(session), make_user(session)
    need = make_need(session, poster=poster, visibility="groups")
    with pytest.raises(NotFound):
        offer_help(session, need_id=need.id, helper=resident, message="hi")
    group = make_group(session)
    make_membership(session, user=resident, group=group)
    assert offer_help(session, need_id=need.id, helper=resident, message="hi").status == "offered"


def test_regulated_category_needs_a_current_dbs_check(session):
    poster, helper = make_user(session), make_user(session)
    care = make_category(session, slug="personal-care", regulated=True)
    need = make_need(session, poster=poster, category=care)
    with pytest.raises(PermissionDenied):
        offer_help(session, need_id=need.id, helper=helper, message="I can help")
    make_dbs_check(session, user=helper, expires_in_days=-1)
    with pytest.raises(PermissionDenied):
        offer_help(session, need_id=need.id, helper=helper, message="I can help")
    make_dbs_check(session, user=helper, expires_in_days=30)
    assert offer_help(session, need_id=need.id, helper=helper, message="I can help")


def test_group_takes_on_a_need_assigns_a_member_and_can_reassign(session):
    poster, coordinator, volunteer, other = (make_user(session) for _ in range(4))
    group = make_group(session, coordinator=coordinator)
    make_membership(session, user=volunteer, group=group)
    make_membership(session, user=other, group=group)
    need = make_need(session, poster=poster)

    response = take_on_need(
        session, need_id=need.id, group_id=group.id, assignee_id=volunteer.id, actor=coordinator
    )
    assert (need.status, need.group_id, need.assigned_to_id) == ("in_progress", group.id, volunteer.id)
    assert response.status == "accepted" and "need_assigned" in _notices(session, volunteer)

    reassign_need(session, need_id=need.id, assignee_id=other.id, actor=coordinator)
    accepted = session.scalars(
        select(Response.helper_id).where(Response.need_id == need.id, Response.status == "accepted")
    ).all()
    assert accepted == [other.id]

    mark_need_met(session, need_id=need.id, actor=coordinator)
    assert need.status == "met" and need.met_at is not None


def test_only_a_coordinator_takes_needs_on_and_only_for_members(session):
    poster, coordinator, volunteer, outsider = (make_user(session) for _ in range(4))
    group = make_group(session, coordinator=coordinator)
    make_membership(session, user=volunteer, group=group)
    need = make_need(session, poster=poster)
    with pytest.raises(PermissionDenied):
        take_on_need(session, need_id=need.id, group_id=group.id, assignee_id=volunteer.id, actor=volunteer)
    with pytest.raises(ValidationFailed):
        take_on_need(
            session, need_id=need.id, group_id=group.id, assignee_id=outsider.id, actor=coordinator
        )
    assert need.status == "open"


def test_group_cannot_take_on_a_need_a_resident_already_has(session):
    poster, helper, coordinator = (make_user(session) for _ in range(3))
    group = make_group(session, coordinator=coordinator)
    need = make_need(session, poster=poster)
    response = offer_help(session, need_id=need.id, helper=helper, message="I can help")
    accept_response(session, response_id=response.id, actor=poster)
    with pytest.raises(Conflict):
        take_on_need(
            session, need_id=need.id, group_id=group.id, assignee_id=coordinator.id, actor=coordinator
        )


def test_met_completes_the_accepted_response(session):
    poster, helper = make_user(session), make_user(session)
    need = make_need(session, poster=poster)
    response = offer_help(session, need_id=need.id, helper=helper, message="I can help")
    accept_response(session, response_id=response.id, actor=poster)
    mark_need_met(session, need_id=need.id, actor=poster)
    assert response.status == "completed" and "need_met" in _notices(session, helper)
    with pytest.raises(Conflict):
        withdraw_need(session, need_id=need.id, actor=poster)


def test_not_met_needs_a_reason(session):
    poster = make_user(session)
    need = make_need(session, poster=poster)
    with pytest.raises(ValidationFailed):
        mark_need_not_met(session, need_id=need.id, actor=poster, reason=" ")
    mark_need_not_met(session, need_id=need.id, actor=poster, reason="Nobody was free")
    assert need.status == "closed_unmet" and need.unmet_reason == "Nobody was free"


def test_withdrawing_an_accepted_response_reopens_the_need(session):
    poster, helper = make_user(session), make_user(session)
    need = make_need(session, poster=poster)
    response = offer_help(session, need_id=need.id, helper=helper, message="I can help")
    accept_response(session, response_id=response.id, actor=poster)
    with pytest.raises(PermissionDenied):
        withdraw_response(session, response_id=response.id, actor=poster)
    withdraw_response(session, response_id=response.id, actor=helper)
    assert need.status == "open" and need.assigned_to_id is None


def test_declined_offer_is_told_kindly(session):
    poster, helper = make_user(session), make_user(session)
    need = make_need(session, poster=poster)
    response = offer_help(session, need_id=need.id, helper=helper, message="I can help")
    decline_response(session, response_id=response.id, actor=poster)
    assert response.status == "declined" and "response_declined" in _notices(session, helper)


def test_withdrawn_need_tells_responders(session):
    poster, helper = make_user(session), make_user(session)
    need = make_need(session, poster=poster)
    offer_help(session, need_id=need.id, helper=helper, message="I can help")
    withdraw_need(session, need_id=need.id, actor=poster)
    assert need.status == "withdrawn" and "need_withdrawn" in _notices(session, helper)


def _wide_factory(engine):
    """Twenty threads each hold a connection at the barrier: the default pool (5 + 10) would starve."""
    return make_sessionmaker(make_engine(engine.url.render_as_string(hide_password=False), pool_size=25))


@pytest.mark.postgres_only
def test_twenty_concurrent_acceptances_accept_exactly_one(db):
    factory = _wide_factory(db)
    with factory() as setup:
        poster = make_user(setup)
        need = make_need(setup, poster=poster)
        helpers = [make_user(setup) for _ in range(20)]
        response_ids = [
            offer_help(setup, need_id=need.id, helper=h, message="I can help").id for h in helpers
        ]
        setup.commit()
        need_id, poster_id = need.id, poster.id

    barrier = threading.Barrier(20)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(response_id: int) -> None:
        with factory() as s:
            actor = s.get(type(poster), poster_id)
            barrier.wait()
            try:
                accept_response(s, response_id=response_id, actor=actor)
                s.commit()
                result = "accepted"
            except Conflict:
                s.rollback()
                result = "conflict"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(rid,)) for rid in response_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["accepted"] + ["conflict"] * 19
    with factory() as check:
        accepted = check.scalar(
            select(func.count()).where(
                Response.need_id == need_id, Response.status.in_(("accepted", "completed"))
            )
        )
        assert accepted == 1
        assert check.get(Need, need_id).status == "in_progress"


@pytest.mark.postgres_only
def test_twenty_concurrent_take_ons_by_groups_accept_exactly_one(db):
    factory = _wide_factory(db)
    with factory() as setup:
        poster = make_user(setup)
        need = make_need(setup, poster=poster)
        pairs = []
        for _ in range(20):
            coordinator = make_user(setup)
            group = make_group(setup, coordinator=coordinator)
            pairs.append((coordinator.id, group.id))
        setup.commit()
        need_id = need.id

    barrier = threading.Barrier(20)
    outcomes: list[str] = []

    def attempt(coordinator_id: int, group_id: int) -> None:
        with factory() as s:
            actor = s.get(type(poster), coordinator_id)
            barrier.wait()
            try:
                take_on_need(s, need_id=need_id, group_id=group_id, assignee_id=coordinator_id, actor=actor)
                s.commit()
                outcomes.append("taken")
            except Conflict:
                s.rollback()
                outcomes.append("conflict")

    threads = [threading.Thread(target=attempt, args=pair) for pair in pairs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 19 + ["taken"]


def test_the_dbs_rule_says_whether_it_applies_and_whether_the_helper_meets_it(session):
    poster, checked, unchecked = make_user(session), make_user(session), make_user(session)
    make_dbs_check(session, user=checked)
    expired = make_user(session)
    make_dbs_check(session, user=expired, expires_in_days=-1)
    care = make_need(session, poster=poster, category=make_category(session, slug="care", regulated=True))
    shop = make_need(session, poster=poster, category=make_category(session, slug="shop"))

    assert [(r.applies, r.met, r.stops_them) for r in (
        dbs_rule(session, need=care, helper=checked), dbs_rule(session, need=care, helper=unchecked),
        dbs_rule(session, need=care, helper=expired), dbs_rule(session, need=shop, helper=unchecked),
    )] == [(True, True, False), (True, False, True), (True, False, True), (False, False, False)]
