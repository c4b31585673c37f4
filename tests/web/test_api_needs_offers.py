"""The JSON API for needs and offers: same privacy and permission rules as the pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.models import Need, Response
from community.places.privacy import metres_between
from tests.builders import committed
from tests.builders.places import make_category, make_ward, north_of
from tests.builders.posts import make_need, make_offer

HOME = (51.5130, -0.3089)


@pytest.fixture()
def world(db, make_web_user):
    poster = make_web_user(home=HOME, name="Poster")

    def build(s):
        ward = make_ward(s, centre=HOME)
        food = make_category(s, slug="food-and-shopping")
        lifts = make_category(s, slug="lifts")
        need = make_need(s, poster=s.merge(poster), category=food, title="Bread", area_id=ward.id,
                         at=north_of(HOME, 50))
        make_need(s, poster=s.merge(poster), category=lifts, title="Lift", area_id=ward.id)
        make_need(s, poster=s.merge(poster), category=food, title="Hidden", hidden=True, area_id=ward.id)
        make_offer(s, helper=s.merge(poster), category=food, title="Spare veg", area_id=ward.id)
        return {"ward": ward.code, "need": need.id, "need_lat": need.lat, "need_lng": need.lng}

    return {"poster": poster, **committed(db, build)}


def test_listing_needs_by_area_and_category_gives_public_positions(signed_in_client, make_web_user, world):
    client = signed_in_client(make_web_user())
    body = client.get(f"/api/v1/needs?area={world['ward']}&category=food-and-shopping").get_json()
    assert [item["title"] for item in body["items"]] == ["Bread"]
    assert (body["total"], body["page"], body["pages"]) == (1, 1, 1)
    item = body["items"][0]
    assert item["location_is_exact"] is False and item["contact"] is None
    assert metres_between(world["need_lat"], world["need_lng"], item["lat"], item["lng"]) >= 200


def test_the_api_needs_a_signed_in_user_and_answers_problems(client, world):
    response = client.get("/api/v1/needs")
    assert response.status_code == 401 and response.mimetype == "application/problem+json"


def test_an_unknown_area_or_invisible_need_is_not_found(signed_in_client, make_web_user, world, db):
    client = signed_in_client(make_web_user())
    assert client.get("/api/v1/needs?area=E99999999").status_code == 404
    hidden = committed(db, lambda s: s.scalar(select(Need.id).where(Need.title == "Hidden")))
    assert client.get(f"/api/v1/needs/{hidden}").get_json()["status"] == 404
    assert client.get("/api/v1/needs/999999").status_code == 404


def test_posting_a_need_answering_and_accepting(signed_in_client, make_web_user, world, session):
    resident = make_web_user(home=HOME)
    helper = make_web_user(name="Helper")
    mine = signed_in_client(resident)
    created = mine.post("/api/v1/needs", json={"category": "lifts", "title": "Lift to Ealing Broadway",
                                               "urgency": "today"})
    assert created.status_code == 201, created.get_json()
    need = created.get_json()
    assert created.headers["Location"] == f"/api/v1/needs/{need['id']}"
    assert need["location_is_exact"] is True

    answer = signed_in_client(helper).post(f"/api/v1/needs/{need['id']}/responses", json={"message": "Yes"})
    assert answer.status_code == 201
    response_id = answer.get_json()["id"]
    assert [r["helper"] for r in mine.get(f"/api/v1/needs/{need['id']}/responses").get_json()["items"]] == [
        "Helper"]

    stranger = signed_in_client(make_web_user())
    refused = stranger.post(f"/api/v1/needs/{need['id']}/responses/{response_id}/accept")
    assert refused.status_code == 403

    accepted = mine.post(f"/api/v1/needs/{need['id']}/responses/{response_id}/accept")
    assert accepted.status_code == 200
    assert accepted.get_json()["need"]["status"] == "in_progress"
    assert accepted.get_json()["need"]["contact"]["people"][0]["email"] == helper.email
    assert session.get(Response, response_id).status == "accepted"
    again = mine.post(f"/api/v1/needs/{need['id']}/responses/{response_id}/accept")
    assert again.status_code == 409


def test_invalid_needs_get_field_errors(signed_in_client, make_web_user, world):
    client = signed_in_client(make_web_user(home=HOME))
    response = client.post("/api/v1/needs", json={"title": "", "urgency": "whenever"})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) >= {"category_id", "title", "urgency"}
    assert client.post("/api/v1/needs", data="not json").status_code == 400


def test_a_need_can_be_placed_by_ward_code(signed_in_client, make_web_user, world, session):
    client = signed_in_client(make_web_user())
    response = client.post("/api/v1/needs", json={"category": "lifts", "title": "Lift", "urgency": "no_rush",
                                                  "location": {"area": world["ward"]}})
    assert response.status_code == 201
    assert session.get(Need, response.get_json()["id"]).lat == HOME[0]


def test_offers_are_listed_shown_and_posted(signed_in_client, make_web_user, world):
    client = signed_in_client(make_web_user(home=HOME))
    listing = client.get(f"/api/v1/offers?area={world['ward']}").get_json()
    assert [o["title"] for o in listing["items"]] == ["Spare veg"]
    assert listing["items"][0]["location_is_exact"] is False
    created = client.post("/api/v1/offers", json={"category": "lifts", "title": "Lifts", "radius_km": 3})
    assert created.status_code == 201
    detail = client.get(created.headers["Location"]).get_json()
    assert detail["radius_km"] == 3 and detail["is_owner"]
    bad = client.post("/api/v1/offers", json={"category": "lifts", "title": "Lifts", "radius_km": "far"})
    assert bad.status_code == 422 and "radius_km" in bad.get_json()["errors"]


def test_the_openapi_document_describes_needs_and_offers(client):
    document = client.get("/api/v1/openapi.json").get_json()
    for path in ("/needs", "/needs/{need_id}", "/needs/{need_id}/responses",
                 "/needs/{need_id}/responses/{response_id}/accept", "/offers", "/offers/{offer_id}"):
        assert path in document["paths"], path
    assert {"Need", "NewNeed", "Offer", "NewOffer"} <= set(document["components"]["schemas"])
