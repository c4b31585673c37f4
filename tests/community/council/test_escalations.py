"""Escalations out: who may raise them, where they go, the queue's steps and history, the escalator told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from community import council
from community.db import utcnow
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.models import EscalationEvent, Notification
from community.posts.claims import accept_response, offer_help
from tests.builders.council import make_officer, make_team
from tests.builders.groups import make_serving_group
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward
from tests.builders.posts import make_need


@pytest.fixture()
def world(session):
    ward = make_ward(session)
    category = make_category(session)
    default = make_team(session, name="Customer services", default=True)
    safeguarding = make_team(session, name="Adult safeguarding", safeguarding=True)
    housing = make_team(session, name="Housing")
    coordinator = make_user(session)
    group = make_serving_group(session, coordinator=coordinator, areas=[ward], categories=[category])
    resident = make_user(session)
    need = make_need(
        session, poster=resident, category=category, area_id=ward.id, group_id=group.id, status="in_progress"
    )
    return {
        "default": default,
        "safeguarding": safeguarding,
        "housing": housing,
        "coordinator": coordinator,
        "need": need,
        "resident": resident,
        "category": category,
        "ward": ward,
        "officer": make_officer(session, default),
        "guard": make_officer(session, safeguarding),
        "housing_officer": make_officer(session, housing),
    }


def test_a_safeguarding_concern_goes_to_the_safeguarding_team_marked_urgent_and_they_are_told(session, world):
    escalation = council.raise_escalation(
        session,
        actor=world["coordinator"],
        need_id=world["need"].id,
        kind="safeguarding",
        summary="Bruises, and scared of her son",
    )
    assert escalation.team == world["safeguarding"] and escalation.urgent
    told = session.scalars(
        select(Notification.user_id).where(Notification.kind == "escalation_received")
    ).all()
    assert told == [world["guard"].id]


def test_beyond_what_we_can_do_follows_the_routing_rules(session, world):
    admin = make_user(session, role="admin")
    escalation = council.raise_escalation(
        session,
        actor=world["coordinator"],
        need_id=world["need"].id,
        kind="beyond",
        summary="Needs adaptations at home",
    )
    assert escalation.team == world["default"] and not escalation.urgent
    council.set_routing_rule(
        session,
        actor=admin,
        category_id=world["category"].id,
        area_id=world["ward"].id,
        team_id=world["housing"].id,
    )
    again = council.raise_escalation(
        session,
        actor=world["coordinator"],
        need_id=world["need"].id,
        kind="beyond",
        summary="Still needs adaptations",
    )
    assert again.team == world["housing"]


def test_only_a_coordinator_on_the_need_or_its_accepted_helper_may_escalate(session, world):
    need, stranger = world["need"], make_user(session)
    with pytest.raises(PermissionDenied):
        council.raise_escalation(session, actor=stranger, need_id=need.id, kind="beyond", summary="x")
    with pytest.raises(PermissionDenied):
        council.raise_escalation(
            session, actor=world["resident"], need_id=need.id, kind="beyond", summary="x"
        )
    open_need = make_need(session, poster=world["resident"], category=world["category"])
    helper = make_user(session)
    accept_response(
        session,
        response_id=offer_help(session, need_id=open_need.id, helper=helper, message="I can").id,
        actor=world["resident"],
    )
    assert council.may_escalate(session, helper, open_need)
    with pytest.raises(ValidationFailed) as error:
        council.raise_escalation(session, actor=helper, need_id=open_need.id, kind="other", summary=" ")
    assert set(error.value.errors) == {"kind", "summary"}


def test_the_queue_acknowledges_assigns_transfers_and_resolves_keeping_the_history(session, world):
    raised_at = utcnow() - timedelta(hours=30)
    escalation = council.raise_escalation(
        session,
        actor=world["coordinator"],
        need_id=world["need"].id,
        kind="beyond",
        summary="Rent arrears",
        now=raised_at,
    )
    officer, housing_officer = world["officer"], world["housing_officer"]
    [item] = council.list_team_queue(session, actor=officer, team_id=world["default"].id).items
    assert item.overdue and item.hours_to_acknowledge >= 30 and item.target_hours == 24

    council.acknowledge_escalation(session, actor=officer, escalation_id=escalation.id)
    with pytest.raises(Conflict):
        council.acknowledge_escalation(session, actor=officer, escalation_id=escalation.id)
    assert not council.queue_item(escalation).overdue
    with pytest.raises(ValidationFailed):
        council.assign_escalation(
            session, actor=officer, escalation_id=escalation.id, officer_id=housing_officer.id
        )
    council.assign_escalation(session, actor=officer, escalation_id=escalation.id, officer_id=officer.id)

    council.transfer_escalation(
        session,
        actor=officer,
        escalation_id=escalation.id,
        team_id=world["housing"].id,
        note="Rent is housing's",
    )
    assert (escalation.team, escalation.status, escalation.assigned_to_id) == (world["housing"], "open", None)
    # The first team no longer sees it; the second does.
    with pytest.raises(NotFound):
        council.get_escalation(session, actor=officer, escalation_id=escalation.id)
    council.resolve_escalation(
        session,
        actor=housing_officer,
        escalation_id=escalation.id,
        outcome="service_provided",
        note="Discretionary payment agreed for Doris",
    )
    history = council.escalation_history(session, actor=housing_officer, escalation_id=escalation.id)
    assert [e.action for e in history] == ["raised", "acknowledged", "assigned", "transferred", "resolved"]
    moved = next(e for e in history if e.action == "transferred")
    assert (moved.from_team_id, moved.to_team_id) == (world["default"].id, world["housing"].id)

    # The escalator hears the outcome and nothing of the case notes.
    [told] = session.scalars(
        select(Notification).where(
            Notification.user_id == world["coordinator"].id, Notification.kind == "escalation_resolved"
        )
    ).all()
    assert "providing a service" in told.message and "Doris" not in told.message
    with pytest.raises(Conflict):
        council.resolve_escalation(
            session, actor=housing_officer, escalation_id=escalation.id, outcome="no_action_needed", note=""
        )
    mine = council.list_my_escalations(session, actor=world["coordinator"]).items
    assert [m.outcome_label for m in mine] == ["The council is providing a service"]
    assert session.scalar(select(EscalationEvent.id).where(EscalationEvent.escalation_id == escalation.id))
