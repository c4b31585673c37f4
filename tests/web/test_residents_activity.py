"""Your activity, and posting for someone who is not online."""

from __future__ import annotations

from sqlalchemy import select

from community.models import Need
from community.posts.claims import offer_help
from tests.builders import committed
from tests.builders.groups import make_group
from tests.builders.places import make_category, make_ward
from tests.builders.posts import make_need, make_offer

HOME = (51.5130, -0.3089)


def test_activity_lists_needs_offers_and_responses_with_statuses(client_request, make_web_user, db):
    me, other = make_web_user(), make_web_user()

    def build(s):
        mine = make_need(s, poster=s.merge(me), title="My need")
        theirs = make_need(s, poster=s.merge(other), title="Their need")
        make_offer(s, helper=s.merge(me), title="My offer", status="paused")
        offer_help(s, need_id=mine.id, helper=s.merge(other), message="Yes")
        offer_help(s, need_id=theirs.id, helper=s.merge(me), message="Me")

    committed(db, build)
    client_request.sign_in(me)
    page = client_request.get("residents.activity")
    tables = page.select("table")
    assert [len(t.select("tbody tr")) for t in tables] == [1, 1, 1]
    need_row = [c.text.strip() for c in tables[0].select("tbody td")]
    assert need_row[:3] == ["My need", "Open", "1"]
    assert "Paused" in tables[1].text and "Their need" in tables[2].text and "Offered" in tables[2].text


def test_empty_activity_points_to_the_next_step(client_request, make_web_user):
    client_request.sign_in(make_web_user())
    page = client_request.get("residents.activity")
    assert "You have not asked for help yet" in page.text
    assert "Ask for help for someone who is not online" not in page.text


def test_a_coordinator_posts_for_someone_offline_and_replies_come_to_them(client_request, make_web_user, db,
                                                                          session):
    coordinator = make_web_user(name="Cora")

    def build(s):
        group = make_group(s, coordinator=s.merge(coordinator), name="Acton Aid")
        return {"ward": make_ward(s, centre=HOME).id, "food": make_category(s).id, "group": group.id}

    ids = committed(db, build)
    client_request.sign_in(coordinator)
    assert "Ask for help for someone who is not online" in client_request.get("residents.activity").text
    page = client_request.get("residents.new_need_on_behalf")
    assert "Acton Aid" in page.select_one("select#on_behalf_group_id").text
    client_request.post("residents.new_need_on_behalf", _data={
        "on_behalf_name": "Maureen", "on_behalf_contact": "Ring Cora on the group phone",
        "consent_statement": "Agreed by phone on 3 March 2026", "on_behalf_group_id": ids["group"],
        "category_id": ids["food"], "title": "Shopping", "urgency": "this_week", "location": "elsewhere",
        "area_id": ids["ward"], "needed_by": ["", "", ""]})
    need = session.scalar(select(Need))
    assert (need.requester_id, need.posted_by_id) == (None, coordinator.id)
    assert need.on_behalf_group_id == ids["group"]
    page = client_request.get("residents.need", need_id=need.id)
    assert "Maureen" in page.text and "Agreed by phone on 3 March 2026" in page.text


def test_a_resident_cannot_post_for_someone_else(client_request, make_web_user):
    client_request.sign_in(make_web_user())
    client_request.get("residents.new_need_on_behalf", _expected_status=403)


def test_on_behalf_mistakes_are_explained(client_request, make_web_user, db):
    connector = make_web_user(role="connector")
    committed(db, lambda s: make_category(s))
    client_request.sign_in(connector)
    page = client_request.post("residents.new_need_on_behalf", _expected_status=200, _data={
        "title": "x", "urgency": "today", "location": "elsewhere", "needed_by": ["", "", ""]})
    summary = page.select_one(".govuk-error-summary").text
    assert "Enter the first name of the person you are posting for" in summary
    assert "Enter how they agreed" in summary
