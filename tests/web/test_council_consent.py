"""A referring officer sees no more of the community side than the resident's consent allows: not on the
need's page, its history, its offers in the API, nor in the notices they get (community.posts.disclosure).

Each test has its positive control: the same page for a poster the consent does not bind names the
helper, so the absence of a name is not a page that never names anyone.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.models import Need, Notification, Response, ResponseStatus
from community.posts.claims import take_on_need
from tests.builders.council import make_officer, make_referral, make_team
from tests.builders.groups import make_membership, make_serving_group
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward
from tests.builders.posts import make_need

OFFER = {"message": "Hal here, from Northfield Neighbours: I can shop on Tuesday"}


@pytest.fixture()
def world(session):
    ward, category = make_ward(session, name="Northfield"), make_category(session)
    team = make_team(session, name="Customer services")
    coordinator = make_user(session, name="Cora Coordinator")
    group = make_serving_group(
        session, coordinator=coordinator, areas=[ward], categories=[category], name="Northfield Neighbours"
    )
    helper = make_user(session, name="Hal Helper")
    make_membership(session, user=helper, group=group)
    officer = make_officer(session, team, name="Olu Officer")
    session.commit()
    return {"ward": ward, "category": category, "team": team, "coordinator": coordinator, "group": group,
            "helper": helper, "officer": officer}


def _refer(session, w, scope: str) -> Need:
    referral = make_referral(
        session, officer=w["officer"], team=w["team"], category=w["category"], scope=scope,
        area_id=w["ward"].id, title="Weekly shop",
    )
    session.commit()
    return referral.need


def _officers_notices(session, officer) -> list[str]:
    return list(session.scalars(select(Notification.message).where(Notification.user_id == officer.id)))


def test_an_outcome_only_referral_is_taken_on_by_the_first_offer_and_its_officer_sees_no_one(
    client_request, session, world
):
    w = world
    need = _refer(session, w, "outcome")
    client_request.sign_in(w["helper"])
    page = client_request.post("residents.respond", need_id=need.id, _data=OFFER, _follow_redirects=True)
    # Nobody had to see Hal to accept him: his offer took the need on, and he has the resident's contact.
    assert "You have taken this on" in page.text and "07700 900 123" in page.text
    session.expire_all()
    need = session.get(Need, need.id)
    assert need.status == "in_progress" and need.assigned_to_id == w["helper"].id

    client_request.sign_in(w["officer"])
    page = client_request.get("residents.need", need_id=need.id)
    assert page.select_one("[data-weave-consent-limited]")
    assert "A helper has taken it on." in page.text and "Taken on" in page.select_one("main").text
    assert "Hal" not in page.text and "Northfield Neighbours" not in page.text
    assert not page.select("form[action*='/accept']")
    notices = _officers_notices(session, w["officer"])
    assert notices == ["A volunteer has taken on “Weekly shop” and will be in touch."]
    api = client_request.client.get(f"/api/v1/needs/{need.id}/responses").get_json()
    assert api == {"items": []}
    detail = client_request.client.get(f"/api/v1/needs/{need.id}").get_json()
    assert detail["contact"] is None

    # Hal steps back: the officer hears that the volunteer did, not who.
    client_request.sign_in(w["helper"])
    mine = session.scalar(select(Response).where(Response.need_id == need.id))
    client_request.post("residents.withdraw_response", need_id=need.id, response_id=mine.id, _data={})
    assert not any("Hal" in notice for notice in _officers_notices(session, w["officer"]))
    assert len(_officers_notices(session, w["officer"])) == 2


def test_an_outcome_and_group_referral_shows_its_officer_the_group_and_still_no_volunteer(
    client_request, session, world
):
    w = world
    need = _refer(session, w, "outcome_and_group")
    take_on_need(session, need_id=need.id, group_id=w["group"].id, assignee_id=w["helper"].id,
                 actor=w["coordinator"])
    session.commit()
    client_request.sign_in(w["officer"])
    page = client_request.get("residents.need", need_id=need.id)
    assert "Taken on by Northfield Neighbours." in page.text
    assert "Hal" not in page.text and "Cora" not in page.text


def test_a_poster_no_consent_binds_still_sees_and_accepts_helpers_by_name(client_request, session, world):
    """The positive control: an on-behalf need a connector posted, with no referral behind it."""
    w = world
    connector = make_user(session, role="connector", name="Cam Connector")
    need = make_need(session, poster=connector, category=w["category"], area_id=w["ward"].id)
    need.requester_id, need.on_behalf_name = None, "Doris"
    session.commit()
    client_request.sign_in(w["helper"])
    page = client_request.post("residents.respond", need_id=need.id, _data=OFFER, _follow_redirects=True)
    assert "You will hear if they accept" in page.text
    session.expire_all()
    assert session.get(Need, need.id).status == "open"
    assert session.scalar(select(Response.status)) == ResponseStatus.OFFERED

    client_request.sign_in(connector)
    page = client_request.get("residents.need", need_id=need.id)
    assert not page.select_one("[data-weave-consent-limited]")
    assert "Hal Helper" in page.text and page.select("form[action*='/accept']")
    assert any("Hal Helper" in notice for notice in _officers_notices(session, connector))
    api = client_request.client.get(f"/api/v1/needs/{need.id}/responses").get_json()
    assert [item["helper"] for item in api["items"]] == ["Hal Helper"]
