"""Importing a directory: ORUK documents (the profile's own examples among them) and the CSV template
become groups, idempotently, with wards and kinds of help mapped and the rest reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from community.directory import (
    DirectoryProblems,
    apply_import,
    approve_claim,
    claim_listing,
    claimable,
    decline_claim,
    ensure_directory_ids,
    export_document,
    plan_import,
    read_directory,
    read_mapping,
)
from community.directory.sources import listings_from_json
from community.errors import Conflict, PermissionDenied
from community.insights.network_source import group_node, load_community
from community.models import DirectoryListing, Group, Membership, Notification
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward, square

EXAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "openreferral-uk" / "examples"
TEMPLATE = Path(__file__).resolve().parents[3] / "community" / "data" / "directory-template.csv"
SERVICE = "ac148810-d857-441c-9679-408f346de14b"


def service(n: int = 1, **extra) -> dict:
    record = {"id": f"00000000-0000-4000-8000-{n:012d}", "name": f"Service {n}", "status": "active",
              "description": "Helps.", "organization": {"id": f"10000000-0000-4000-8000-{n:012d}",
                                                         "name": f"Org {n}", "description": "An org."}}
    record.update(extra)
    return record


def groups(session) -> list[Group]:
    session.expire_all()
    return list(session.scalars(select(Group).order_by(Group.id)))


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_every_example_of_the_profile_loads_through_the_importer(session, example):
    listings = read_directory((EXAMPLES / example).read_bytes(), filename=example)
    plan = apply_import(session, listings=listings, source=example)
    if example.startswith("taxonomy"):
        assert listings == [] and plan.groups == []
    else:
        assert listings and plan.count("create") == len(groups(session)) >= 1
        assert all(g.name for g in groups(session))


def test_the_full_example_keeps_its_ids_reports_what_it_cannot_map_and_leaves_people_out(session):
    listings = read_directory((EXAMPLES / "service_full.json").read_bytes())
    plan = apply_import(session, listings=listings, source="service_full.json")
    (group,) = groups(session)
    assert group.name == "Community Counselling" and group.website == "http://example.com/counselling"
    assert group.assured_at.date().isoformat() == "2005-01-01"
    text = "\n".join(plan.lines())
    assert "matches no ward" in text and "matches no category" in text
    assert "1 contact(s) naming people not imported" in text
    ensure_directory_ids(session)
    assert "Ann Persona" not in json.dumps(export_document(session))
    (published,) = export_document(session)["contents"]
    assert published["id"] == SERVICE
    assert published["organization"]["id"] == "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


def test_importing_again_updates_and_never_duplicates(session):
    first = apply_import(session, listings=listings_from_json([service(1), service(2)]))
    assert first.count("create") == 2
    again = apply_import(session, listings=listings_from_json([service(1), service(2, name="Renamed")]))
    assert (again.count("create"), again.count("update"), again.count("unchanged")) == (0, 1, 1)
    assert [g.name for g in groups(session)] == ["Service 1", "Renamed"]


def test_wards_by_code_name_mapping_and_extent_and_terms_by_mapping_slug_and_name(session):
    acton = make_ward(session, name="Acton Central", code="E05000170", box=(-0.30, 51.50, -0.28, 51.52))
    dean = make_ward(session, name="Dean Gardens", code="E05000173", box=(-0.28, 51.50, -0.26, 51.52))
    hobbayne = make_ward(session, name="Hobbayne", code="E05000174", box=(-0.26, 51.50, -0.24, 51.52))
    far = make_ward(session, name="Far Away", code="E05000199", box=(-0.10, 51.60, -0.08, 51.62))
    food, lifts, care = make_category(session, slug="food"), make_category(session, slug="lifts"), \
        make_category(session, slug="care")
    care.name = "Personal care"
    areas = [
        {"id": "a", "name": "Acton", "uri": "http://statistics.data.gov.uk/id/statistical-geography/E05000170"},
        {"id": "b", "name": "dean gardens"},
        {"id": "c", "name": "Drawn", "extent": json.dumps(square(-0.265, 51.49, -0.235, 51.53)),
         "extent_type": "geojson"},
        {"id": "d", "name": "Old ward E05099999"},
        {"id": "e", "name": "Nowhere at all"},
    ]
    attributes = [{"id": "x", "taxonomy_term": {"id": "t1", "name": "Food banks"}},
                  {"id": "y", "taxonomy_term": {"id": "t2", "name": "whatever", "term": "lifts"}},
                  {"id": "z", "taxonomy_term": {"id": "t3", "name": "personal care"}},
                  {"id": "w", "taxonomy_term": {"id": "t4", "name": "Astrology"}}]
    mapping = read_mapping("taxonomy_terms:\n  food banks: food\nareas:\n  E05099999: E05000199\n")
    shape_only = [{"id": "f", "name": "Our patch", "extent": areas[2]["extent"], "extent_type": "geojson"}]
    elsewhere = [{"id": "g", "name": "Somewhere else", "extent": json.dumps(square(1.0, 52.0, 1.1, 52.1))}]
    plan = apply_import(session, mapping=mapping, listings=listings_from_json(
        [service(1, service_areas=areas, attributes=attributes), service(2, service_areas=shape_only),
         service(3, service_areas=elsewhere)]))
    group, shaped, far_off = groups(session)
    # The shape inside the council is kept as drawn; the wards named are the group's wards.
    assert {a.code for a in group.areas} == {acton.code, dean.code, far.code}
    assert json.loads(group.drawn_area)["type"] == "Polygon"
    assert {c.slug for c in group.categories} == {food.slug, lifts.slug, care.slug}
    # A listing with only a shape also gets the wards it covers.
    assert shaped.drawn_area is not None and [a.code for a in shaped.areas] == [hobbayne.code]
    assert far_off.drawn_area is None and far_off.areas == []
    assert plan.unmapped == ["Service 1: service area “Nowhere at all” matches no ward",
                             "Service 1: taxonomy term “Astrology” matches no category",
                             "Service 3: service area “Somewhere else” matches no ward"]


def test_bad_input_is_one_line_per_problem_and_writes_nothing(session):
    make_user(session)
    existing = Group(name="Taken", name_normalised="taken", slug="taken", kind="other")
    session.add(existing)
    session.flush()
    bad = [service(1, id="not-a-uuid"), service(2, name=""), service(3, status="open"),
           service(4, name="Taken"), service(5), service(5, name="Twin")]
    with pytest.raises(DirectoryProblems) as caught:
        apply_import(session, listings=listings_from_json(bad + [service(6)]))
    assert caught.value.problems == [
        "item 1 (Service 1): id not-a-uuid is not a UUID",
        "item 2: no name",
        "item 3 (Service 3): status “open” is not one of active, inactive, defunct, temporarily closed",
        "item 4 (Taken): Weave already has a group called Taken that is not this listing",
        "item 6 (Twin): id 00000000-0000-4000-8000-000000000005 is also item 5",
    ]
    assert [g.name for g in groups(session)] == ["Taken"]
    with pytest.raises(DirectoryProblems) as caught:
        read_directory(b"{not json")
    assert caught.value.problems[0].startswith("The file is not JSON")
    with pytest.raises(DirectoryProblems):
        listings_from_json([{"colour": "blue"}])


def test_a_dry_run_plans_and_changes_nothing(session):
    plan = plan_import(session, listings=listings_from_json([service(1)]))
    assert plan.lines()[0] == "Would create 1 groups, update 0, leave 0 unchanged."
    assert groups(session) == []


def test_imported_groups_have_no_coordinator_and_are_not_people_in_the_network(session):
    admin = make_user(session, role="admin")
    apply_import(session, listings=listings_from_json([service(n) for n in range(1, 4)]))
    assert session.scalar(select(func.count()).select_from(Membership)) == 0
    assert all(g.created_by_id is None for g in groups(session))
    assert session.scalar(select(func.count()).select_from(DirectoryListing)) == 3
    records = load_community(session)
    assert [p.id for p in records.people] == [f"user:{admin.id}"]
    assert {g.id for g in records.groups} == {group_node(g.id) for g in groups(session)}
    assert records.ties == []


def test_the_csv_template_loads(session):
    make_ward(session, name="Acton Central", code="E05000170")
    make_category(session, slug="food-and-shopping")
    plan = apply_import(session, listings=read_directory(TEMPLATE.read_bytes(), filename=TEMPLATE.name))
    (group,) = groups(session)
    assert group.name == "Example Street Pantry" and group.contact_phone == "020 8825 5000"
    assert [a.code for a in group.areas] == ["E05000170"] and [c.slug for c in group.categories] == [
        "food-and-shopping"]
    assert plan.unmapped == ["Example Street Pantry: service area “E05000171” matches no ward"]


def test_a_closed_listing_closes_the_group_and_an_active_one_opens_it(session):
    apply_import(session, listings=listings_from_json([service(1, status="defunct")]))
    assert groups(session)[0].closed_at is not None
    apply_import(session, listings=listings_from_json([service(1)]))
    assert groups(session)[0].closed_at is None


def test_a_claim_is_decided_by_an_admin_or_connector_and_the_claimant_is_told(session):
    apply_import(session, listings=listings_from_json([service(1), service(2)]))
    one, two = groups(session)
    sam, kim, connector = make_user(session), make_user(session), make_user(session, role="connector")
    first = claim_listing(session, actor=sam, group_id=one.id, message="I run it")
    second = claim_listing(session, actor=kim, group_id=one.id, message="So do I")
    with pytest.raises(Conflict):
        claim_listing(session, actor=sam, group_id=one.id, message="Again")
    with pytest.raises(PermissionDenied):
        approve_claim(session, actor=kim, claim_id=first.id)
    approve_claim(session, actor=connector, claim_id=first.id)
    assert not claimable(session, one.id) and claimable(session, two.id)
    assert (first.status, second.status) == ("approved", "declined")
    (membership,) = session.scalars(select(Membership)).all()
    assert (membership.user_id, membership.role, membership.status) == (sam.id, "coordinator", "active")
    with pytest.raises(Conflict):
        claim_listing(session, actor=kim, group_id=one.id, message="Please")
    third = claim_listing(session, actor=kim, group_id=two.id, message="Mine")
    decline_claim(session, actor=connector, claim_id=third.id)
    told = sorted((n.user_id, n.kind) for n in session.scalars(select(Notification)))
    assert told == sorted([(sam.id, "listing_claim_approved"), (kim.id, "listing_claim_declined"),
                           (kim.id, "listing_claim_declined")])


def test_a_reimported_listing_is_published_as_modified_when_it_was_loaded(session):
    from datetime import UTC, datetime

    first, later = datetime(2026, 1, 5, 9, 0, tzinfo=UTC), datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
    apply_import(session, listings=listings_from_json([service(1)]), now=first)
    apply_import(session, listings=listings_from_json([service(1, description="New.")]), now=later)
    ensure_directory_ids(session)
    (published,) = export_document(session)["contents"]
    assert published["last_modified"] == "2026-03-01T08:30:00Z" and published["description"] == "New."
