"""A resident asks for help; a neighbour finds it on the map and in the list, offers help, is accepted, and
the need is met — in Chromium, through the real pages, with axe on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from community.places.privacy import metres_between
from tests.browser.conftest import assert_accessible
from tests.browser.steps import nav, sign_in, sign_out, success_banner
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward

BLANK_TILE = "data:image/gif;base64,R0lGODlhAQABAIAAAMzMzP///yH5BAAAAAAALAAAAAABAAEAAAICRAEAOw=="
RUTH = ("ruth@example.com", "Ruth Asker", (51.514420, -0.305210))
NEIL = ("neil@example.com", "Neil Neighbour", (51.512650, -0.309870))
TITLE = "Shopping on Friday"
DETAILS = "A few heavy things from the big supermarket: milk, potatoes and cat litter."
MESSAGE = "I drive there on Friday mornings and can bring them round by eleven."
MARKER_POSITION = """(element, title) => {
    let found = null;
    WeaveMap.instances[0].map.eachLayer((layer) => {
        if (layer.options && layer.options.title === title) found = layer.getLatLng();
    });
    return [found.lat, found.lng];
}"""


@pytest.fixture()
def neighbours(session, live_server):
    live_server.app.config["MAP_TILES_URL"] = BLANK_TILE
    ward = make_ward(session, name="Walpole")
    make_category(session, slug="food-and-shopping")
    for email, name, home in (RUTH, NEIL):
        make_user(session, email=email, name=name, home=home, area_id=ward.id)
    session.commit()


def test_a_neighbour_finds_a_need_on_the_map_helps_and_it_is_met(page, live_server, neighbours):
    # Ruth asks for help.
    sign_in(page, RUTH[0], RUTH[1])
    nav(page).get_by_role("link", name="Ask for help").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for help")
    assert_accessible(page)
    page.get_by_label("What kind of help do you need?").select_option(label="Food And Shopping")
    page.get_by_label("Short title").fill(TITLE)
    page.get_by_label("Details").fill(DETAILS)
    page.get_by_label("This week").check()
    page.get_by_role("button", name="Ask for help").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(success_banner(page)).to_be_visible()
    assert_accessible(page)
    need_url = page.url
    sign_out(page)

    # Neil finds it near him: on the map, in the iframe beside the list, and in the list.
    sign_in(page, NEIL[0], NEIL[1])
    nav(page).get_by_role("link", name="Near me").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Help near you")
    frame = page.frame_locator("iframe[title='Map of needs and offers near you']")
    expect(frame.locator(".weave-map")).to_have_attribute("data-weave-state", "loaded")
    assert_accessible(page)
    expect(page.locator("main table").get_by_role("link", name=TITLE)).to_be_visible()
    expect(frame.locator(".weave-status")).to_have_text("1 marker on the map.")
    marker = frame.get_by_role("button", name=f"Need: {TITLE}", exact=True)
    marker.click()
    popup = frame.locator(".leaflet-popup-content")
    expect(popup.locator("h2")).to_have_text(TITLE)
    expect(popup).to_contain_text("Food And Shopping")
    expect(popup).to_contain_text("This week")
    expect(popup).to_contain_text("under 1 km")
    # The marker stands at the need's public point: 200 to 500 m from Ruth's home, never on it.
    marker_at = frame.locator(".weave-map").evaluate(MARKER_POSITION, f"Need: {TITLE}")
    assert 200 <= metres_between(*marker_at, *RUTH[2]) <= 500

    # The popup's link opens the need in the whole window, not in the frame. The popup pans the map to
    # bring itself into view: the link is clicked once the map is at rest, as a person's eye would wait.
    expect(frame.locator(".weave-map")).to_have_attribute("data-weave-state", "loaded")
    popup.get_by_role("link", name="View this need").click()
    expect(page).to_have_url(need_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_accessible(page)
    page.get_by_label("How can you help?").fill(MESSAGE)
    page.get_by_role("button", name="I can help").click()
    expect(success_banner(page)).to_be_visible()
    expect(page.get_by_role("heading", name="Your offer to help")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # Ruth accepts Neil's offer; they can now see each other's contact details.
    sign_in(page, RUTH[0], RUTH[1])
    page.goto(need_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text(MESSAGE)
    assert_accessible(page)
    page.get_by_role("button", name="Accept").click()
    expect(success_banner(page)).to_contain_text("accepted their offer")
    expect(page.get_by_role("heading", name="Contact details")).to_be_visible()
    expect(page.locator("main")).to_contain_text(NEIL[0])
    expect(page.locator("main")).to_contain_text("In progress")
    assert_accessible(page)

    # And marks it met, after confirming.
    page.get_by_role("link", name="Mark as met").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mark this need as met")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, it has been met").click()
    expect(page).to_have_url(need_url)
    expect(success_banner(page)).to_contain_text("Marked as met")
    expect(page.locator("main")).to_contain_text("Met")
    assert_accessible(page)
    sign_out(page)

    # Neil sees Ruth's contact details on the need he helped with, and it is off the map now.
    sign_in(page, NEIL[0], NEIL[1])
    page.goto(need_url)
    expect(page.get_by_role("heading", name="Contact details")).to_be_visible()
    expect(page.locator("main")).to_contain_text(RUTH[0])
    assert_accessible(page)
    page.goto("/maps/near-me")
    expect(page.locator(".weave-map")).to_have_attribute("data-weave-state", "loaded")
    expect(page.locator(".weave-status")).to_have_text(
        "No posts in this part of the map. Zoom out or move the map to see more."
    )
    assert_accessible(page)
