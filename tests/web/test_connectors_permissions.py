"""Connectors only: every connector page, map and API route refuses everyone else.

Anonymous visitors are sent to sign in (the API answers 401), residents and group coordinators get 403,
and connectors get through. A meta-test reads the app's URL map so that a new connectors route, or a new
``/api/v1/coverage`` or ``/api/v1/network`` route, fails here until it is added to the table.
"""

from __future__ import annotations

import pytest

from app import create_app
from community.db import make_sessionmaker
from community.insights.runs import create_run, execute_run
from config import TestingConfig
from tests.builders.insights import SmallCommunity
from tests.web.conftest import sign_in

# (endpoint, method) -> URL values; strings in braces are filled from the community built below.
ROUTES: dict[tuple[str, str], dict] = {
    ("connectors.dashboard", "GET"): {},
    ("connectors.start_run", "POST"): {},
    ("connectors.runs", "GET"): {},
    ("connectors.run", "GET"): {"run_id": "{run}"},
    ("connectors.run_status", "GET"): {"run_id": "{run}"},
    ("connectors.coverage", "GET"): {},
    ("connectors.ward", "GET"): {"code": "{ward}"},
    ("connectors.coverage_csv", "GET"): {},
    ("connectors.network", "GET"): {},
    ("connectors.gaps_list", "GET"): {},
    ("connectors.gap", "GET"): {"run_id": "{run}", "number": 1},
    ("connectors.person", "GET"): {"user_id": "{person}"},
    ("connectors.what_if_search", "GET"): {"q": "Acton"},
    ("connectors.what_if_node", "GET"): {"kind": "user", "number": "{person}"},
    ("connectors.introductions", "GET"): {},
    ("connectors.new_introduction", "GET"): {"run_id": "{run}", "number": 1},
    ("connectors.new_introduction", "POST"): {"run_id": "{run}", "number": 1},
    ("connectors.demand", "GET"): {},
    ("connectors.demand_csv", "GET"): {},
    ("maps.coverage", "GET"): {},
    ("maps.network", "GET"): {},
    ("api.coverage", "GET"): {},
    ("api.coverage_wards", "GET"): {"category": "food-and-shopping"},
    ("api.network_brokers", "GET"): {},
    ("api.network_gaps", "GET"): {},
    ("api.network_introductions", "GET"): {},
    ("api.network_runs", "GET"): {},
    ("api.network_start_run", "POST"): {},
    ("api.network_run", "GET"): {"run_id": "{run}"},
    ("api.network_map_groups", "GET"): {},
    ("api.network_map_links", "GET"): {},
}
CASES = sorted(ROUTES)


def connector_routes() -> set[tuple[str, str]]:
    app = create_app(TestingConfig, DATABASE_URL="sqlite://")
    found = set()
    for rule in app.url_map.iter_rules():
        ours = (
            rule.endpoint.startswith("connectors.")
            or rule.endpoint in ("maps.coverage", "maps.network")
            or rule.rule.startswith(("/api/v1/coverage", "/api/v1/network"))
        )
        if ours:
            found.update((rule.endpoint, method) for method in rule.methods - {"HEAD", "OPTIONS"})
    app.extensions["weave.engine"].dispose()
    return found


def test_every_connector_route_is_in_the_permission_table():
    assert connector_routes() == set(ROUTES)


@pytest.fixture()
def place(app, db):
    with make_sessionmaker(db)() as s:
        community = SmallCommunity(s)
        run = create_run(s, created_by=community.connector)
        s.commit()
        values = {"run": run.id, "ward": community.ward.code, "person": community.dee.id}
        people = {"connector": community.connector, "coordinator": community.ann, "resident": community.eve}
    return values, people


def url_for_case(app, endpoint: str, values: dict, place_values: dict) -> str:
    from flask import url_for

    filled = {k: (place_values[v[1:-1]] if isinstance(v, str) and v.startswith("{") else v)
              for k, v in values.items()}
    with app.test_request_context():
        return url_for(endpoint, **filled)


def call(client, method: str, url: str):
    return client.get(url) if method == "GET" else client.post(url, data={})


def refusals(app, client, place_values, expected) -> list[str]:
    """Call every route; return a line for each that did not answer as ``expected(endpoint, response)``."""
    wrong = []
    for endpoint, method in CASES:
        url = url_for_case(app, endpoint, ROUTES[endpoint, method], place_values)
        response = call(client, method, url)
        if not expected(endpoint, response):
            wrong.append(f"{method} {url} answered {response.status_code} {response.location or ''}")
    return wrong


def test_anonymous_visitors_are_sent_to_sign_in_and_the_api_says_401(app, client, place):
    def expected(endpoint, response):
        if endpoint.startswith("api."):
            return response.status_code == 401 and response.mimetype == "application/problem+json"
        return response.status_code == 302 and response.location.startswith("/sign-in")

    assert refusals(app, client, place[0], expected) == []


@pytest.mark.parametrize("role", ["resident", "coordinator"])
def test_residents_and_group_coordinators_are_refused_everywhere(app, place, role):
    client = sign_in(app.test_client(), place[1][role])

    assert refusals(app, client, place[0], lambda _endpoint, response: response.status_code == 403) == []


def test_connectors_get_through_everywhere(app, db, place):
    from app.jobs import wait_for_background_jobs

    execute_run(make_sessionmaker(db), place[0]["run"])
    client = sign_in(app.test_client(), place[1]["connector"])

    def expected(_endpoint, response):
        to_sign_in = (response.location or "").startswith("/sign-in")
        return response.status_code in (200, 202, 302) and not to_sign_in

    try:
        assert refusals(app, client, place[0], expected) == []
    finally:
        wait_for_background_jobs(30)
