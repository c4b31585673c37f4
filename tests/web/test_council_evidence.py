"""The demand-management page and its downloads: exact for connectors and officers, suppressed for anyone."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from community.db import utcnow
from tests.builders.council import make_officer, make_team
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward
from tests.builders.posts import make_need


def _world(session):
    ward, food = make_ward(session, name="Northfield"), make_category(session, slug="food")
    people = [make_user(session) for _ in range(3)]
    now = utcnow()
    for person in people:
        make_need(
            session,
            poster=person,
            category=food,
            area_id=ward.id,
            status="met",
            created_at=now - timedelta(hours=30),
            met_at=now - timedelta(hours=6),
        )
    officer = make_officer(session, make_team(session))
    connector = make_user(session, role="connector")
    session.commit()
    return officer, connector


def test_officers_and_connectors_see_exact_figures_with_a_chart_and_its_table(client_request, session):
    officer, connector = _world(session)
    for reader in (officer, connector):
        client_request.sign_in(reader)
        page = client_request.get("council.demand")
        svg = page.select_one("figure svg[role=img]")
        assert svg["aria-labelledby"] == "chart-title chart-desc" and page.select_one("#chart-desc")
        total = page.select("#by-month tbody tr")[-1]
        assert [td.text for td in total.select("td")][:2] == ["3", "3"]
        assert (
            "1 days" in page.select_one("#headline").text or "1.0 days" in page.select_one("#headline").text
        )
        text = client_request.client.get(client_request.url("council.demand_csv")).get_data(as_text=True)
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[1][5:7] == ["3", "3"]
        document = client_request.client.get(client_request.url("council.demand_json")).get_json()
        assert document["totals"]["needs_posted"] == 3 and document["rows"][0]["met_in_community"] == 3


def test_the_open_data_download_suppresses_small_counts_for_anyone(client_request, session):
    _world(session)
    response = client_request.client.get(client_request.url("council.open_data_csv"))
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[1][5:8] == ["1-4", "1-4", "0"]


def test_residents_and_signed_out_people_cannot_see_the_exact_figures(client_request, session):
    _world(session)
    for endpoint in ("council.demand", "council.demand_csv", "council.demand_json"):
        client_request.get(endpoint, _expected_status=302, _test_page=False)
    client_request.sign_in(make_user(session))
    session.commit()
    for endpoint in ("council.demand", "council.demand_csv", "council.demand_json"):
        client_request.get(endpoint, _expected_status=403, _test_page=False)
