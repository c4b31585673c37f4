"""The council's pages: an admin sets up teams, routing and costs; an officer refers a resident and sees the
outcome; a coordinator escalates and the team works its queue."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community.models import (
    CouncilTeam,
    Escalation,
    Need,
    Notification,
    Referral,
    RoutingRule,
    UnitCost,
    User,
)
from tests.builders.council import make_officer, make_team
from tests.builders.groups import make_membership, make_serving_group
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward
from tests.builders.posts import make_need


def errors(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".govuk-error-summary__list a")]


def test_an_admin_sets_up_a_team_its_officers_a_rule_and_a_unit_cost(client_request, session):
    admin = make_user(session, role="admin")
    officer = make_user(session, email="olu@council.example", name="Olu Officer")
    ward, category = make_ward(session, name="Northfield"), make_category(session)
    session.commit()
    client_request.sign_in(admin)
    page = client_request.get("council.teams")
    assert "There are no teams yet" in page.text

    page = client_request.post(
        "council.admin_new_team",
        _data={"name": "", "acknowledge_hours": "0", "delivery_kind": "none"},
        _expected_status=200,
    )
    assert errors(page) == ["Enter the team's name", "Enter a number of hours from 1 to 672"]
    client_request.post(
        "council.admin_new_team",
        _data={
            "name": "Adult social care",
            "acknowledge_hours": "4",
            "safeguarding": "y",
            "is_default": "y",
            "delivery_kind": "none",
        },
    )
    team = session.scalar(select(CouncilTeam))
    assert (team.name, team.acknowledge_hours, team.safeguarding, team.is_default) == (
        "Adult social care",
        4,
        True,
        True,
    )

    page = client_request.post(
        "council.admin_add_officer",
        team_id=team.id,
        _data={"officer-email": "nobody@x.example"},
        _expected_status=200,
    )
    assert errors(page) == ["There is no account with that email address"]
    client_request.post("council.admin_add_officer", team_id=team.id, _data={"officer-email": officer.email})
    session.expire_all()
    assert session.get(User, officer.id).role == "officer"
    page = client_request.get("council.admin_team", team_id=team.id)
    assert "Olu Officer" in page.text

    client_request.post(
        "council.admin_routing", _data={"category_id": category.id, "area_id": ward.id, "team_id": team.id}
    )
    assert session.scalar(select(func.count()).select_from(RoutingRule)) == 1
    client_request.post(
        "council.admin_unit_costs",
        _data={
            "category_id": category.id,
            "amount": "85.50",
            "source": "PSSRU unit costs 2025",
            "illustrative": "",
        },
    )
    cost = session.scalar(select(UnitCost))
    assert (cost.amount_pence, cost.source) == (8550, "PSSRU unit costs 2025")

    page = client_request.get("council.admin_remove_officer", team_id=team.id, user_id=officer.id)
    assert "Remove Olu Officer from Adult social care?" in page.h1.text
    client_request.post("council.admin_remove_officer", team_id=team.id, user_id=officer.id)
    session.expire_all()
    assert session.get(User, officer.id).role == "resident"


@pytest.fixture()
def council_world(session):
    ward, category = make_ward(session, name="Northfield"), make_category(session)
    team = make_team(session, name="Customer services", default=True)
    other = make_team(session, name="Housing")
    guard = make_team(session, name="Adult safeguarding", safeguarding=True)
    officer = make_officer(session, team, name="Olu Officer")
    housing_officer = make_officer(session, other, name="Hana Housing")
    guard_officer = make_officer(session, guard, name="Gus Guard")
    coordinator = make_user(session, name="Cora Coordinator")
    group = make_serving_group(
        session, coordinator=coordinator, areas=[ward], categories=[category], name="Northfield Neighbours"
    )
    helper = make_user(session, name="Hal Helper")
    make_membership(session, user=helper, group=group)
    session.commit()
    return {
        "ward": ward,
        "category": category,
        "team": team,
        "other": other,
        "guard": guard,
        "officer": officer,
        "housing_officer": housing_officer,
        "guard_officer": guard_officer,
        "coordinator": coordinator,
        "group": group,
        "helper": helper,
    }


def test_an_officer_refers_a_resident_and_sees_the_outcome_without_the_group_unless_agreed(
    client_request, session, council_world
):
    w = council_world
    client_request.sign_in(w["officer"])
    page = client_request.get("council.home")
    assert "Customer services" in page.text
    page = client_request.get("council.refer", team_id=w["team"].id)
    assert "version (council-referral-" in page.text

    form = {
        "on_behalf_name": "Doris",
        "on_behalf_contact": "07700 900 123",
        "consent_statement": "Agreed by phone today",
        "category_id": w["category"].id,
        "title": "Weekly shop",
        "body": "Cannot get out",
        "urgency": "this_week",
        "location": "elsewhere",
        "area_id": w["ward"].id,
        "needed_by": ["", "", ""],
    }
    page = client_request.post("council.refer", team_id=w["team"].id, _data=form, _expected_status=200)
    assert errors(page) == [
        "Confirm the resident agreed to the wording above",
        "Select what the resident agreed the council may hear",
    ]
    assert page.select_one("#title")["value"] == "Weekly shop"
    client_request.post(
        "council.refer", team_id=w["team"].id, _data={**form, "consent": "y", "consent_scope": "outcome"}
    )
    referral = session.scalar(select(Referral))
    need = session.get(Need, referral.need_id)
    assert need.posted_by_id == w["officer"].id and "Customer services" not in need.body

    page = client_request.get("council.referrals", team_id=w["team"].id)
    assert "Waiting" in page.select_one(f"#referral-{referral.id}").text

    # The group takes it on and meets it; the helper's page never names the team.
    client_request.sign_in(w["coordinator"])
    client_request.post(
        "groups.assign",
        group_id=w["group"].id,
        need_id=need.id,
        _data={"assignee": w["helper"].id},
        _follow_redirects=True,
    )
    client_request.sign_in(w["helper"])
    page = client_request.get("residents.need", need_id=need.id)
    assert "Customer services" not in page.text
    client_request.sign_in(w["coordinator"])
    client_request.post(
        "groups.progress",
        group_id=w["group"].id,
        need_id=need.id,
        _data={"outcome": "met"},
        _follow_redirects=True,
    )
    client_request.sign_in(w["officer"])
    row = client_request.get("council.referrals", team_id=w["team"].id).select_one(f"#referral-{referral.id}")
    assert "Met" in row.text and "Not shared" in row.text and "Northfield Neighbours" not in row.text


def test_a_coordinator_raises_a_safeguarding_concern_and_the_teams_work_it(
    client_request, session, council_world
):
    w = council_world
    need = make_need(
        session,
        poster=make_user(session),
        category=w["category"],
        area_id=w["ward"].id,
        group_id=w["group"].id,
        status="in_progress",
    )
    session.commit()
    client_request.sign_in(w["coordinator"])
    page = client_request.get("residents.need", need_id=need.id)
    assert page.select_one(f"a[href='/needs/{need.id}/escalate?kind=safeguarding']")
    page = client_request.get("council.escalate", need_id=need.id, kind="safeguarding")
    assert "call 999" in page.text
    page = client_request.post(
        "council.escalate",
        need_id=need.id,
        _data={"kind": "safeguarding", "summary": ""},
        _expected_status=200,
    )
    assert errors(page) == ["Enter what the council needs to know"]
    client_request.post(
        "council.escalate",
        need_id=need.id,
        _data={"kind": "safeguarding", "summary": "She is frightened of her lodger"},
    )
    escalation = session.scalar(select(Escalation))
    assert escalation.team_id == w["guard"].id and escalation.urgent

    client_request.sign_in(w["guard_officer"])
    page = client_request.get("council.queue", team_id=w["guard"].id)
    assert "Urgent" in page.select_one(f"#escalation-{escalation.id}").text
    client_request.post("council.acknowledge", escalation_id=escalation.id, _data={})
    page = client_request.post(
        "council.transfer",
        escalation_id=escalation.id,
        _data={"transfer-team_id": "", "transfer-note": ""},
        _expected_status=200,
    )
    assert errors(page) == ["Select another team", "Enter why it is going to another team"]
    client_request.post(
        "council.transfer",
        escalation_id=escalation.id,
        _data={"transfer-team_id": w["other"].id, "transfer-note": "The lodger is housing's"},
    )
    client_request.get("council.escalation", escalation_id=escalation.id, _expected_status=404)

    client_request.sign_in(w["housing_officer"])
    page = client_request.get("council.escalation", escalation_id=escalation.id)
    assert "from Adult safeguarding to Housing" in page.text
    client_request.post(
        "council.resolve",
        escalation_id=escalation.id,
        _data={"resolve-outcome": "service_provided", "resolve-note": "Lodger served notice"},
    )
    client_request.sign_in(w["coordinator"])
    page = client_request.get("council.my_escalations")
    assert "The council is providing a service" in page.text and "Lodger" not in page.text
    told = session.scalar(select(Notification.message).where(Notification.kind == "escalation_resolved"))
    assert "Lodger" not in told
