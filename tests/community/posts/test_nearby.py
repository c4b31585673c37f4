"""Near me: public positions, distance bands, filters, sorting, paging, and anonymous missed searches."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from community.db import utcnow
from community.models import SearchMiss
from community.places.privacy import metres_between
from community.posts.nearby import NearbyQuery, search_nearby
from tests.builders.groups import make_group, make_membership
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward, north_of
from tests.builders.posts import SALT, make_need, make_offer

HOME = (51.5130, -0.3089)


def search(session, viewer, **kwargs):
    return search_nearby(session, viewer=viewer, query=NearbyQuery(origin=HOME, **kwargs), salt=SALT)


def test_posts_within_the_distance_are_found_with_bands_and_public_positions(session):
    viewer, poster = make_user(session), make_user(session)
    near = make_need(session, poster=poster, at=north_of(HOME, 300), title="Near")
    make_need(session, poster=poster, at=north_of(HOME, 8000), title="Far")
    page = search(session, viewer, within_km=2)
    assert [item["title"] for item in page.items] == ["Near"]
    item = page.items[0]
    assert item["distance_band"] in ("under 1 km", "1 to 2 km")
    assert (item["lat"], item["lng"]) == (near.public_lat, near.public_lng)
    assert "distance" not in item and "metres" not in str(item)


def test_distance_is_measured_to_the_public_position(session):
    viewer, poster = make_user(session), make_user(session)
    need = make_need(session, poster=poster, at=north_of(HOME, 900))
    within = metres_between(*HOME, need.public_lat, need.public_lng) <= 1000
    assert bool(search(session, viewer, within_km=1).items) == within


def test_own_closed_hidden_and_invisible_posts_are_left_out(session):
    viewer, poster = make_user(session), make_user(session)
    make_need(session, poster=viewer, title="Mine")
    make_need(session, poster=poster, status="met", title="Met")
    make_need(session, poster=poster, hidden=True, title="Hidden")
    make_need(session, poster=poster, visibility="groups", title="Groups")
    make_need(session, poster=poster, visibility="connectors", title="Connectors")
    make_offer(session, helper=poster, status="paused", title="Paused")
    make_need(session, poster=poster, title="Visible")
    assert [i["title"] for i in search(session, viewer).items] == ["Visible"]


def test_group_members_see_groups_only_needs_and_connectors_see_all(session):
    member, connector, poster = make_user(session), make_user(session, role="connector"), \
        make_user(session)
    make_membership(session, user=member, group=make_group(session))
    make_need(session, poster=poster, visibility="groups", title="Groups")
    make_need(session, poster=poster, visibility="connectors", title="Connectors")
    assert {i["title"] for i in search(session, member).items} == {"Groups"}
    assert {i["title"] for i in search(session, connector).items} == {"Groups", "Connectors"}


def test_filters_by_kind_category_and_urgency(session):
    viewer, poster = make_user(session), make_user(session)
    food, lifts = make_category(session, slug="food"), make_category(session, slug="lifts")
    make_need(session, poster=poster, category=food, urgency="today", title="Food today")
    make_need(session, poster=poster, category=lifts, urgency="no_rush", title="Lift")
    make_offer(session, helper=poster, category=food, title="Food offer")
    assert {i["title"] for i in search(session, viewer, category_id=food.id).items} == {
        "Food today", "Food offer"}
    assert {i["title"] for i in search(session, viewer, show="offers").items} == {"Food offer"}
    assert {i["title"] for i in search(session, viewer, urgency="today").items} == {"Food today"}


def test_sorting_by_distance_or_newest(session):
    viewer, poster = make_user(session), make_user(session)
    now = utcnow()
    make_need(session, poster=poster, at=north_of(HOME, 1500), title="Far, new", created_at=now)
    make_need(session, poster=poster, at=HOME, title="Near, old", created_at=now - timedelta(days=3))
    by_distance = [i["title"] for i in search(session, viewer, within_km=5).items]
    by_newest = [i["title"] for i in search(session, viewer, within_km=5, sort="newest").items]
    assert by_newest == ["Far, new", "Near, old"]
    assert by_distance[0] == "Near, old"


def test_results_come_a_page_at_a_time(session):
    viewer, poster = make_user(session), make_user(session)
    for n in range(5):
        make_need(session, poster=poster, title=f"Need {n}", at=north_of(HOME, n * 10))
    first, last = search(session, viewer, per_page=2), search(session, viewer, per_page=2, page=3)
    assert (first.total, first.pages, len(first.items), len(last.items)) == (5, 3, 2, 1)
    seen = {i["id"] for p in (1, 2, 3) for i in search(session, viewer, per_page=2, page=p).items}
    assert len(seen) == 5


def test_a_search_that_finds_nothing_is_recorded_without_the_person_or_place(session):
    viewer = make_user(session)
    ward = make_ward(session, centre=HOME)
    food = make_category(session, slug="food")
    page = search_nearby(session, viewer=viewer, salt=SALT,
                         query=NearbyQuery(origin=HOME, category_id=food.id, area_id=ward.id, show="offers"))
    assert page.total == 0
    miss = session.scalar(select(SearchMiss))
    assert (miss.category_id, miss.area_id, miss.kind) == (food.id, ward.id, "offers")
    assert miss.day == utcnow().date()
    assert not {"user_id", "lat", "lng"} & set(SearchMiss.__table__.columns.keys())


def test_a_search_that_finds_something_records_nothing(session):
    viewer, poster = make_user(session), make_user(session)
    make_need(session, poster=poster)
    search(session, viewer)
    assert session.scalar(select(SearchMiss)) is None


@pytest.mark.parametrize("within_km", [1, 2, 5, 10])
def test_no_post_outside_the_chosen_distance_is_shown(session, within_km):
    viewer, poster = make_user(session), make_user(session)
    for metres in (500, 1500, 4000, 9000, 15000):
        make_need(session, poster=poster, at=north_of(HOME, metres))
    for item in search(session, viewer, within_km=within_km).items:
        assert metres_between(*HOME, item["lat"], item["lng"]) <= within_km * 1000


def test_a_page_of_posts_is_read_in_a_fixed_number_of_queries_whatever_it_shows(session):
    """Each kind is loaded with what it is shown with (category, ward, poster, group) in one query: six
    statements in all (the two searches, the two pages and the viewer's memberships and responses)."""
    viewer = make_user(session)
    for n in range(3):
        ward, category = make_ward(session, name=f"Ward {n}"), make_category(session)
        group = make_group(session, name=f"Group {n}")
        make_need(session, poster=make_user(session), category=category, title=f"Need {n}", area_id=ward.id,
                  at=north_of(HOME, 100 * n))
        make_offer(session, helper=make_user(session), category=category, title=f"Offer {n}", area_id=ward.id,
                   group_id=group.id, at=north_of(HOME, 100 * n))
    session.flush()
    session.expunge_all()
    viewer = session.get(type(viewer), viewer.id)
    statements = []
    engine = session.get_bind()
    record = lambda _conn, _cursor, statement, *_args: statements.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", record)
    try:
        page = search(session, viewer, within_km=2)
    finally:
        event.remove(engine, "before_cursor_execute", record)

    # The control: every post is there with its category, ward and group, so they were loaded.
    items = {item["title"]: item for item in page.items}
    assert set(items) == {f"{kind} {n}" for kind in ("Need", "Offer") for n in range(3)}
    assert [items[f"Offer {n}"]["group"] for n in range(3)] == ["Group 0", "Group 1", "Group 2"]
    assert all(item["area"] and item["category"]["name"] for item in page.items)
    assert len(statements) <= 6, "\n".join(statements)
