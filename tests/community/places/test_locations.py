"""Where a resident is: a ward first, refined by a point or a postcode; homes stay private."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community.errors import ValidationFailed
from community.models import AuditEntry, Postcode
from community.places.locations import (
    clear_home_location,
    import_postcodes,
    lookup_postcode,
    normalise_postcode,
    postcodes_available,
    resolve_place,
    set_home_location,
    ward_choices,
)
from tests.builders.people import make_user
from tests.builders.places import make_postcode, make_ward, north_of

CENTRE = (51.5130, -0.3089)


def test_choosing_a_ward_alone_gives_its_centre(session):
    ward = make_ward(session, centre=CENTRE)
    place = resolve_place(session, area_id=ward.id)
    assert (place.lat, place.lng, place.area_id, place.source) == (CENTRE[0], CENTRE[1], ward.id, "ward")


def test_a_pin_inside_another_ward_takes_that_ward(session):
    chosen = make_ward(session, centre=CENTRE)
    other = make_ward(session, centre=(CENTRE[0] + 0.02, CENTRE[1]))
    place = resolve_place(session, area_id=chosen.id, lat=CENTRE[0] + 0.02, lng=CENTRE[1])
    assert place.area_id == other.id and place.source == "point"


def test_a_point_outside_every_ward_is_refused(session):
    ward = make_ward(session, centre=CENTRE)
    with pytest.raises(ValidationFailed) as error:
        resolve_place(session, area_id=ward.id, lat=52.0, lng=-1.0)
    assert "outside the area" in error.value.errors["area_id"]


def test_nothing_chosen_asks_for_a_ward(session):
    with pytest.raises(ValidationFailed) as error:
        resolve_place(session)
    assert error.value.errors == {"area_id": "Select your ward"}


def test_an_area_that_is_not_a_ward_is_refused(session):
    with pytest.raises(ValidationFailed):
        resolve_place(session, area_id=999_999)


def test_a_postcode_gives_its_point_and_ward(session):
    ward = make_ward(session, centre=CENTRE)
    make_postcode(session, postcode="W54HX", at=north_of(CENTRE, 100))
    place = resolve_place(session, postcode="w5 4hx")
    assert place.area_id == ward.id and place.source == "postcode"
    assert place.lat == pytest.approx(north_of(CENTRE, 100)[0])


@pytest.mark.parametrize(("text", "message"), [
    ("W5 9ZZ", "We could not find that postcode. Check it, or choose your ward instead"),
    ("hello", "Enter a real postcode, like W5 4HX"),
])
def test_unknown_or_malformed_postcodes_are_explained(session, text, message):
    make_postcode(session)
    with pytest.raises(ValidationFailed) as error:
        lookup_postcode(session, text)
    assert error.value.errors == {"postcode": message}


def test_postcodes_are_normalised():
    assert normalise_postcode(" w5  4hx") == "W54HX"
    assert normalise_postcode("EC1A 1BB") == "EC1A1BB"
    assert normalise_postcode("12345") is None


def test_setting_a_home_keeps_the_point_and_public_ward_and_is_audited(session):
    ward = make_ward(session, centre=CENTRE)
    user = make_user(session, home=None)
    set_home_location(session, user=user, place=resolve_place(session, area_id=ward.id, lat=CENTRE[0],
                                                              lng=CENTRE[1] + 0.001))
    assert (user.home_lat, user.home_lng, user.area_id) == (CENTRE[0], CENTRE[1] + 0.001, ward.id)
    entry = session.scalar(select(AuditEntry).where(AuditEntry.target_id == user.id))
    assert entry.action == "home_location_set" and entry.detail == "by point"
    clear_home_location(session, user=user)
    assert not user.has_home and user.area_id == ward.id


def test_ward_choices_are_in_name_order(session):
    make_ward(session, name="Walpole")
    make_ward(session, name="Acton Central")
    assert [name for _id, name in ward_choices(session)] == ["Acton Central", "Walpole"]


def test_an_onspd_style_file_is_imported_and_replaces_existing_postcodes(session):
    make_postcode(session, postcode="W54HX", at=(1.0, 1.0))
    text = ("pcd,pcd2,pcds,lat,long,oseast1m\n"
            "W5  4HX,W5  4HX,W5 4HX,51.5130,-0.3089,517000\n"
            "W5  1AA,W5  1AA,W5 1AA,51.5100,-0.3000,517100\n"
            "ZZ9 9ZZ,ZZ9 9ZZ,ZZ9 9ZZ,99.999999,0.000000,\n")
    result = import_postcodes(session, text)
    assert (result.imported, result.skipped) == (2, 1)
    assert session.get(Postcode, "W54HX").lat == 51.5130
    assert postcodes_available(session)


def test_columns_called_postcode_latitude_longitude_work_in_any_order(session):
    result = import_postcodes(session, "Longitude,Postcode,Latitude\n-0.3,W5 2AA,51.5\n")
    assert result.imported == 1 and session.get(Postcode, "W52AA").lng == -0.3


@pytest.mark.parametrize(("text", "fragment"), [
    ("", "empty"),
    ("name,lat\nx,1\n", "header row"),
    ("pcds,lat,long\nW5 4HX,north,west\n", "Line 2"),
    ("pcds,lat,long\nnot a postcode,51.5,-0.3\n", "is not a postcode"),
    ("pcds,lat,long\nW5 4HX,51.5\n", "too few columns"),
    ("pcds,lat,long\n", "no postcodes"),
])
def test_a_bad_file_is_refused_with_one_message(session, text, fragment):
    with pytest.raises(ValidationFailed) as error:
        import_postcodes(session, text)
    assert fragment in error.value.errors["file"]
    assert session.scalar(select(func.count()).select_from(Postcode)) == 0
