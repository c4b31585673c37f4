"""Where I live: the ward list alone works; a pin or a postcode refines it; mistakes are explained."""

from __future__ import annotations

import pytest

from community.models import User
from tests.builders import committed
from tests.builders.places import make_postcode, make_ward

CENTRE = (51.5130, -0.3089)


@pytest.fixture()
def ward_id(db):
    return committed(db, lambda s: make_ward(s, name="Walpole", centre=CENTRE).id)


def home_of(session, user):
    session.expire_all()
    row = session.get(User, user.id)
    return row.home_lat, row.home_lng, row.area_id


def test_the_ward_alone_sets_a_home_at_its_centre(client_request, make_web_user, ward_id, session):
    user = make_web_user()
    client_request.sign_in(user)
    page = client_request.get("residents.location")
    assert page.select_one(f"select#area_id option[value='{ward_id}']").text == "Walpole"
    assert page.select_one("input[type=hidden][name=lat]") and page.select_one("[data-weave-locate]")
    client_request.post("residents.location", _data={"area_id": ward_id},
                        _expected_redirect="/near-me")
    assert home_of(session, user) == (CENTRE[0], CENTRE[1], ward_id)


def test_a_pin_or_device_location_is_kept_exactly_and_privately(client_request, make_web_user, ward_id,
                                                                 session):
    user = make_web_user()
    client_request.sign_in(user)
    client_request.post("residents.location", _data={"area_id": ward_id, "lat": "51.514", "lng": "-0.309"})
    assert home_of(session, user) == (51.514, -0.309, ward_id)


def test_a_postcode_field_appears_once_postcodes_are_imported(client_request, make_web_user, ward_id, db,
                                                              session):
    user = make_web_user()
    client_request.sign_in(user)
    assert client_request.get("residents.location").select_one("input#postcode") is None
    committed(db, lambda s: make_postcode(s, postcode="W54HX", at=(51.512, -0.308)))
    assert client_request.get("residents.location").select_one("input#postcode")
    client_request.post("residents.location", _data={"area_id": ward_id, "postcode": "W5 4HX"})
    assert home_of(session, user) == (51.512, -0.308, ward_id)
    page = client_request.post("residents.location", _expected_status=200,
                               _data={"area_id": ward_id, "postcode": "W5 9ZZ"})
    assert "We could not find that postcode" in page.select_one(".govuk-error-summary").text


def test_choosing_no_ward_is_an_error(client_request, make_web_user, ward_id):
    client_request.sign_in(make_web_user())
    page = client_request.post("residents.location", _expected_status=200, _data={"area_id": ""})
    assert page.title.text.startswith("Error: Where you live")
    assert "Select your ward" in page.select_one(".govuk-error-summary").text


def test_a_point_outside_the_council_area_is_refused(client_request, make_web_user, ward_id):
    client_request.sign_in(make_web_user())
    page = client_request.post("residents.location", _expected_status=200,
                               _data={"area_id": ward_id, "lat": "53.48", "lng": "-2.24"})
    assert "outside the area Weave covers" in page.text


def test_only_a_local_next_page_is_followed(client_request, make_web_user, ward_id):
    client_request.sign_in(make_web_user())
    client_request.post_url("/your-location?next=/needs/new", _data={"area_id": ward_id},
                            _expected_redirect="/needs/new")
    client_request.post_url("/your-location?next=https://evil.example/", _data={"area_id": ward_id},
                            _expected_redirect="/near-me")
