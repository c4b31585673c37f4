"""The near-me map zoomed out: clusters counted on the server from public positions, bounded in size
whatever the number of posts, and counting what the near-me list beside the map counts."""

from __future__ import annotations

import json
import random
from datetime import timedelta

import pytest
from sqlalchemy import insert

import app.api.map_posts as api
from community.db import utcnow
from community.models import Need, Offer
from community.places.privacy import metres_between, public_position
from community.posts import NearbyQuery, bounding_box, search_nearby
from tests.builders.groups import make_group, make_membership
from tests.builders.people import make_user
from tests.builders.places import WARD_CENTRE, make_category, offset
from tests.builders.posts import SALT, make_need, make_offer
from tests.web.conftest import sign_in

API = "/api/v1/map/posts"
# Roughly the London Borough of Ealing, as benchmarks/map_weight.py has it.
SOUTH, NORTH, WEST, EAST = 51.485, 51.560, -0.42, -0.24
BOROUGH = f"{WEST},{SOUTH},{EAST},{NORTH}"


def get(client, **query):
    response = client.get(API, query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def clusters(body):
    return [f for f in body["features"] if f["properties"]["kind"] == "cluster"]


def box_around(centre, km):
    """The API's bbox (minLng,minLat,maxLng,maxLat) around the near-me list's circle."""
    min_lat, max_lat, min_lng, max_lng = bounding_box(*centre, km * 1000)
    return f"{min_lng},{min_lat},{max_lng},{max_lat}"


def test_zoomed_out_the_posts_come_as_counts_at_the_mean_of_their_public_positions(client, session):
    poster, viewer = make_user(session), make_user(session, home=WARD_CENTRE)
    at = offset(WARD_CENTRE, north_m=300)
    need = make_need(session, poster=poster, title="Lift to the surgery", at=at)
    far = offset(WARD_CENTRE, north_m=-3000, east_m=3000)
    make_offer(session, helper=poster, title="Dog walking", at=far)
    make_offer(session, helper=poster, title="Dog walking too", at=far)
    session.commit()
    sign_in(client, viewer)

    body = get(client, bbox=box_around(WARD_CENTRE, 6), zoom=13).get_json()

    assert body["clustered"] is True
    assert sorted(f["properties"]["posts"] for f in clusters(body)) == [1, 2]
    assert body["total"] == 3
    assert "Lift to the surgery" not in json.dumps(body)
    (single,) = [f for f in clusters(body) if f["properties"]["posts"] == 1]
    lng, lat = single["geometry"]["coordinates"]
    public = public_position(*at, salt=SALT)
    assert metres_between(lat, lng, *public) < 2  # rounded to 5 decimal places
    assert metres_between(lat, lng, need.lat, need.lng) >= 190
    west, south, east, north = single["properties"]["bbox"]
    assert south <= lat <= north and west <= lng <= east
    assert single["properties"]["count_text"] == "1"
    assert single["properties"]["label"] == "1 post around here. Select to zoom in"


def test_a_connector_is_given_clusters_of_public_positions_too(client, session):
    poster, connector = make_user(session), make_user(session, role="connector")
    need = make_need(session, poster=poster, visibility="connectors", at=offset(WARD_CENTRE, east_m=400))
    session.commit()
    sign_in(client, connector)

    (cluster,) = clusters(get(client, bbox=box_around(WARD_CENTRE, 3), zoom=12).get_json())

    lng, lat = cluster["geometry"]["coordinates"]
    assert metres_between(lat, lng, need.public_lat, need.public_lng) < 2
    # The control: zoomed in, a connector sees the exact place.
    body = get(client, bbox=box_around(WARD_CENTRE, 3), zoom=16).get_json()
    (point,) = body["features"]
    assert point["geometry"]["coordinates"] == [need.lng, need.lat]


@pytest.fixture()
def mixed_world(session):
    """Posts of every kind the list and the map treat differently, all within 1.2 km of the ward centre."""
    poster, requester = make_user(session), make_user(session)
    member, connector, stranger = make_user(session), make_user(session, role="connector"), make_user(session)
    group = make_group(session)
    make_membership(session, user=member, group=group)
    food = make_category(session, slug="food")
    health = make_category(session, slug="health", sensitive=True)
    rng = random.Random(7)

    def somewhere():
        return offset(WARD_CENTRE, north_m=rng.uniform(-700, 700), east_m=rng.uniform(-700, 700))

    for n in range(6):
        make_need(session, poster=poster, title=f"Public {n}", at=somewhere(), category=food,
                  urgency="today" if n % 2 else "no_rush")
    make_need(session, poster=poster, title="Health", at=somewhere(), category=health)
    make_need(session, poster=poster, title="For groups", at=somewhere(), visibility="groups", category=food)
    make_need(session, poster=poster, title="Group's own", at=somewhere(), visibility="connectors",
              group_id=group.id, category=food)
    make_need(session, poster=poster, title="Connectors", at=somewhere(), visibility="connectors",
              category=food)
    make_need(session, poster=poster, title="Hidden", at=somewhere(), hidden=True, category=food)
    make_need(session, poster=poster, title="Met", at=somewhere(), status="met", category=food)
    make_need(session, poster=requester, title="Stranger's own", at=somewhere(), category=food)
    for n in range(4):
        make_offer(session, helper=poster, title=f"Offer {n}", at=somewhere(), category=food)
    make_offer(session, helper=poster, title="Health offer", at=somewhere(), category=health)
    make_offer(session, helper=poster, title="Paused", at=somewhere(), status="paused", category=food)
    make_offer(session, helper=stranger, title="Stranger's offer", at=somewhere(), category=food)
    session.commit()
    return {"member": member, "connector": connector, "stranger": requester, "other": stranger,
            "food": food, "health": health}


FILTERS = [
    ({}, {}),
    ({"show": "needs"}, {"kind": "needs"}),
    ({"show": "offers"}, {"kind": "offers"}),
    ({"urgency": "today"}, {"urgency": "today"}),
    ({"category": "health"}, {"category": "health"}),
    ({"category": "food", "show": "needs"}, {"category": "food", "kind": "needs"}),
]


@pytest.mark.parametrize("zoom", [11, 13])
def test_the_clusters_count_what_the_near_me_list_counts_for_every_viewer_and_filter(
    app, client, session, mixed_world, zoom
):
    totals = {}
    for who in ("member", "connector", "stranger", "other"):
        viewer = mixed_world[who]
        sign_in(client, viewer)
        for list_filters, map_filters in FILTERS:
            category = mixed_world[list_filters["category"]] if "category" in list_filters else None
            query = NearbyQuery(origin=WARD_CENTRE, within_km=2, show=list_filters.get("show", "both"),
                                category_id=category.id if category else None,
                                urgency=list_filters.get("urgency"), per_page=100)
            listed = search_nearby(session, viewer=viewer, query=query, salt=SALT)
            session.rollback()  # a search that finds nothing notes it: not wanted here
            body = get(client, bbox=box_around(WARD_CENTRE, 2), zoom=zoom, **map_filters).get_json()
            assert body["clustered"] is True
            counted = sum(f["properties"]["posts"] for f in clusters(body))
            assert counted == body["total"] == listed.total, (who, list_filters)
            totals[(who, tuple(sorted(list_filters.items())))] = listed.total
    # The comparison is not vacuous: viewers and filters see different numbers, and health-related posts
    # are counted for everyone.
    assert totals[("stranger", ())] == 14 - 1  # not their own need
    assert totals[("member", ())] == 14 + 1 + 1  # and the groups' needs
    assert totals[("connector", ())] == 14 + 3
    assert totals[("other", (("category", "health"),))] == 2
    assert totals[("other", (("urgency", "today"),))] == 3


def test_a_narrow_box_gets_the_whole_cell_so_it_cannot_place_a_post_more_closely(client, session):
    poster = make_user(session)
    health = make_category(session, slug="health", sensitive=True)
    need = make_need(session, poster=poster, category=health, at=offset(WARD_CENTRE, north_m=250))
    session.commit()
    sign_in(client, make_user(session))
    session.commit()

    lat, lng = need.public_lat, need.public_lng
    answers = []
    for half in (0.01, 0.001, 0.00001):
        body = get(client, bbox=f"{lng - half},{lat - half},{lng + half},{lat + half}", zoom=13).get_json()
        answers.append([(f["properties"]["bbox"], f["properties"]["posts"]) for f in clusters(body)])
    (cell, count), = answers[-1]
    assert count == 1
    west, south, east, north = cell
    assert east - west >= api.CELL_DEGREES_AT_14 * 0.999 and north - south >= api.CELL_DEGREES_AT_14 * 0.999
    assert answers[1] == answers[2] and (cell, count) in answers[0]


def _scatter(session, count, seed=3, dense=0):
    """``count`` posts spread over the borough, as benchmarks/map_weight.py builds them, and ``dense`` more
    within 50 m of the ward centre."""
    poster = make_user(session)
    category = make_category(session, slug="food")
    rng = random.Random(seed)
    needs, offers = [], []
    expires = utcnow() + timedelta(days=28)
    for n in range(count + dense):
        if n < count:
            lat, lng = rng.uniform(SOUTH, NORTH), rng.uniform(WEST, EAST)
        else:
            lat, lng = offset(WARD_CENTRE, north_m=rng.uniform(-50, 50), east_m=rng.uniform(-50, 50))
        plat, plng = public_position(lat, lng, salt=SALT)
        row = {"category_id": category.id, "title": f"Post {n}: help with shopping & a lift <{n}>" + "x" * 60,
               "body": "Details", "lat": lat, "lng": lng, "public_lat": plat, "public_lng": plng}
        if n % 2:
            needs.append({**row, "requester_id": poster.id, "posted_by_id": poster.id, "urgency": "this_week",
                          "visibility": "public", "status": "open", "expires_at": expires})
        else:
            offers.append({**row, "user_id": poster.id, "status": "active"})
    session.execute(insert(Need), needs)
    session.execute(insert(Offer), offers)
    session.commit()


def test_every_view_is_bounded_by_its_cells_not_by_the_number_of_posts(client, session):
    _scatter(session, 3000, dense=api.MAX_POINTS - 60)
    sign_in(client, make_user(session, home=WARD_CENTRE))
    session.commit()

    views = {
        # The near-me map's first view of 2 km (zoom 14, a 1,000 by 420 pixel frame and a quarter more on
        # every side), the whole borough, the whole of England and a view zoomed in.
        "first view": (box_around(WARD_CENTRE, 2), 14),
        "borough": (BOROUGH, 11),
        "borough, no zoom": (BOROUGH, None),
        "england": ("-6,50,2,56", 7),
        "zoomed in": (box_around(WARD_CENTRE, 0.6), 17),
    }
    for name, (bbox, zoom) in views.items():
        query = {"bbox": bbox} | ({"zoom": zoom} if zoom is not None else {})
        response = get(client, **query)
        body = response.get_json()
        assert len(response.data) <= 100 * 1024, (name, len(response.data))
        assert len(body["features"]) <= max(api.MAX_CELLS, api.MAX_POINTS), name
        if body["clustered"]:
            assert sum(f["properties"]["posts"] for f in clusters(body)) == body["total"]
    # Public positions are up to 500 m from the posts: a little more than the borough holds them all.
    wider = get(client, bbox="-0.43,51.48,-0.23,51.57", zoom=11).get_json()
    assert wider["total"] == 3000 + api.MAX_POINTS - 60
    zoomed = get(client, bbox=box_around(WARD_CENTRE, 0.6), zoom=17).get_json()
    # The control: zoomed in, posts one by one, nearly as many as allowed.
    assert zoomed["clustered"] is False and len(zoomed["features"]) > api.MAX_POINTS - 60


def test_one_grouped_count_says_how_many_are_in_the_box_as_the_box_count_does(session):
    """The map decides between points and clusters from the cells' ``inside`` counts: they must add up to
    what ``count_nearby_in_box`` counts, though the cells reach beyond the box."""
    from community.posts import count_nearby_by_cell, count_nearby_in_box

    poster, viewer = make_user(session), make_user(session)
    inside = make_need(session, poster=poster, at=offset(WARD_CENTRE, north_m=100))
    make_offer(session, helper=poster, at=offset(WARD_CENTRE, north_m=-100))
    session.commit()
    lat, lng = inside.public_lat, inside.public_lng
    box = (lat - 0.0002, lat + 0.0002, lng - 0.0002, lng + 0.0002)  # the need's public point only
    query = NearbyQuery(origin=WARD_CENTRE, within_km=2, show="both", category_id=None, urgency=None,
                        sort="distance", page=1, per_page=20, area_id=None)

    # Cells of a degree: both posts are in the one around the ward, whatever their blurring.
    cells = count_nearby_by_cell(session, viewer=viewer, query=query, box=box, size=1.0)

    assert sum(cell.count for cell in cells) == 2  # both posts share the whole cell
    assert sum(cell.inside for cell in cells) == count_nearby_in_box(
        session, viewer=viewer, query=query, box=box) == 1
