"""Asking for help on the web: the form, its errors, the need page and its privacy."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.models import Need
from community.posts.needs import SENSITIVE_CONSENT_VERSION
from tests.builders import committed
from tests.builders.places import make_category, make_ward
from tests.builders.posts import make_need

HOME = (51.5130, -0.3089)


@pytest.fixture()
def place(db):
    def build(session):
        ward = make_ward(session, name="Walpole", centre=HOME)
        food = make_category(session, slug="food-and-shopping")
        health = make_category(session, slug="health-support", sensitive=True)
        return {"ward": ward.id, "food": food.id, "health": health.id}

    return committed(db, build)


@pytest.fixture()
def resident(make_web_user):
    return make_web_user(home=HOME, name="Rita")


def need_form(place, **changes):
    data = {"category_id": place["food"], "title": "Shopping on Friday", "body": "Two bags",
            "urgency": "this_week", "location": "home", "needed_by": ["", "", ""]}
    data.update(changes)
    return data


def test_the_ask_for_help_page_offers_every_field(client_request, resident, place):
    client_request.sign_in(resident)
    page = client_request.get("residents.new_need")
    assert page.select_one("h1").text == "Ask for help"
    names = {element["name"] for element in page.select("[name]")}
    assert {"category_id", "title", "body", "urgency", "needed_by", "location", "area_id", "visibility",
            "sensitive_consent", "lat", "lng"} <= names
    assert "Walpole" in page.select_one("select#area_id").text


def test_posting_a_need_takes_you_to_it(client_request, resident, place, session):
    client_request.sign_in(resident)
    client_request.post("residents.new_need", _data=need_form(place))
    need = session.scalar(select(Need))
    assert client_request.response.location == f"/needs/{need.id}"
    assert (need.title, need.requester_id, need.visibility) == ("Shopping on Friday", resident.id, "public")
    page = client_request.get("residents.need", need_id=need.id)
    assert page.select_one("h1").text == "Shopping on Friday"
    assert "Nobody has offered to help yet" in page.text


def test_mistakes_are_shown_with_the_answers_kept(client_request, resident, place):
    client_request.sign_in(resident)
    page = client_request.post("residents.new_need", _expected_status=200, _data=need_form(
        place, title="", urgency="", body="Keep me", needed_by=["31", "2", "2030"]))
    assert page.title.text.startswith("Error: Ask for help")
    summary = page.select_one(".govuk-error-summary").text
    assert "Enter a short title for what you need" in summary
    assert "Select how soon you need help" in summary
    assert "The date you need help by must be a real date" in summary
    assert page.select_one("textarea#body").text.strip() == "Keep me"


def test_a_health_need_needs_the_consent_tick_and_then_records_it(client_request, resident, place,
                                                                  session):
    client_request.sign_in(resident)
    page = client_request.post("residents.new_need", _expected_status=200,
                               _data=need_form(place, category_id=place["health"]))
    assert "Tick the box to agree to share health-related information" in page.text
    client_request.post("residents.new_need", _data=need_form(place, category_id=place["health"],
                                                               sensitive_consent="y"))
    need = session.scalar(select(Need))
    assert need.sensitive_consent_version == SENSITIVE_CONSENT_VERSION and need.visibility == "groups"


def test_a_need_can_be_placed_by_ward_alone(client_request, make_web_user, place, session):
    client_request.sign_in(make_web_user())
    client_request.post("residents.new_need", _data=need_form(place, location="elsewhere",
                                                               area_id=place["ward"]))
    need = session.scalar(select(Need))
    assert (need.lat, need.lng, need.area_id) == (HOME[0], HOME[1], place["ward"])


def test_without_a_home_the_form_says_how_to_set_one(client_request, make_web_user, place):
    client_request.sign_in(make_web_user(home=None))
    page = client_request.post("residents.new_need", _expected_status=200, _data=need_form(place))
    assert "Set your home location first, or choose another place" in page.text
    assert page.select_one("a[href^='/your-location']")


def test_a_stranger_sees_the_need_without_contact_details_and_can_offer_help(
        client_request, resident, make_web_user, db):
    need_id = committed(db, lambda s: make_need(s, poster=s.merge(resident), title="Lift please").id)
    client_request.sign_in(make_web_user())
    page = client_request.get("residents.need", need_id=need_id)
    assert "Contact details" not in page.text and resident.email not in page.text
    assert page.select_one(f"form[action='/needs/{need_id}/respond']")
    assert page.find("a", string="Report a concern about this request")


def test_the_edit_page_keeps_the_place_unless_a_new_one_is_chosen(client_request, resident, place, db,
                                                                   session):
    need_id = committed(db, lambda s: make_need(s, poster=s.merge(resident), at=(51.52, -0.30)).id)
    client_request.sign_in(resident)
    page = client_request.get("residents.edit_need_page", need_id=need_id)
    assert page.select_one("input[name=location][value=keep]").has_attr("checked")
    client_request.post("residents.edit_need_page", need_id=need_id, _data=need_form(
        place, location="keep", title="New title"))
    need = session.get(Need, need_id)
    assert (need.title, need.lat, need.lng) == ("New title", 51.52, -0.30)


def test_the_still_needed_link_renews_the_need(client_request, resident, db, session):
    need_id = committed(db, lambda s: make_need(s, poster=s.merge(resident)).id)
    client_request.sign_in(resident)
    page = client_request.get("residents.renew_need_page", need_id=need_id)
    assert page.select_one("h1").text == "Is this still needed?"
    before = session.get(Need, need_id).expires_at
    client_request.post("residents.renew_need_page", need_id=need_id)
    session.expire_all()
    assert session.get(Need, need_id).expires_at > before
