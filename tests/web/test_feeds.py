"""Atom feeds of public needs and offers: well-formed Atom, public posts and public fields only, linked from
every page."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward
from tests.builders.posts import make_need, make_offer

ATOM = "{http://www.w3.org/2005/Atom}"
GEORSS = "{http://www.georss.org/georss}"


def _feed(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)  # well-formed XML, or this raises
    assert root.tag == f"{ATOM}feed"
    # The elements RFC 4287 requires of a feed and of each entry.
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None and root.find(f"{ATOM}{required}").text, required
    assert root.find(f"{ATOM}author/{ATOM}name").text
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}").text, required
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http")
    return root


def _titles(root: ET.Element) -> list[str]:
    return [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]


def test_feeds_carry_public_posts_per_ward_and_kind_with_public_fields_only(client, session):
    quay, marsh = make_ward(session, name="Quayside", code="E05000001"), make_ward(session, name="Marsh")
    lifts, food = make_category(session, slug="lifts"), make_category(session, slug="food")
    poster = make_user(session, name="Pat Poster", email="pat@example.com")
    need = make_need(session, poster=poster, title="Lift to the clinic <Tuesday>", category=lifts,
                     area_id=quay.id)
    need.body = "Ring me on 07700 900123"
    make_need(session, poster=poster, title="Groups only", category=lifts, area_id=quay.id,
              visibility="groups")
    make_need(session, poster=poster, title="Hidden", category=lifts, area_id=quay.id, hidden=True)
    make_need(session, poster=poster, title="Met already", category=lifts, area_id=quay.id, status="met")
    make_need(session, poster=poster, title="Food in Marsh", category=food, area_id=marsh.id)
    make_offer(session, helper=poster, title="Dog walking", category=food, area_id=marsh.id)
    session.commit()

    everything = _feed(client, "/feeds/needs.atom")
    assert sorted(_titles(everything)) == ["Food in Marsh", "Lift to the clinic <Tuesday>"]
    assert _titles(_feed(client, "/feeds/needs/wards/E05000001.atom")) == ["Lift to the clinic <Tuesday>"]
    assert _titles(_feed(client, "/feeds/needs/help/food.atom")) == ["Food in Marsh"]
    assert _titles(_feed(client, "/feeds/offers.atom")) == ["Dog walking"]
    assert _titles(_feed(client, "/feeds/offers/wards/E05000001.atom")) == []

    raw = client.get("/feeds/needs.atom").get_data(as_text=True)
    for private in ("07700 900123", "Pat Poster", "pat@example.com", f"{need.lat:.4f}"):
        assert private not in raw
    entry = [e for e in everything.findall(f"{ATOM}entry")
             if e.find(f"{ATOM}title").text.startswith("Lift")][0]
    assert entry.find(f"{ATOM}summary").text == f"{lifts.name} · Quayside"
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/needs/{need.id}")
    assert entry.find(f"{GEORSS}point").text == f"{need.public_lat:.4f} {need.public_lng:.4f}"

    assert client.get("/feeds/needs/wards/NOWHERE.atom").status_code == 404
    assert client.get("/feeds/secrets.atom").status_code == 404


def test_every_page_links_the_feeds_and_the_feeds_page_lists_each_ward(client_request, session):
    make_ward(session, name="Quayside", code="E05000001")
    make_category(session, slug="lifts")
    session.commit()
    home = client_request.get("main.home")
    links = [(link["href"], link["type"]) for link in home.select("head link[rel=alternate]")]
    assert ("/feeds/needs.atom", "application/atom+xml") in links
    assert ("/feeds/offers.atom", "application/atom+xml") in links
    page = client_request.get("alerts.feeds")
    hrefs = [a["href"] for a in page.select("#feeds-wards a, #feeds-categories a")]
    assert "/feeds/needs/wards/E05000001.atom" in hrefs and "/feeds/offers/help/lifts.atom" in hrefs
