"""Creating and running a group: details, service areas (wards and a drawn polygon), assurance, verifying."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from community.db import utcnow
from community.errors import PermissionDenied, ValidationFailed
from community.groups.drawn_areas import (
    DRAWN_NO_WARDS,
    DRAWN_NOT_POLYGON,
    DRAWN_NOT_READABLE,
    DRAWN_OUTSIDE,
    DRAWN_SELF_INTERSECTING,
    DRAWN_TOO_COMPLEX,
    check_drawn_area,
)
from community.groups.manage import (
    ASSURANCE_PERIOD,
    GroupDetails,
    assurance,
    confirm_details,
    create_group,
    remind_assurance,
    update_group,
    verify_group,
)
from community.models import Membership, Notification, Postcode
from community.notifications import Target, target_of
from tests.builders.groups import make_membership, make_serving_group
from tests.builders.people import make_user
from tests.builders.places import BOW_TIE, FAR_AWAY, feature, make_category, make_wards, square


@pytest.fixture()
def wards(session):
    return make_wards(session)


def details(wards, category, **overrides) -> GroupDetails:
    values = {
        "name": "Brentham Mutual Aid",
        "description": "Shopping and prescriptions for neighbours.",
        "kind": "mutual_aid",
        "contact_email": "hello@brentham.example",
        "category_ids": [category.id],
        "area_ids": [ward.id for ward in wards.values()],
    }
    values.update(overrides)
    return GroupDetails(**values)


def test_creating_a_group_makes_its_creator_the_first_coordinator(session, wards):
    person = make_user(session)
    category = make_category(session)

    group = create_group(session, actor=person, details=details(wards, category))

    membership = session.scalar(select(Membership).where(Membership.group_id == group.id))
    assert (membership.user_id, membership.role, membership.status) == (person.id, "coordinator", "active")
    assert group.slug == "brentham-mutual-aid"
    assert [a.name for a in group.areas] == ["Acton Green", "Brentham", "Cleveland"]
    assert group.assured_at is not None and assurance(group).state == "current"


def test_group_names_are_unique_regardless_of_case(session, wards):
    category = make_category(session)
    create_group(session, actor=make_user(session), details=details(wards, category))

    with pytest.raises(ValidationFailed) as error:
        create_group(
            session, actor=make_user(session), details=details(wards, category, name="BRENTHAM mutual aid")
        )

    assert error.value.errors == {"name": "A group with this name already exists"}


def test_slugs_stay_unique_when_names_differ_only_in_punctuation(session, wards):
    category = make_category(session)
    first = create_group(session, actor=make_user(session), details=details(wards, category, name="Acton"))
    other = details(wards, category, name="Acton!")
    second = create_group(session, actor=make_user(session), details=other)

    assert (first.slug, second.slug) == ("acton", "acton-2")


def test_every_missing_detail_is_reported_at_once(session, wards):
    with pytest.raises(ValidationFailed) as error:
        create_group(session, actor=make_user(session), details=GroupDetails())

    assert set(error.value.errors) == {
        "name", "description", "kind", "contact_email", "category_ids", "area_ids"
    }
    assert error.value.errors["area_ids"] == "Select the wards the group works in"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contact_email", "not an email",
         "Enter an email address in the correct format, like name@example.com"),
        ("contact_phone", "call me", "Enter a telephone number, like 020 8825 5000"),
        ("website", "javascript:alert(1)",
         "Enter a website address in the correct format, like https://www.example.org"),
        ("kind", "cult", "Select the kind of group"),
    ],
)
def test_contact_details_and_kind_are_checked(session, wards, field, value, message):
    category = make_category(session)

    with pytest.raises(ValidationFailed) as error:
        create_group(session, actor=make_user(session), details=details(wards, category, **{field: value}))

    assert error.value.errors[field] == message


def test_a_postcode_gives_the_base_point_and_a_ward_its_centre(session, wards):
    category = make_category(session)
    session.add(Postcode(postcode="W54HX", lat=51.51, lng=-0.29))
    by_postcode = create_group(
        session, actor=make_user(session), details=details(wards, category, base_postcode="w5 4hx")
    )
    by_ward = create_group(
        session,
        actor=make_user(session),
        details=details(wards, category, name="Other", base_area_id=wards["Cleveland"].id),
    )

    assert (by_postcode.base_lat, by_postcode.base_lng) == (51.51, -0.29)
    assert (by_ward.base_lat, by_ward.base_lng) == pytest.approx((51.51, -0.27))


def test_an_unknown_postcode_is_refused_on_its_field(session, wards):
    with pytest.raises(ValidationFailed) as error:
        create_group(
            session, actor=make_user(session),
            details=details(wards, make_category(session), base_postcode="W5 9ZZ"),
        )

    assert "base_postcode" in error.value.errors


def test_a_drawn_area_inside_the_council_is_stored_as_geojson(session, wards):
    drawn = feature(square(-0.31, 51.505, -0.29, 51.515))

    group = create_group(
        session, actor=make_user(session), details=details(wards, make_category(session), area_ids=[],
                                                              drawn_area=drawn)
    )

    stored = json.loads(group.drawn_area)
    assert stored["type"] == "Polygon"
    assert group.areas == []


def test_a_drawn_area_that_only_overlaps_the_council_is_accepted(session, wards):
    half_outside = square(-0.27, 51.51, -0.20, 51.53)

    assert json.loads(check_drawn_area(session, json.dumps(half_outside)))["type"] == "Polygon"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (feature(BOW_TIE), DRAWN_SELF_INTERSECTING),
        (json.dumps(BOW_TIE), DRAWN_SELF_INTERSECTING),
        (feature(FAR_AWAY), DRAWN_OUTSIDE),
        # Touching the council's edge along a line is not overlapping it.
        (json.dumps(square(-0.26, 51.50, -0.24, 51.52)), DRAWN_OUTSIDE),
        ("{not json", DRAWN_NOT_READABLE),
        ('{"type": "Feature", "geometry": {"type": "Point", "coordinates": [-0.3, 51.51]}}',
         DRAWN_NOT_POLYGON),
        ('{"type": "Polygon", "coordinates": [[[-0.31, 51.505], [-0.29, 51.505], [-0.31, 51.505]]]}',
         DRAWN_NOT_POLYGON),
        ('{"type": "Polygon", "coordinates": [[[-0.31, 51.505], [-0.29, 51.505], [-0.30, 51.505], '
         '[-0.31, 51.505]]]}', DRAWN_NOT_POLYGON),
        ('{"type": "Polygon", "coordinates": [[[500, 51], [501, 51], [501, 52], [500, 51]]]}',
         DRAWN_NOT_READABLE),
        (json.dumps(square(-0.31, 51.50, -0.29, 51.52) | {"coordinates": [
            [[-0.31 + i * 1e-6, 51.505] for i in range(2500)] + [[-0.30, 51.515], [-0.31, 51.505]]
        ]}), DRAWN_TOO_COMPLEX),
    ],
    ids=["bow tie", "bare bow tie", "outside", "touching", "not json", "circle", "two corners", "flat",
         "not wgs84", "too many corners"],
)
def test_a_bad_drawn_area_is_refused_with_a_clear_message(session, wards, text, message):
    with pytest.raises(ValidationFailed) as error:
        check_drawn_area(session, text)

    assert error.value.errors == {"drawn_area": message}


def test_a_self_intersecting_drawn_area_is_refused_when_creating_a_group(session, wards):
    with pytest.raises(ValidationFailed) as error:
        create_group(
            session, actor=make_user(session),
            details=details(wards, make_category(session), drawn_area=feature(BOW_TIE)),
        )

    assert error.value.errors == {"drawn_area": DRAWN_SELF_INTERSECTING}


def test_no_area_can_be_drawn_before_wards_are_imported(session):
    with pytest.raises(ValidationFailed) as error:
        check_drawn_area(session, json.dumps(square(-0.31, 51.505, -0.29, 51.515)))

    assert error.value.errors == {"drawn_area": DRAWN_NO_WARDS}


def test_only_a_coordinator_can_change_the_details(session, wards):
    category = make_category(session)
    coordinator = make_user(session)
    group = create_group(session, actor=coordinator, details=details(wards, category))
    volunteer = make_user(session)
    make_membership(session, user=volunteer, group=group)

    with pytest.raises(PermissionDenied):
        update_group(session, actor=volunteer, group_id=group.id,
                     details=details(wards, category, name="Hijacked"))
    update_group(session, actor=coordinator, group_id=group.id,
                 details=details(wards, category, description="Now with lifts too."))

    assert (group.name, group.description) == ("Brentham Mutual Aid", "Now with lifts too.")


def test_renaming_keeps_the_name_check_but_allows_the_groups_own_name(session, wards):
    category = make_category(session)
    coordinator = make_user(session)
    group = create_group(session, actor=coordinator, details=details(wards, category))

    update_group(session, actor=coordinator, group_id=group.id,
                 details=details(wards, category, name="brentham MUTUAL aid"))

    assert group.name == "brentham MUTUAL aid"


@pytest.mark.parametrize(
    ("days_ago", "state"),
    [(10, "current"), (175, "due"), (190, "lapsed"), (366, "stale")],
)
def test_assurance_moves_from_current_to_stale(session, days_ago, state):
    group = make_serving_group(session)
    group.assured_at = utcnow() - timedelta(days=days_ago)

    assert assurance(group).state == state


def test_confirming_details_resets_the_assured_date(session):
    coordinator = make_user(session)
    group = make_serving_group(session, coordinator=coordinator)
    group.assured_at = utcnow() - timedelta(days=400)
    group.assurance_reminded_at = utcnow() - timedelta(days=20)

    confirm_details(session, actor=coordinator, group_id=group.id)

    assert assurance(group).state == "current"
    assert group.assurance_reminded_at is None
    with pytest.raises(PermissionDenied):
        confirm_details(session, actor=make_user(session), group_id=group.id)


def test_reminders_go_to_every_coordinator_once_before_the_assurance_lapses(session):
    first, second = make_user(session), make_user(session)
    due = make_serving_group(session, coordinator=first)
    make_membership(session, user=second, group=due, role="coordinator")
    make_membership(session, user=make_user(session), group=due)  # volunteers are not reminded
    due.assured_at = utcnow() - ASSURANCE_PERIOD + timedelta(days=5)
    fresh = make_serving_group(session)
    fresh.assured_at = utcnow() - timedelta(days=30)

    counts = remind_assurance(session)
    again = remind_assurance(session)

    assert (counts.groups, counts.notices) == (1, 2)
    assert (again.groups, again.notices) == (0, 0)
    notices = session.scalars(select(Notification).where(Notification.kind == "group_assurance_due")).all()
    assert sorted(n.user_id for n in notices) == sorted([first.id, second.id])
    assert target_of(notices[0]) == Target("group", due.id, "confirm-details")


def test_a_confirmed_group_is_reminded_again_in_its_next_cycle(session):
    coordinator = make_user(session)
    group = make_serving_group(session, coordinator=coordinator)
    group.assured_at = utcnow() - ASSURANCE_PERIOD
    remind_assurance(session)
    confirm_details(session, actor=coordinator, group_id=group.id)

    later = remind_assurance(session, now=utcnow() + ASSURANCE_PERIOD)

    assert later.groups == 1


def test_only_a_connector_can_verify_a_group(session):
    group = make_serving_group(session)
    connector = make_user(session, role="connector")

    with pytest.raises(PermissionDenied):
        verify_group(session, actor=make_user(session), group_id=group.id)
    verify_group(session, actor=connector, group_id=group.id)

    assert group.verified_at is not None and group.verified_by_id == connector.id
