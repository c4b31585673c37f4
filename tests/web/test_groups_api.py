"""The groups JSON API: groups, memberships (coordinators only), partnerships, the map's GeoJSON, OpenAPI."""

from __future__ import annotations

import json

import pytest

from community.db import make_sessionmaker
from community.models import Group
from tests.builders.groups import build_world
from tests.builders.places import BOW_TIE, square
from tests.web.conftest import sign_in


@pytest.fixture()
def world(db):
    return build_world(db)


@pytest.fixture()
def as_role(app, world):
    def client(role):
        c = app.test_client()
        if role != "anonymous":
            sign_in(c, world.users[role])
        return c

    return client


def test_groups_are_listed_with_the_directory_filters(as_role, world):
    everyone = as_role("anonymous").get("/api/v1/groups").get_json()
    ward = world.ward_ids["Cleveland"]
    cleveland = as_role("anonymous").get(f"/api/v1/groups?ward={ward}&per_page=1").get_json()

    assert [g["name"] for g in everyone["groups"]] == [
        "Acton Faith Kitchen", "Brentham Mutual Aid", "Cleveland Drivers", "Dormers Wells Tenants",
    ]
    assert (cleveland["total"], cleveland["pages"]) == (2, 2)
    assert cleveland["groups"][0]["name"] == "Cleveland Drivers"


def test_a_groups_detail_has_its_partners_but_nothing_about_its_members(as_role, world):
    body = as_role("resident").get(f"/api/v1/groups/{world.group_id}").get_json()

    assert body["partners"] == [
        {"id": world.third_group_id, "name": "Cleveland Drivers", "kind": "co_delivery"}
    ]
    assert body["areas"][0]["name"] == "Brentham" and body["assurance"] == "current"
    text = json.dumps(body)
    for person in ("coordinator", "member"):
        assert world.users[person].display_name not in text and world.users[person].email not in text


def test_creating_a_group_by_api_checks_the_details_like_the_form(as_role, world):
    client = as_role("resident")

    refused = client.post("/api/v1/groups", json={"name": "Brentham mutual AID", "kind": "mutual_aid",
                                                  "drawn_area": BOW_TIE})
    created = client.post("/api/v1/groups", json={
        "name": "Walpole Helpers", "description": "Lifts", "kind": "club", "website": "https://walpole.org",
        "category_ids": [world.category_id], "area_ids": [world.ward_ids["Brentham"]],
        "drawn_area": square(-0.31, 51.505, -0.29, 51.515),
    })

    assert refused.status_code == 422
    assert refused.get_json()["errors"]["name"] == "A group with this name already exists"
    assert refused.get_json()["errors"]["drawn_area"].startswith("The drawn area crosses over itself")
    assert created.status_code == 201
    assert created.get_json()["drawn_area"]["type"] == "Polygon"
    assert as_role("anonymous").post("/api/v1/groups", json={}).status_code == 401


def test_patching_changes_only_what_is_sent_and_keeps_the_base(as_role, world, db):
    response = as_role("coordinator").patch(f"/api/v1/groups/{world.group_id}", json={"description": "More"})

    assert response.status_code == 200
    body = response.get_json()
    assert (body["description"], body["name"], body["base"]) == ("More", "Brentham Mutual Aid",
                                                                  {"lat": 51.51, "lng": -0.29})
    assert as_role("coordinator").patch(f"/api/v1/groups/{world.group_id}",
                                        json={"colour": "red"}).status_code == 400


def test_coordinators_list_members_and_requests_and_answer_them(as_role, world):
    coordinator = as_role("coordinator")

    members = coordinator.get(f"/api/v1/groups/{world.group_id}/memberships").get_json()["memberships"]
    pending = coordinator.get(f"/api/v1/groups/{world.group_id}/memberships?status=pending").get_json()
    approved = coordinator.post(
        f"/api/v1/groups/{world.group_id}/memberships/{world.pending_membership_id}/approve"
    ).get_json()

    assert sorted(m["user"]["display_name"] for m in members) == ["Cora Coordinator", "Vic Volunteer"]
    assert "email" not in json.dumps(members)
    assert [m["user"]["display_name"] for m in pending["memberships"]] == ["Pat Pending"]
    assert approved["status"] == "active"


def test_partnerships_are_public_when_active_and_complete_with_notes_for_coordinators(as_role, world):
    public = as_role("anonymous").get(f"/api/v1/groups/{world.group_id}/partnerships").get_json()
    mine = as_role("coordinator").get(f"/api/v1/groups/{world.group_id}/partnerships").get_json()

    assert [(p["kind"], p["status"]) for p in public["partnerships"]] == [("co_delivery", "active")]
    assert all("note" not in p for p in public["partnerships"])
    assert sorted(p["status"] for p in mine["partnerships"]) == ["active", "proposed"]
    assert "Shall we refer to each other?" in json.dumps(mine)


def test_a_coordinator_proposes_and_the_other_group_accepts_by_api(as_role, world):
    proposed = as_role("coordinator").post(f"/api/v1/groups/{world.group_id}/partnerships",
                                           json={"group_id": world.other_group_id, "kind": "referral"})
    accepted = as_role("coordinator").post(
        f"/api/v1/groups/{world.group_id}/partnerships/{world.incoming_partnership_id}/accept"
    )

    assert proposed.status_code == 409  # they already proposed one to us
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "active"


def test_the_openapi_document_describes_the_groups_api(as_role):
    document = as_role("anonymous").get("/api/v1/openapi.json").get_json()

    for path in ("/groups", "/groups/{group_id}", "/groups/{group_id}/memberships",
                 "/groups/{group_id}/memberships/{membership_id}/approve", "/groups/{group_id}/partnerships",
                 "/groups/{group_id}/partnerships/{partnership_id}/end", "/groups/map/areas",
                 "/groups/map/bases", "/groups/map/partnerships"):
        assert path in document["paths"], path
    assert {"Group", "GroupDetails", "Membership", "Partnership"} <= set(document["components"]["schemas"])


def test_the_map_layers_are_geojson_with_the_same_filters(as_role, world, db):
    with make_sessionmaker(db)() as session:
        session.get(Group, world.group_id).drawn_area = json.dumps(square(-0.30, 51.50, -0.29, 51.51))
        session.commit()
    client = as_role("anonymous")

    areas = client.get("/api/v1/groups/map/areas")
    bases = client.get("/api/v1/groups/map/bases?kind=mutual_aid").get_json()
    lines = client.get("/api/v1/groups/map/partnerships").get_json()
    drawn = client.get("/api/v1/groups/map/drawn").get_json()
    wards = client.get("/api/v1/groups/map/wards").get_json()

    assert areas.mimetype == "application/geo+json"
    counts = {f["properties"]["name"]: f["properties"]["groups_count"] for f in areas.get_json()["features"]}
    assert counts == {"Acton Green": 1, "Brentham": 1, "Cleveland": 2}
    cleveland = next(f for f in areas.get_json()["features"] if f["properties"]["name"] == "Cleveland")
    assert cleveland["properties"]["groups_label"] == "Cleveland Drivers, Dormers Wells Tenants"
    assert [f["properties"]["name"] for f in bases["features"]] == ["Brentham Mutual Aid"]
    assert bases["features"][0]["geometry"] == {"type": "Point", "coordinates": [-0.29, 51.51]}
    assert bases["features"][0]["properties"]["url"] == f"/groups/{world.group_id}"
    assert [f["properties"]["name"] for f in lines["features"]] == [
        "Brentham Mutual Aid and Cleveland Drivers"
    ]
    assert [f["properties"]["name"] for f in drawn["features"]] == ["Brentham Mutual Aid"]
    assert len(wards["features"]) == 3


def test_a_category_filter_shows_one_kind_of_help_at_a_time(as_role, world):
    nothing = as_role("anonymous").get("/api/v1/groups/map/bases?category=no-such-help").get_json()
    shopping = as_role("anonymous").get("/api/v1/groups/map/bases?category=shopping").get_json()

    assert len(shopping["features"]) == 3  # the tenants have no base
    # An unknown category is no filter at all, as in the directory.
    assert len(nothing["features"]) == 3
