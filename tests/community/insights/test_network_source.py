"""The database read as the network engine's records: people, groups, ties and open needs."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from community.db import utcnow
from community.insights.network_source import load_community, node_key
from community.models import Introduction
from tests.builders.groups import make_group, make_membership, make_partnership, make_serving_group
from tests.builders.insights import make_met_need
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward
from tests.builders.posts import make_need


def ties_of(records, kind):
    return sorted((t.a, t.b, t.active) for t in records.ties if t.kind == kind)


def test_people_and_open_groups_become_nodes_with_wards_and_categories(session):
    ward = make_ward(session, name="Acton", code="E05000001", box=(-0.32, 51.50, -0.31, 51.51))
    food = make_category(session, slug="food")
    ann = make_user(session, name="Ann")
    gone = make_user(session, name="Gone")
    gone.deleted_at = utcnow()
    group = make_serving_group(session, name="Acton Larder", coordinator=None, areas=[ward],
                               categories=[food], listing=False)
    closed = make_group(session, name="Closed")
    closed.closed_at = utcnow()
    session.flush()

    records = load_community(session)

    assert [(p.id, p.label) for p in records.people] == [(f"user:{ann.id}", "Ann")]
    (info,) = records.groups
    assert (info.id, info.label, info.areas, info.categories) == (
        f"group:{group.id}", "Acton Larder", frozenset({"E05000001"}), frozenset({"food"})
    )
    assert records.area_names == {"E05000001": "Acton"}
    assert records.category_names["food"] == "Food"


def test_only_active_memberships_and_partnerships_are_ties(session):
    ann, bob = make_user(session), make_user(session)
    a, b, c = make_group(session), make_group(session), make_group(session)
    make_membership(session, user=ann, group=a)
    make_membership(session, user=bob, group=a, status="left")
    make_partnership(session, a, b)
    make_partnership(session, a, c, status="ended")

    records = load_community(session)

    assert ties_of(records, "membership") == [(f"user:{ann.id}", f"group:{a.id}", True)]
    assert ties_of(records, "partnership") == [(f"group:{a.id}", f"group:{b.id}", True)]


def test_a_met_need_ties_helper_to_resident_and_the_group_that_took_it_on_to_the_resident(session):
    resident, helper = make_user(session), make_user(session)
    group = make_group(session)
    need = make_met_need(session, resident=resident, helper=helper, group=group, met_days_ago=30)
    make_need(session, poster=resident, status="in_progress")  # not met: no tie

    records = load_community(session)

    helped = sorted((t.a, t.b) for t in records.ties if t.kind == "helped")
    assert helped == sorted(
        [(f"user:{helper.id}", f"user:{resident.id}"), (f"group:{group.id}", f"user:{resident.id}")]
    )
    assert all(t.at == need.met_at and not t.active for t in records.ties if t.kind == "helped")


def test_an_accepted_introduction_is_a_tie_and_a_pending_one_is_not(session):
    a, b, c = make_group(session), make_group(session), make_group(session)
    now = utcnow()
    session.add_all([
        Introduction(group_a_id=a.id, group_b_id=b.id, reason="r", status="accepted", decided_at=now),
        Introduction(group_a_id=a.id, group_b_id=c.id, reason="r", status="sent"),
    ])
    session.flush()

    assert ties_of(load_community(session), "introduction") == [(f"group:{a.id}", f"group:{b.id}", False)]


def test_open_needs_of_residents_with_a_ward_are_listed_with_ward_code_and_category(session):
    ward = make_ward(session, code="E05000009", box=(-0.32, 51.50, -0.31, 51.51))
    food = make_category(session, slug="food")
    resident = make_user(session)
    need = make_need(session, poster=resident, category=food, area_id=ward.id)
    make_need(session, poster=resident, category=food, area_id=ward.id, hidden=True)
    make_need(session, poster=resident, category=food, area_id=ward.id, status="withdrawn")
    make_need(session, poster=resident, category=food, area_id=ward.id,
              created_at=utcnow() - timedelta(days=3), status="in_progress")

    records = load_community(session)

    assert [(n.person_id, n.area, n.category) for n in records.open_needs] == [
        (f"user:{resident.id}", "E05000009", "food")
    ] * 2
    assert records.open_needs[0].need_id == f"need:{need.id}"


def count_statements(session) -> int:
    statements = []

    def listener(*args):
        statements.append(args[2])

    event.listen(session.get_bind(), "before_cursor_execute", listener)
    try:
        load_community(session)
    finally:
        event.remove(session.get_bind(), "before_cursor_execute", listener)
    return len(statements)


def test_loading_a_community_takes_the_same_handful_of_queries_whatever_its_size(session):
    empty = count_statements(session)
    ward = make_ward(session, box=(-0.32, 51.50, -0.31, 51.51))
    food = make_category(session, slug="food")
    for _ in range(15):
        group = make_serving_group(session, coordinator=None, areas=[ward], categories=[food], listing=False)
        for _ in range(3):
            person = make_user(session)
            make_membership(session, user=person, group=group)
            make_met_need(session, resident=person, helper=make_user(session), group=group, area=ward)

    assert count_statements(session) == empty
    assert empty <= 12


def test_node_ids_name_their_kind_and_row():
    assert node_key("group:12") == ("group", 12)
    assert node_key("user:7") == ("user", 7)
