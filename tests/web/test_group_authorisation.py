"""Who may read and change every group route that takes an id, web pages and JSON API alike.

Six people stand around one group: someone not signed in, a resident with no part in it, a volunteer
member, another group's coordinator, this group's coordinator and a council connector. Each row of the
matrix names a route, the method (GET reads, anything else changes) and the answer each of them gets.

The meta-test walks the app's URL map: a new ``groups.*`` or ``/api/v1/groups...`` route with an id in
its URL fails the suite until a row here says who may use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from flask import url_for

from app import create_app
from config import TestingConfig
from tests.builders.groups import ROLES, build_world
from tests.web.conftest import sign_in

LOGIN = "login"  # web: redirected to the sign-in page
DONE = "done"  # web: the change was made and the browser sent on (post/redirect/get)


@dataclass(frozen=True)
class Row:
    endpoint: str
    method: str
    # URL argument -> attribute of World holding the id to use.
    args: dict
    expected: tuple  # one answer per role, in ROLES order
    data: dict = field(default_factory=dict)
    json: dict | None = None

    @property
    def id(self) -> str:
        return f"{self.endpoint}-{self.method}"


G = {"group_id": "group_id"}
MEMBER = {**G, "membership_id": "member_membership_id"}
PENDING = {**G, "membership_id": "pending_membership_id"}
OPEN_NEED = {**G, "need_id": "open_need_id"}
TAKEN_NEED = {**G, "need_id": "taken_need_id"}
INCOMING = {**G, "partnership_id": "incoming_partnership_id"}
ACTIVE = {**G, "partnership_id": "active_partnership_id"}
CHECK = {**MEMBER, "check_id": "check_id"}

#                     anonymous resident member other_coordinator coordinator connector
EVERYONE = (200, 200, 200, 200, 200, 200)
SIGNED_IN = (LOGIN, 200, 200, 200, 200, 200)
COORDINATOR_READS = (LOGIN, 403, 403, 403, 200, 403)
COORDINATOR_CHANGES = (LOGIN, 403, 403, 403, DONE, 403)
CONNECTOR_READS = (LOGIN, 403, 403, 403, 403, 200)
CONNECTOR_CHANGES = (LOGIN, 403, 403, 403, 403, DONE)
MEMBERS_READ = (LOGIN, 403, 200, 403, 200, 403)

WEB = [
    Row("groups.detail", "GET", G, EVERYONE),
    Row("groups.edit", "GET", G, COORDINATOR_READS),
    Row("groups.edit", "POST", G, COORDINATOR_CHANGES, data={
        "name": "Brentham Mutual Aid", "description": "Changed", "kind": "mutual_aid",
        "category_ids": "@category_id", "area_ids": "@brentham", "contact_email": "hi@example.org",
    }),
    Row("groups.confirm_details", "GET", G, COORDINATOR_READS),
    Row("groups.confirm_details", "POST", G, COORDINATOR_CHANGES),
    Row("groups.verify", "GET", G, CONNECTOR_READS),
    Row("groups.verify", "POST", G, CONNECTOR_CHANGES, data={"action": "verify"}),
    Row("groups.join", "GET", G, SIGNED_IN),
    # Anyone signed in may ask; a member asking again is told so on the group page.
    Row("groups.join", "POST", G, (LOGIN, DONE, DONE, DONE, DONE, DONE)),
    Row("groups.leave", "GET", G, MEMBERS_READ),
    # The group's only coordinator gets the form back with the reason they cannot leave.
    Row("groups.leave", "POST", G, (LOGIN, 403, DONE, 403, 200, 403)),
    Row("groups.members", "GET", G, COORDINATOR_READS),
    Row("groups.approve_member", "POST", PENDING, COORDINATOR_CHANGES),
    Row("groups.decline_member", "POST", PENDING, COORDINATOR_CHANGES),
    Row("groups.remove_member", "GET", MEMBER, COORDINATOR_READS),
    Row("groups.remove_member", "POST", MEMBER, COORDINATOR_CHANGES),
    Row("groups.change_role", "GET", MEMBER, COORDINATOR_READS),
    Row("groups.change_role", "POST", MEMBER, COORDINATOR_CHANGES, data={"role": "coordinator"}),
    Row("groups.volunteer_details", "GET", G, MEMBERS_READ),
    Row("groups.volunteer_details", "POST", G, (LOGIN, 403, DONE, 403, DONE, 403),
        data={"category_ids": "@category_id", "availability": "Evenings"}),
    Row("groups.dbs_checks", "GET", MEMBER, COORDINATOR_READS),
    Row("groups.dbs_checks", "POST", MEMBER, COORDINATOR_CHANGES, data={
        "level": "enhanced_barred", "checked_on": ["1", "1", "2025"], "expires_on": ["1", "1", "2099"],
    }),
    Row("groups.withdraw_dbs", "POST", CHECK, COORDINATOR_CHANGES),
    Row("groups.board", "GET", G, COORDINATOR_READS),
    Row("groups.assign", "GET", OPEN_NEED, COORDINATOR_READS),
    Row("groups.assign", "POST", OPEN_NEED, COORDINATOR_CHANGES, data={"assignee": "@member"}),
    Row("groups.reassign", "GET", TAKEN_NEED, COORDINATOR_READS),
    Row("groups.reassign", "POST", TAKEN_NEED, COORDINATOR_CHANGES, data={"assignee": "@coordinator"}),
    Row("groups.progress", "GET", TAKEN_NEED, COORDINATOR_READS),
    Row("groups.progress", "POST", TAKEN_NEED, COORDINATOR_CHANGES, data={"outcome": "met"}),
    Row("groups.refer", "GET", OPEN_NEED, COORDINATOR_READS),
    Row("groups.refer", "POST", OPEN_NEED, COORDINATOR_CHANGES,
        data={"partner_group_id": "@third_group_id", "note": "Over to you"}),
    Row("groups.partners", "GET", G, COORDINATOR_READS),
    Row("groups.propose_partnership", "GET", G, COORDINATOR_READS),
    Row("groups.propose_partnership", "POST", G, COORDINATOR_CHANGES,
        data={"to_group_id": "@fourth_group_id", "kind": "referral"}),
    Row("groups.accept_partnership", "POST", INCOMING, COORDINATOR_CHANGES),
    Row("groups.decline_partnership", "POST", INCOMING, COORDINATOR_CHANGES),
    Row("groups.end_partnership", "GET", ACTIVE, COORDINATOR_READS),
    Row("groups.end_partnership", "POST", ACTIVE, COORDINATOR_CHANGES),
]

#                  anonymous resident member other_coordinator coordinator connector
API_EVERYONE = (200, 200, 200, 200, 200, 200)
API_COORDINATOR = (401, 403, 403, 403, 200, 403)
API_CONNECTOR = (401, 403, 403, 403, 403, 200)

API = [
    Row("api.groups_detail", "GET", G, API_EVERYONE),
    Row("api.groups_update", "PATCH", G, API_COORDINATOR, json={"description": "Changed"}),
    Row("api.groups_confirm", "POST", G, API_COORDINATOR, json={}),
    Row("api.groups_verification", "PUT", G, API_CONNECTOR, json={}),
    Row("api.groups_verification", "DELETE", G, API_CONNECTOR, json={}),
    Row("api.groups_memberships", "GET", G, API_COORDINATOR),
    Row("api.groups_join", "POST", G, (401, 201, 409, 201, 409, 201), json={}),
    Row("api.groups_leave", "DELETE", G, (401, 404, 200, 404, 409, 404), json={}),
    Row("api.groups_membership", "PATCH", MEMBER, API_COORDINATOR, json={"role": "coordinator"}),
    Row("api.groups_membership", "DELETE", MEMBER, API_COORDINATOR, json={}),
    Row("api.groups_membership_approve", "POST", PENDING, API_COORDINATOR, json={}),
    Row("api.groups_membership_decline", "POST", PENDING, API_COORDINATOR, json={}),
    Row("api.groups_partnerships", "GET", G, API_EVERYONE),
    Row("api.groups_propose", "POST", G, (401, 403, 403, 403, 201, 403),
        json={"group_id": "@fourth_group_id", "kind": "shared_volunteers"}),
    Row("api.groups_partnership_accept", "POST", INCOMING, API_COORDINATOR, json={}),
    Row("api.groups_partnership_decline", "POST", INCOMING, API_COORDINATOR, json={}),
    Row("api.groups_partnership_end", "POST", ACTIVE, API_COORDINATOR, json={}),
]


def _value(world, value):
    """"@name" stands for an id from the world: a World attribute, a ward name, or a person's role."""
    if isinstance(value, list):
        return [_value(world, v) for v in value]
    if not (isinstance(value, str) and value.startswith("@")):
        return value
    name = value[1:]
    if name == "brentham":
        return world.ward_ids["Brentham"]
    if name in world.users:
        return world.users[name].id
    return getattr(world, name)


@pytest.fixture(scope="module")
def shared_app(engine, database_url):
    """One app for the whole matrix: its templates are compiled once, not for each of the rows."""
    app = create_app(TestingConfig, DATABASE_URL=database_url)
    yield app
    app.extensions["weave.engine"].dispose()


@pytest.fixture()
def world(db):
    return build_world(db)


def _request(app, world, row: Row, role: str):
    client = app.test_client()
    user = world.user(role)
    if user is not None:
        sign_in(client, user)
    with app.test_request_context():
        url = url_for(row.endpoint, **{arg: getattr(world, attr) for arg, attr in row.args.items()})
    if row.json is not None:
        body = {key: _value(world, value) for key, value in row.json.items()}
        return client.open(url, method=row.method, json=body)
    data = {key: _value(world, value) for key, value in row.data.items()}
    return client.open(url, method=row.method, data=data)


def _problem(response, expected, row: Row, role: str) -> str | None:
    where = f"{row.method} {row.endpoint} as {role}"
    location = response.location or ""
    if expected == LOGIN:
        if response.status_code != 302 or "/sign-in" not in location:
            return f"{where}: expected a redirect to sign in, got {response.status_code} {location}"
    elif expected == DONE:
        if response.status_code != 302 or "/sign-in" in location:
            return f"{where}: expected the change to be made and a redirect, got {response.status_code}"
    elif response.status_code != expected:
        return f"{where}: expected {expected}, got {response.status_code}"
    return None


@pytest.mark.parametrize("row", WEB + API, ids=[row.id for row in WEB + API])
def test_authorisation_matrix(shared_app, world, row):
    # One world per row, every role in turn: a refusal changes nothing, so the people asked later meet
    # the same state (and where a change is allowed, the row's expectations allow for it having happened).
    problems = [
        _problem(_request(shared_app, world, row, role), expected, row, role)
        for role, expected in zip(ROLES, row.expected, strict=True)
    ]

    assert not [p for p in problems if p], "\n".join(p for p in problems if p)


def _id_routes(app) -> set[tuple[str, str]]:
    found = set()
    for rule in app.url_map.iter_rules():
        is_group_route = rule.endpoint.startswith("groups.") or rule.rule.startswith("/api/v1/groups")
        if is_group_route and any(argument.endswith("_id") for argument in rule.arguments):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                found.add((rule.endpoint, method))
    return found


def test_every_group_route_with_an_id_is_in_the_matrix(app):
    covered = {(row.endpoint, row.method) for row in WEB + API}

    missing = sorted(_id_routes(app) - covered)

    assert not missing, f"Add these to the authorisation matrix: {missing}"


def test_the_meta_test_notices_a_new_route(app):
    app.add_url_rule("/groups/<int:group_id>/secret", "groups.secret", lambda group_id: "")

    assert ("groups.secret", "GET") in _id_routes(app) - {(row.endpoint, row.method) for row in WEB + API}
