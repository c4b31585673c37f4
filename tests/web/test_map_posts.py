"""The near-me map: its document (/maps/near-me) and its data (/api/v1/map/posts)."""

from __future__ import annotations

import pytest

from community.models import Response
from community.places.privacy import metres_between, public_position
from tests.builders.groups import make_group, make_membership
from tests.builders.people import make_user
from tests.builders.places import BBOX, WARD_CENTRE, make_category, make_ward, offset
from tests.builders.posts import SALT, make_need, make_offer
from tests.maps.assertions import assert_map_document, map_config
from tests.web.conftest import sign_in

API = "/api/v1/map/posts"


def person(session, *, home=WARD_CENTRE, role="resident", area=None, **extra):
    return make_user(session, role=role, home=home, area_id=area.id if area else None, **extra)


def features(client, **query):
    response = client.get(API, query_string={"bbox": BBOX, **query})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["type"] == "FeatureCollection"
    return body


def points(body, kind=None):
    return [f for f in body["features"] if kind is None or f["properties"]["kind"] == kind]


def titles(body):
    return sorted(f["properties"]["title"] for f in points(body) if f["properties"]["kind"] != "aggregate")


def coordinates(feature):
    lng, lat = feature["geometry"]["coordinates"]
    return lat, lng


@pytest.fixture()
def area(session):
    ward = make_ward(session, name="Walpole")
    session.commit()
    return ward


# --- the data ----------------------------------------------------------------------------------------


def test_signed_out_visitors_get_a_401_problem(client):
    response = client.get(API, query_string={"bbox": BBOX})

    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize(
    "bbox",
    [None, "", "1,2,3", "a,b,c,d", "1,2,3,4,5", "-0.2,51.5,-0.3,51.6", "-0.3,51.6,-0.2,51.5",
     "-0.3,91,-0.2,92", "-190,51,-0.2,52", "nan,51,-0.2,52", "-0.3,51,inf,52"],
)
def test_a_bad_bbox_is_a_400_problem_that_says_how_to_write_one(client, session, bbox):
    sign_in(client, person(session))
    session.commit()

    response = client.get(API, query_string={} if bbox is None else {"bbox": bbox})

    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert "minLng,minLat,maxLng,maxLat" in response.get_json()["detail"]


@pytest.mark.parametrize(
    ("query", "message"),
    [({"kind": "everything"}, "kind"), ({"urgency": "yesterday"}, "urgency"), ({"category": "nope"}, "nope"),
     ({"zoom": "-1"}, "zoom"), ({"zoom": "23"}, "zoom"), ({"zoom": "1.5"}, "zoom"), ({"zoom": "²"}, "zoom")],
)
def test_bad_filters_are_400_problems(client, session, query, message):
    sign_in(client, person(session))
    session.commit()

    response = client.get(API, query_string={"bbox": BBOX, **query})

    assert response.status_code == 400
    assert message in response.get_json()["detail"]


def test_a_stranger_sees_open_needs_and_active_offers_at_their_public_positions(client, session, area):
    viewer = person(session)
    poster = person(session, home=offset(WARD_CENTRE, north_m=600))
    need_at = offset(WARD_CENTRE, north_m=600)
    offer_at = offset(WARD_CENTRE, east_m=-800)
    need = make_need(session, poster=poster, title="Lift to the surgery", at=need_at, area_id=area.id,
                     urgency="today")
    offer = make_offer(session, helper=poster, title="Dog walking", at=offer_at, area_id=area.id)
    make_need(session, poster=poster, title="Far away", at=(51.60, -0.10))
    make_need(session, poster=poster, title="Already met", status="met", at=need_at)
    make_need(session, poster=poster, title="Hidden by a moderator", at=need_at, hidden=True)
    make_offer(session, helper=poster, title="Paused offer", at=offer_at, status="paused")
    session.commit()
    sign_in(client, viewer)

    body = features(client)

    assert body["truncated"] is False
    assert titles(body) == ["Dog walking", "Lift to the surgery"]
    (need_feature,) = points(body, "need")
    assert coordinates(need_feature) == public_position(*need_at, salt=SALT)
    assert metres_between(*coordinates(need_feature), *need_at) >= 200
    assert need_feature["properties"] == {
        "kind": "need",
        "kind_label": "Need",
        "id": need.id,
        "title": "Lift to the surgery",
        "label": "Need: Lift to the surgery",
        "category": need.category.name,
        "urgency": "Today",
        "distance": "under 1 km",
        "area": "Walpole",
        "url": f"/needs/{need.id}",
        "link_text": "View this need",
    }
    (offer_feature,) = points(body, "offer")
    assert coordinates(offer_feature) == public_position(*offer_at, salt=SALT)
    assert offer_feature["properties"]["url"] == f"/offers/{offer.id}"
    assert offer_feature["properties"]["urgency"] == ""


def test_the_viewers_own_posts_are_left_off_as_in_the_near_me_list(client, session):
    poster = person(session)
    make_need(session, poster=poster, title="Mine")
    make_offer(session, helper=poster, title="My offer")
    session.commit()
    sign_in(client, poster)

    assert titles(features(client)) == []


def test_a_connector_sees_posts_at_their_exact_places(client, session):
    poster = person(session)
    at = offset(WARD_CENTRE, north_m=300)
    make_need(session, poster=poster, title="A need", at=at)
    make_offer(session, helper=poster, title="An offer", at=at)
    connector = person(session, role="connector")
    session.commit()
    sign_in(client, connector)

    body = features(client)

    assert titles(body) == ["A need", "An offer"]
    assert [coordinates(f) for f in points(body)] == [at, at]


def test_titles_come_back_as_plain_strings_not_html(client, session):
    poster = person(session)
    make_need(session, poster=poster, title='<img src=x onerror="window.__xss=1">')
    session.commit()
    sign_in(client, person(session))
    session.commit()

    body = features(client)

    assert titles(body) == ['<img src=x onerror="window.__xss=1">']


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Gardening help", "Lift today", "Shopping next week"]),
        ({"kind": "needs"}, ["Lift today", "Shopping next week"]),
        ({"kind": "offers"}, ["Gardening help"]),
        ({"urgency": "today"}, ["Lift today"]),
        ({"category": "transport"}, ["Lift today"]),
        ({"category": "gardening", "kind": "all"}, ["Gardening help"]),
    ],
)
def test_filters_match_the_near_me_list(client, session, query, expected):
    poster = person(session)
    transport, shopping, gardening = (make_category(session, slug=s) for s in ("transport", "shopping",
                                                                                  "gardening"))
    make_need(session, poster=poster, title="Lift today", category=transport, urgency="today")
    make_need(session, poster=poster, title="Shopping next week", category=shopping, urgency="no_rush")
    make_offer(session, helper=poster, title="Gardening help", category=gardening)
    viewer = person(session)
    session.commit()
    sign_in(client, viewer)

    assert titles(features(client, **query)) == expected


def test_who_sees_needs_for_groups_and_connectors_only(client, session):
    poster = person(session)
    make_need(session, poster=poster, title="For anyone")
    make_need(session, poster=poster, title="For groups", visibility="groups")
    make_need(session, poster=poster, title="For connectors", visibility="connectors")
    resident, member, connector = person(session), person(session), person(session, role="connector")
    make_membership(session, user=member, group=make_group(session))
    session.commit()

    seen = {}
    for name, viewer in (("resident", resident), ("member", member), ("connector", connector)):
        sign_in(client, viewer)
        seen[name] = titles(features(client))

    assert seen == {
        "resident": ["For anyone"],
        "member": ["For anyone", "For groups"],
        "connector": ["For anyone", "For connectors", "For groups"],
    }


def test_health_related_posts_are_only_counts_per_ward_for_strangers(client, session, area):
    poster = person(session)
    health = make_category(session, slug="health-support", sensitive=True)
    for n in range(3):
        make_need(session, poster=poster, title=f"Prescription {n}", category=health, area_id=area.id,
                  at=offset(WARD_CENTRE, north_m=100 * n), visibility="public")
    make_offer(session, helper=poster, title="Health offer", category=health, area_id=area.id)
    make_need(session, poster=poster, title="Shopping")
    session.commit()
    sign_in(client, person(session))
    session.commit()

    body = features(client)

    assert titles(body) == ["Shopping"]
    (aggregate,) = points(body, "aggregate")
    assert coordinates(aggregate) == WARD_CENTRE
    assert aggregate["properties"]["count"] == "under 5"
    assert aggregate["properties"]["count_text"] == "<5"
    assert aggregate["properties"]["area"] == "Walpole"
    assert "Prescription" not in str(body)


def test_narrowing_the_box_cannot_find_where_a_health_related_post_is(client, session, area):
    poster = person(session)
    health = make_category(session, slug="health-support", sensitive=True)
    need = make_need(session, poster=poster, title="Prescription", category=health, area_id=area.id)
    session.commit()
    sign_in(client, person(session))
    session.commit()
    lat, lng = need.public_lat, need.public_lng

    def aggregates(min_lng, min_lat, max_lng, max_lat):
        bbox = f"{min_lng},{min_lat},{max_lng},{max_lat}"
        return [f["properties"]["label"] for f in points(features(client, bbox=bbox), "aggregate")]

    around_the_post = aggregates(lng - 0.0005, lat - 0.0005, lng + 0.0005, lat + 0.0005)
    # A sliver of the ward that holds neither the post's point nor the ward's centre.
    corner = (area.min_lng + 0.0001, area.min_lat + 0.0001, area.min_lng + 0.0002, area.min_lat + 0.0002)
    elsewhere_in_the_ward = aggregates(*corner)
    outside_the_ward = aggregates(area.max_lng + 0.01, area.max_lat + 0.01, area.max_lng + 0.02,
                                  area.max_lat + 0.02)

    assert around_the_post == elsewhere_in_the_ward == [
        "Health-related needs and offers in Walpole: under 5"
    ]
    assert outside_the_ward == []


def test_counts_of_five_or_more_are_given_exactly(client, session, area):
    poster = person(session)
    health = make_category(session, slug="health-support", sensitive=True)
    for n in range(6):
        make_need(session, poster=poster, title=f"Prescription {n}", category=health, area_id=area.id)
    session.commit()
    sign_in(client, person(session))
    session.commit()

    (aggregate,) = points(features(client), "aggregate")

    assert aggregate["properties"]["count"] == "6"


def test_health_related_posts_are_points_for_those_who_may_see_them_exactly(client, session, area):
    poster = person(session)
    health = make_category(session, slug="health-support", sensitive=True)
    at = offset(WARD_CENTRE, east_m=250)
    make_need(session, poster=poster, title="Prescription", category=health, area_id=area.id, at=at)
    connector = person(session, role="connector")
    session.commit()
    sign_in(client, connector)

    body = features(client)

    assert titles(body) == ["Prescription"]
    assert coordinates(points(body, "need")[0]) == at
    assert points(body, "aggregate") == []


def test_an_accepted_helper_is_not_shown_the_need_on_the_map_once_it_is_in_progress(client, session):
    # The map shows open needs; the helper finds theirs in their activity, at its exact place.
    poster, helper = person(session), person(session)
    need = make_need(session, poster=poster, title="Taken", status="in_progress")
    session.add(Response(need_id=need.id, helper_id=helper.id, status="accepted"))
    session.commit()
    sign_in(client, helper)

    assert titles(features(client)) == []


def test_more_posts_than_the_points_allowed_come_as_clusters_even_zoomed_in(client, session, monkeypatch):
    import app.api.map_posts as api

    monkeypatch.setattr(api, "MAX_POINTS", 3)
    poster = person(session)
    for n in range(4):
        make_need(session, poster=poster, title=f"Need {n}", at=offset(WARD_CENTRE, north_m=50 * n))
    session.commit()
    sign_in(client, person(session))
    session.commit()

    body = features(client, zoom=17)
    assert body["clustered"] is True
    assert body["truncated"] is False
    assert sum(f["properties"]["posts"] for f in points(body, "cluster")) == body["total"] == 4
    assert "Need 0" not in str(body)

    # The control: with room for them, the same posts come one by one.
    monkeypatch.setattr(api, "MAX_POINTS", 4)
    body = features(client, zoom=17)
    assert body["clustered"] is False
    assert len(points(body, "need")) == body["total"] == 4


def test_the_api_is_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").get_json()

    operation = document["paths"]["/map/posts"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["bbox", "kind", "category", "urgency", "zoom"]
    assert "MapPosts" in document["components"]["schemas"]


# --- the document ------------------------------------------------------------------------------------


def test_the_map_document_needs_a_signed_in_user(client):
    response = client.get("/maps/near-me")

    assert response.status_code == 302
    assert "/sign-in" in response.location


def test_the_map_document_is_self_hosted_and_centred_on_the_blurred_home(app, client, session):
    home = offset(WARD_CENTRE, north_m=120, east_m=-40)
    viewer = person(session, home=home)
    session.commit()
    sign_in(client, viewer)

    response = client.get("/maps/near-me?within_km=5&show=needs&urgency=today&sort=newest")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    config = assert_map_document(html, tiles_url=app.config["MAP_TILES_URL"])
    centre = public_position(*home, salt=SALT)
    assert f"center: [{centre[0]}, {centre[1]}]" in html
    assert metres_between(*centre, *home) >= 200
    assert str(home[0])[:7] not in html
    assert config["layers"][0]["url"] == "/api/v1/map/posts?kind=needs&urgency=today"
    assert '"zoom": 13' in html
    assert response.headers["Cache-Control"] == "private, no-cache"


def test_without_a_home_the_map_starts_at_the_ward_centre(client, session, area):
    viewer = person(session, home=None, area=area)
    session.commit()
    sign_in(client, viewer)

    html = client.get("/maps/near-me").get_data(as_text=True)

    assert f"center: [{area.centre_lat}, {area.centre_lng}]" in html


def test_searching_around_a_ward_starts_the_map_at_its_centre(client, session, area):
    viewer = person(session)
    session.commit()
    sign_in(client, viewer)

    html = client.get(f"/maps/near-me?area_id={area.id}").get_data(as_text=True)

    assert f"center: [{area.centre_lat}, {area.centre_lng}]" in html


def test_the_list_filters_become_the_data_urls_filters(client, session):
    transport = make_category(session, slug="transport")
    viewer = person(session)
    session.commit()
    sign_in(client, viewer)

    def data_url(query: str) -> str:
        html = client.get(f"/maps/near-me?{query}").get_data(as_text=True)
        config = map_config(html)
        return config["layers"][0]["url"]

    assert data_url("show=both&within_km=2&sort=distance") == "/api/v1/map/posts"
    assert data_url(f"show=offers&category_id={transport.id}") == (
        "/api/v1/map/posts?kind=offers&category=transport"
    )
    # Anything unrecognised is dropped rather than refused: the list beside the map says what is wrong.
    assert data_url("show=x&urgency=soon&category_id=999&within_km=-3&area_id=abc") == "/api/v1/map/posts"


def test_the_map_document_carries_no_posts_and_does_not_grow_with_them(client, session):
    viewer = person(session)
    session.commit()
    sign_in(client, viewer)
    empty = client.get("/maps/near-me").get_data(as_text=True)
    poster = person(session)
    for n in range(30):
        make_need(session, poster=poster, title=f"Secret title {n}", at=offset(WARD_CENTRE, north_m=10 * n))
    session.commit()

    full = client.get("/maps/near-me").get_data(as_text=True)

    assert "Secret title" not in full
    assert len(full) == len(empty)
