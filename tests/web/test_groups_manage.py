"""Starting a group, editing and confirming its details, and a connector verifying it, through the pages."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from community.db import make_sessionmaker
from community.groups.drawn_areas import DRAWN_OUTSIDE, DRAWN_SELF_INTERSECTING
from community.models import Group, Membership
from tests.builders.groups import build_world
from tests.builders.places import BOW_TIE, FAR_AWAY, feature, square


@pytest.fixture()
def world(db):
    return build_world(db)


def form(world, **overrides):
    data = {
        "name": "Walpole Good Neighbours",
        "description": "Friendly calls and shopping.",
        "kind": "mutual_aid",
        "category_ids": [world.category_id],
        "area_ids": [world.ward_ids["Brentham"], world.ward_ids["Cleveland"], world.ward_ids["Acton Green"]],
        "contact_email": "hello@walpole.org",
    }
    data.update(overrides)
    return data


def test_a_resident_starts_a_group_with_three_wards_and_becomes_its_coordinator(client_request, world, db):
    client_request.sign_in(world.users["resident"])

    page = client_request.post("groups.create", _data=form(world), _follow_redirects=True)

    assert page.select_one("h1").text == "Walpole Good Neighbours"
    assert "You are its coordinator" in page.select_one(".govuk-notification-banner").text
    with make_sessionmaker(db)() as session:
        group = session.scalar(select(Group).where(Group.name == "Walpole Good Neighbours"))
        assert sorted(a.name for a in group.areas) == ["Acton Green", "Brentham", "Cleveland"]
        membership = session.scalar(select(Membership).where(Membership.group_id == group.id))
        assert (membership.user_id, membership.role) == (world.users["resident"].id, "coordinator")


def test_mistakes_are_listed_with_the_users_input_kept(client_request, world):
    client_request.sign_in(world.users["resident"])

    page = client_request.post("groups.create", _expected_status=200, _data=form(
        world, name="brentham MUTUAL aid", description="", website="ftp://nope", area_ids=[],
    ))

    assert page.title.text.startswith("Error: Start a group on Weave")
    summary = [a.text for a in page.select(".govuk-error-summary a")]
    assert summary == [
        "A group with this name already exists",
        "Enter what the group does",
        "Select the wards the group works in",
        "Enter a website address in the correct format, like https://www.example.org",
    ]
    assert page.select_one("#name")["value"] == "brentham MUTUAL aid"
    assert page.select_one("#website")["value"] == "ftp://nope"
    assert page.select_one(f"input[name=category_ids][value='{world.category_id}']").has_attr("checked")


@pytest.mark.parametrize(
    ("drawn", "message"),
    [(feature(BOW_TIE), DRAWN_SELF_INTERSECTING), (json.dumps(FAR_AWAY), DRAWN_OUTSIDE)],
    ids=["self-intersecting", "outside the council"],
)
def test_a_bad_drawn_area_is_refused_on_its_field(client_request, world, drawn, message):
    client_request.sign_in(world.users["resident"])

    page = client_request.post("groups.create", _expected_status=200, _data=form(world, drawn_area=drawn))

    assert page.select_one(".govuk-error-summary a[href='#drawn_area']").text == message
    assert message in page.select_one("#drawn_area").find_parent(class_="govuk-form-group").text
    assert page.select_one("#drawn_area").text.strip() == drawn


def test_a_drawn_area_alone_is_enough_and_is_kept(client_request, world, db):
    client_request.sign_in(world.users["resident"])
    drawn = feature(square(-0.31, 51.505, -0.29, 51.515))

    client_request.post("groups.create", _data=form(world, area_ids=[], drawn_area=drawn))

    with make_sessionmaker(db)() as session:
        group = session.scalar(select(Group).where(Group.name == "Walpole Good Neighbours"))
        assert json.loads(group.drawn_area)["type"] == "Polygon" and group.areas == []


def test_the_form_carries_the_drawing_map_in_a_titled_frame_and_its_script(client_request, world):
    client_request.sign_in(world.users["resident"])

    page = client_request.get("groups.create")

    frame = page.select_one("iframe#drawn-area-map")
    assert frame["title"] == "Map for drawing the area the group works in"
    assert frame["src"] == "/maps/groups/draw"
    assert page.select_one("textarea#drawn_area")
    assert page.select_one("script[src^='/static/js/groups-draw-form.js?v=']")  # fingerprinted


def test_the_edit_form_starts_from_the_groups_details_and_saving_confirms_them(client_request, world, db):
    client_request.sign_in(world.users["coordinator"])

    page = client_request.get("groups.edit", group_id=world.group_id)
    assert page.select_one("#name")["value"] == "Brentham Mutual Aid"
    assert page.select_one(f"input[name=area_ids][value='{world.ward_ids['Brentham']}']").has_attr("checked")
    client_request.post("groups.edit", group_id=world.group_id, _data=form(
        world, name="Brentham Mutual Aid", description="Now with lifts.",
    ))

    with make_sessionmaker(db)() as session:
        group = session.get(Group, world.group_id)
        assert group.description == "Now with lifts."


def test_confirming_the_details_sets_the_assured_date(client_request, world, db):
    with make_sessionmaker(db)() as session:
        session.get(Group, world.group_id).assured_at = None
        session.commit()
    client_request.sign_in(world.users["coordinator"])

    client_request.post("groups.confirm_details", group_id=world.group_id)

    with make_sessionmaker(db)() as session:
        assert session.get(Group, world.group_id).assured_at is not None


def test_a_connector_verifies_a_group_and_can_remove_the_verification(client_request, world, db):
    client_request.sign_in(world.users["connector"])

    client_request.post("groups.verify", group_id=world.group_id, _data={"action": "verify"})
    verified = client_request.get("groups.detail", group_id=world.group_id)
    # The same click again does not undo it.
    client_request.post("groups.verify", group_id=world.group_id, _data={"action": "verify"})
    client_request.post("groups.verify", group_id=world.group_id, _data={"action": "unverify"})

    assert "Verified by the council" in verified.select_one(".weave-group-tags").text
    with make_sessionmaker(db)() as session:
        assert session.get(Group, world.group_id).verified_at is None
