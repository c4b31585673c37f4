"""Zoomed out over many posts, the near-me map shows the server's clusters: counts that a keyboard user can
reach and select to zoom in, until the posts come one by one — in Chromium, with axe."""

from __future__ import annotations

import random
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.steps import sign_in
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward, offset
from tests.builders.posts import make_need

BLANK_TILE = "data:image/gif;base64,R0lGODlhAQABAIAAAMzMzP///yH5BAAAAAAALAAAAAABAAEAAAICRAEAOw=="
HOME = (51.512650, -0.309870)
NEIL = ("neil@example.com", "Neil Neighbour")
ZOOM = "() => WeaveMap.instances[0].map.getZoom()"


@pytest.fixture()
def busy_street(session, live_server):
    live_server.app.config["MAP_TILES_URL"] = BLANK_TILE
    ward = make_ward(session, name="Walpole")
    food = make_category(session, slug="food-and-shopping")
    make_user(session, email=NEIL[0], name=NEIL[1], home=HOME, area_id=ward.id)
    poster = make_user(session)
    rng = random.Random(5)
    for n in range(170):  # more than the 150 posts the API sends one by one
        at = offset(HOME, north_m=rng.uniform(-1200, 1200), east_m=rng.uniform(-1800, 1800))
        make_need(session, poster=poster, category=food, title=f"Shopping <b>{n}</b>", at=at, area_id=ward.id)
    session.commit()


def test_clusters_are_reached_and_opened_with_the_keyboard(page, live_server, busy_street):
    sign_in(page, *NEIL)
    page.goto("/maps/near-me")
    container = page.locator(".weave-map")
    expect(container).to_have_attribute("data-weave-state", "loaded")
    expect(page.locator(".weave-status")).to_contain_text("counted in groups")
    clusters = page.get_by_role("button", name=re.compile(r"posts? around here\. Select to zoom in"))
    expect(clusters.first).to_be_visible()
    assert page.get_by_role("button", name=re.compile("^Need: ")).count() == 0
    assert_accessible(page)
    zoom_before = container.evaluate(ZOOM)

    # Tab reaches a cluster (Leaflet makes keyboard markers focusable); Enter zooms the map to its cell.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('weave-cluster')"):
            break
    else:
        pytest.fail("no cluster took the keyboard focus")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => WeaveMap.instances[0].map.getZoom() > {zoom_before}")
    expect(container).to_have_attribute("data-weave-state", "loaded")

    # Zoomed in, the posts come one by one (Leaflet may still gather close ones), titles as text only.
    expect(page.locator(".weave-status")).to_have_text(re.compile(r"^\d+ markers? on the map\.$"))
    expect(page.locator(".weave-cluster")).to_have_count(0)
    assert page.locator(".weave-map b").count() == 0
    assert_accessible(page)


def test_a_moving_map_says_it_is_busy_until_its_reload_has_begun(page, live_server, busy_street):
    # "loaded" is what journeys wait for before they click inside the map: it must mean "at rest", or a
    # click can land while a popup is still panning the map into view.
    sign_in(page, *NEIL)
    page.goto("/maps/near-me")
    container = page.locator(".weave-map")
    expect(container).to_have_attribute("data-weave-state", "loaded")
    assert_accessible(page)
    during = container.evaluate(
        "(element) => { WeaveMap.instances[0].map.panBy([5, 5], {animate: false});"
        " return element.getAttribute('data-weave-state'); }"
    )
    assert during == "loading"
    expect(container).to_have_attribute("data-weave-state", "loaded")
