"""Offering help on the web: post, see matching requests, pause, resume, close."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.models import Category, Offer
from tests.builders import committed
from tests.builders.places import make_category
from tests.builders.posts import make_need, make_offer

HOME = (51.5130, -0.3089)


@pytest.fixture()
def food(db):
    return committed(db, lambda s: make_category(s, slug="food-and-shopping").id)


@pytest.fixture()
def helper(make_web_user):
    return make_web_user(home=HOME, name="Helper Hal")


def offer_form(food, **changes):
    data = {"category_id": food, "title": "Shopping runs", "body": "Happy to help", "radius_km": "2",
            "availability": "Weekends", "location": "home", "expires_on": ["", "", ""]}
    data.update(changes)
    return data


def test_posting_an_offer_shows_requests_it_could_meet(client_request, helper, food, make_web_user, db,
                                                       session):
    neighbour = make_web_user()
    committed(db, lambda s: make_need(s, poster=s.merge(neighbour), title="Milk please",
                                      category=s.get(Category, food)))
    client_request.sign_in(helper)
    client_request.post("residents.new_offer", _data=offer_form(food))
    offer = session.scalar(select(Offer))
    assert (offer.title, offer.radius_km, offer.availability) == ("Shopping runs", 2.0, "Weekends")
    page = client_request.get("residents.offer", offer_id=offer.id)
    table = page.select_one("table")
    assert "Milk please" in table.text and "under 1 km" in table.text


def test_offer_mistakes_are_explained(client_request, helper, food):
    client_request.sign_in(helper)
    page = client_request.post("residents.new_offer", _expected_status=200,
                               _data=offer_form(food, radius_km="far", title=""))
    summary = page.select_one(".govuk-error-summary").text
    assert "Enter a short title for your offer" in summary
    assert "How far you will go must be a number, like 2 or 1.5" in summary
    page = client_request.post("residents.new_offer", _expected_status=200,
                               _data=offer_form(food, radius_km="50"))
    assert "How far you will go must be between 0.1 and 20 km" in page.text


def test_an_offer_is_paused_resumed_and_closed_after_confirming(client_request, helper, db, session):
    offer_id = committed(db, lambda s: make_offer(s, helper=s.merge(helper)).id)
    client_request.sign_in(helper)
    assert client_request.get("residents.offer_action", offer_id=offer_id, action="pause").select_one(
        "h1").text == "Pause your offer"
    for action, status in (("pause", "paused"), ("resume", "active"), ("close", "closed")):
        client_request.post("residents.offer_action", offer_id=offer_id, action=action)
        session.expire_all()
        assert session.get(Offer, offer_id).status == status


def test_others_see_the_offer_but_cannot_manage_it(client_request, helper, make_web_user, db):
    offer_id = committed(db, lambda s: make_offer(s, helper=s.merge(helper), title="Dog walking").id)
    client_request.sign_in(make_web_user())
    page = client_request.get("residents.offer", offer_id=offer_id)
    assert page.select_one("h1").text == "Dog walking"
    assert "Manage your offer" not in page.text
    client_request.get("residents.offer_action", offer_id=offer_id, action="close", _expected_status=403)
    client_request.get("residents.edit_offer", offer_id=offer_id, _expected_status=403)


def test_the_edit_page_is_filled_in_and_keeps_the_place(client_request, helper, db, session):
    offer_id = committed(db, lambda s: make_offer(s, helper=s.merge(helper), title="Dog walking",
                                                  at=(51.52, -0.30), radius_km=3).id)
    client_request.sign_in(helper)
    page = client_request.get("residents.edit_offer", offer_id=offer_id)
    assert page.select_one("input#title")["value"] == "Dog walking"
    assert page.select_one("input#radius_km")["value"] == "3"
    category = session.get(Offer, offer_id).category_id
    client_request.post("residents.edit_offer", offer_id=offer_id, _data={
        "category_id": category, "title": "Dog walks", "radius_km": "4", "location": "keep",
        "expires_on": ["", "", ""]})
    session.expire_all()
    offer = session.get(Offer, offer_id)
    assert (offer.title, offer.radius_km, offer.lat) == ("Dog walks", 4.0, 51.52)
