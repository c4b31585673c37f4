"""Near me on the web: a table of posts with distance bands, filters, paging and an empty state."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.models import SearchMiss
from tests.builders import committed
from tests.builders.places import make_category, make_ward, north_of
from tests.builders.posts import make_need, make_offer

HOME = (51.5130, -0.3089)


@pytest.fixture()
def viewer(make_web_user):
    return make_web_user(home=HOME)


@pytest.fixture()
def neighbour(make_web_user):
    return make_web_user(name="Neighbour Nia")


def test_nearby_posts_are_listed_with_bands_not_distances(client_request, viewer, neighbour, db):
    def build(s):
        poster = s.merge(neighbour)
        make_need(s, poster=poster, title="Need near", at=north_of(HOME, 300), urgency="today")
        make_offer(s, helper=poster, title="Offer near", at=north_of(HOME, 600))
        make_need(s, poster=poster, title="Too far", at=north_of(HOME, 9000))

    committed(db, build)
    client_request.sign_in(viewer)
    page = client_request.get("residents.near_me")
    rows = [[cell.text.strip() for cell in row.select("td")] for row in page.select("tbody tr")]
    titles = {row[0] for row in rows}
    assert titles == {"Need near", "Offer near"}
    assert {row[4] for row in rows} <= {"under 1 km", "1 to 2 km"}
    assert "Today" in [row[3] for row in rows if row[0] == "Need near"][0]
    assert " m " not in page.select_one("table").text


def test_filters_narrow_the_list(client_request, viewer, neighbour, db):
    def build(s):
        poster = s.merge(neighbour)
        lifts = make_category(s, slug="lifts")
        make_need(s, poster=poster, title="Lift", category=lifts)
        make_offer(s, helper=poster, title="Shopping offer")
        return lifts.id

    lifts = committed(db, build)
    client_request.sign_in(viewer)
    page = client_request.get("residents.near_me", category_id=lifts, within_km=5)
    assert [a.text for a in page.select("tbody a")] == ["Lift"]
    page = client_request.get("residents.near_me", show="offers")
    assert [a.text for a in page.select("tbody a")] == ["Shopping offer"]


def test_an_empty_search_says_what_to_do_and_is_recorded_anonymously(client_request, viewer, db, session):
    ward_id = committed(db, lambda s: make_ward(s, centre=HOME).id)
    committed(db, lambda s: setattr(s.merge(viewer), "area_id", ward_id))
    category_id = committed(db, lambda s: make_category(s, slug="pets").id)
    client_request.sign_in(viewer)
    page = client_request.get("residents.near_me", category_id=category_id)
    assert page.select_one("h2").text == "Nothing found"
    miss = session.scalar(select(SearchMiss))
    assert (miss.category_id, miss.area_id) == (category_id, ward_id)


def test_without_a_home_the_page_asks_where_you_are_or_searches_a_ward(client_request, make_web_user,
                                                                        neighbour, db):
    ward_id = committed(db, lambda s: make_ward(s, name="Walpole", centre=HOME).id)
    committed(db, lambda s: make_need(s, poster=s.merge(neighbour), title="Near the ward centre"))
    client_request.sign_in(make_web_user(home=None))
    page = client_request.get("residents.near_me")
    assert "Tell us where you are" in page.text
    page = client_request.get("residents.near_me", area_id=ward_id)
    assert [a.text for a in page.select("tbody a")] == ["Near the ward centre"]
    assert "of Walpole" in page.text


def test_results_are_paged(client_request, viewer, neighbour, db):
    committed(db, lambda s: [make_need(s, poster=s.merge(neighbour), title=f"Need {n:02d}",
                                       at=north_of(HOME, n * 5)) for n in range(25)])
    client_request.sign_in(viewer)
    first = client_request.get("residents.near_me")
    assert len(first.select("tbody tr")) == 20
    assert first.select_one(".govuk-pagination__next a")["href"].startswith("/near-me?")
    second = client_request.get_url(first.select_one(".govuk-pagination__next a")["href"])
    assert len(second.select("tbody tr")) == 5


def test_the_map_frame_appears_only_when_the_map_exists(app, client_request, viewer):
    client_request.sign_in(viewer)
    page = client_request.get("residents.near_me", within_km=5)
    frame = page.select_one("iframe")
    if "maps.near_me" in app.view_functions:
        assert frame["title"] == "Map of needs and offers near you"
        assert frame["src"].startswith("/maps/") and "within_km=5" in frame["src"]
    else:
        assert frame is None


def test_categories_are_offered_as_filters(client_request, viewer, db):
    committed(db, lambda s: make_category(s, slug="befriending"))
    client_request.sign_in(viewer)
    page = client_request.get("residents.near_me")
    assert "Befriending" in page.select_one("select#category_id").text
