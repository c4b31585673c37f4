"""The authorisation matrix for every council route: officers of one team against another's, connectors,
coordinators, residents, admins and people signed out.

Each route is asked for as each person; the answer must be the one the table says. "ok" means the person
got the page or their form was handled (200, or a redirect that is not to sign-in); "login" a redirect to
sign-in; 403 and 404 a refusal (404 where saying "forbidden" would confirm something exists).
``test_every_council_route_is_in_the_matrix`` fails when a new route is added without a row.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from community.db import make_sessionmaker
from community.models import Escalation, Referral, RoutingRule
from tests.builders.council import make_officer, make_team
from tests.builders.groups import make_serving_group
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward
from tests.builders.posts import make_need
from tests.web.conftest import sign_in

ROLES = ("anonymous", "resident", "coordinator", "connector", "officer", "other_officer", "admin")
ADMIN_ONLY = ("login", 403, 403, 403, 403, 403, "ok")
TEAM_ONLY = ("login", 404, 404, 404, "ok", 404, 404)
OFFICERS = ("login", 403, 403, 403, "ok", "ok", 403)
EVIDENCE = ("login", 403, 403, "ok", "ok", "ok", "ok")
SIGNED_IN = ("login", "ok", "ok", "ok", "ok", "ok", "ok")
ANYONE = ("ok",) * 7
ESCALATORS = ("login", 404, "ok", 404, 404, 404, 404)


@dataclass(frozen=True)
class Row:
    endpoint: str
    method: str
    expected: tuple
    args: tuple[str, ...] = ()


MATRIX = [
    Row("council.teams", "GET", ADMIN_ONLY),
    Row("council.admin_new_team", "GET", ADMIN_ONLY),
    Row("council.admin_new_team", "POST", ADMIN_ONLY),
    Row("council.admin_team", "GET", ADMIN_ONLY, ("team_id",)),
    Row("council.admin_team", "POST", ADMIN_ONLY, ("team_id",)),
    Row("council.admin_add_officer", "POST", ADMIN_ONLY, ("team_id",)),
    Row("council.admin_remove_officer", "GET", ADMIN_ONLY, ("team_id", "user_id")),
    Row("council.admin_remove_officer", "POST", ADMIN_ONLY, ("team_id", "user_id")),
    Row("council.admin_routing", "GET", ADMIN_ONLY),
    Row("council.admin_routing", "POST", ADMIN_ONLY),
    Row("council.admin_delete_rule", "GET", ADMIN_ONLY, ("rule_id",)),
    Row("council.admin_delete_rule", "POST", ADMIN_ONLY, ("rule_id",)),
    Row("council.admin_unit_costs", "GET", ADMIN_ONLY),
    Row("council.admin_unit_costs", "POST", ADMIN_ONLY),
    Row("council.home", "GET", OFFICERS),
    Row("council.refer", "GET", TEAM_ONLY, ("team_id",)),
    Row("council.refer", "POST", TEAM_ONLY, ("team_id",)),
    Row("council.referrals", "GET", TEAM_ONLY, ("team_id",)),
    Row("council.return_referral", "GET", TEAM_ONLY, ("referral_id",)),
    Row("council.return_referral", "POST", TEAM_ONLY, ("referral_id",)),
    Row("council.queue", "GET", TEAM_ONLY, ("team_id",)),
    Row("council.escalation", "GET", TEAM_ONLY, ("escalation_id",)),
    Row("council.acknowledge", "POST", TEAM_ONLY, ("escalation_id",)),
    Row("council.assign", "POST", TEAM_ONLY, ("escalation_id",)),
    Row("council.transfer", "POST", TEAM_ONLY, ("escalation_id",)),
    Row("council.resolve", "POST", TEAM_ONLY, ("escalation_id",)),
    Row("council.escalate", "GET", ESCALATORS, ("need_id",)),
    Row("council.escalate", "POST", ESCALATORS, ("need_id",)),
    Row("council.my_escalations", "GET", SIGNED_IN),
    Row("council.demand", "GET", EVIDENCE),
    Row("council.demand_csv", "GET", EVIDENCE),
    Row("council.demand_json", "GET", EVIDENCE),
    Row("council.open_data_csv", "GET", ANYONE),
]


@pytest.fixture()
def world(db):
    with make_sessionmaker(db)() as session:
        ward, category = make_ward(session), make_category(session)
        team, other = make_team(session, name="Housing", default=True), make_team(session, name="Adult care")
        officer, other_officer = make_officer(session, team), make_officer(session, other)
        spare = make_officer(session, team)  # the one an admin removes
        coordinator = make_user(session)
        group = make_serving_group(session, coordinator=coordinator, areas=[ward], categories=[category])
        need = make_need(
            session,
            poster=make_user(session),
            category=category,
            area_id=ward.id,
            group_id=group.id,
            status="in_progress",
        )
        referred = make_need(session, poster=officer, category=category, area_id=ward.id)
        referral = Referral(
            team_id=team.id,
            officer_id=officer.id,
            need_id=referred.id,
            consent_version="v",
            consent_at=referred.created_at,
            consent_scope="outcome",
        )
        escalation = Escalation(need_id=need.id, team_id=team.id, kind="beyond", summary="Needs a carer")
        rule = RoutingRule(category_id=category.id, area_id=ward.id, team_id=team.id)
        session.add_all([referral, escalation, rule])
        people = {
            "resident": make_user(session),
            "coordinator": coordinator,
            "connector": make_user(session, role="connector"),
            "officer": officer,
            "other_officer": other_officer,
            "admin": make_user(session, role="admin"),
        }
        session.commit()
        return {
            "people": people,
            "ids": {
                "team_id": team.id,
                "user_id": spare.id,
                "rule_id": rule.id,
                "referral_id": referral.id,
                "escalation_id": escalation.id,
                "need_id": need.id,
            },
        }


def _answer(response) -> object:
    if response.status_code in (301, 302, 303):
        return "login" if "/sign-in" in (response.location or "") else "ok"
    if response.status_code == 200:
        return "ok"
    return response.status_code


def test_every_council_route_is_in_the_matrix(app):
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("council.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == {(row.endpoint, row.method) for row in MATRIX}
    assert len(routes) > 20  # the positive control: the routes were found at all


def test_each_person_gets_the_answer_the_matrix_gives(app, world):
    wrong = []
    for row in MATRIX:
        with app.test_request_context():
            from flask import url_for

            url = url_for(row.endpoint, **{name: world["ids"][name] for name in row.args})
        for role, expected in zip(ROLES, row.expected, strict=True):
            client = app.test_client()
            if role != "anonymous":
                sign_in(client, world["people"][role])
            response = client.get(url) if row.method == "GET" else client.post(url, data={})
            got = _answer(response)
            if got != expected:
                wrong.append(f"{row.method} {row.endpoint} as {role}: {got}, expected {expected}")
    assert wrong == []
