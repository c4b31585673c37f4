"""Every map works under the Content-Security-Policy, which has no 'unsafe-inline' for scripts.

Each map page is opened in Chromium: the map in its iframe loads its layers and draws them, and no
``securitypolicyviolation`` event fires in the page or in any frame (listened for by a script added to
every document before its own scripts run) and no "Refused to …" message reaches the console. The
positive control: a script added to a page without the response's nonce is blocked and reported — the
listener would hear a violation, so its silence on the maps means something.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from community.db import make_sessionmaker
from community.insights.runs import create_run, execute_run
from tests.browser.conftest import assert_accessible
from tests.browser.test_connector_journey import sign_in, with_password
from tests.builders.insights import SmallCommunity
from tests.builders.posts import make_need

BLANK_TILE = "data:image/gif;base64,R0lGODlhAQABAIAAAMzMzP///yH5BAAAAAAALAAAAAABAAEAAAICRAEAOw=="
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI || 'inline'}`);
});
"""
# (page, iframe selector, what must be drawn in the map)
MAP_PAGES = [
    ("/near-me", "iframe[title='Map of needs and offers near you']", ".leaflet-marker-icon"),
    ("/groups/map", "iframe.weave-map-frame", ".leaflet-interactive, .leaflet-marker-icon"),
    ("/connectors/coverage", "iframe.connectors-map", ".leaflet-interactive"),
    ("/connectors/network", "iframe.connectors-map", ".leaflet-interactive, .leaflet-marker-icon"),
    ("/groups/new", "#drawn-area-map", ".leaflet-draw"),
]


@pytest.fixture()
def community(session, live_server, db):
    live_server.app.config["MAP_TILES_URL"] = BLANK_TILE
    place = SmallCommunity(session)
    with_password(place.connector, "connie@example.com")
    connector = place.connector
    connector.home_lat, connector.home_lng = place.ward.centre_lat, place.ward.centre_lng
    connector.area_id = place.ward.id
    make_need(session, poster=place.dee, category=place.food, title="Bread for Tuesday",
              at=(place.ward.centre_lat + 0.001, place.ward.centre_lng), area_id=place.ward.id)
    run = create_run(session, created_by=None)
    session.commit()
    assert execute_run(make_sessionmaker(db), run.id) == "finished"
    return place


def violations(page) -> list[str]:
    found = []
    for frame in page.frames:
        found.extend(frame.evaluate("() => window.__cspViolations || []"))
    return found


def test_every_map_works_under_the_policy_and_an_injected_script_does_not(page, community):
    page.context.add_init_script(LISTEN)
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text else None)
    sign_in(page, "connie@example.com")

    for url, frame_selector, drawn in MAP_PAGES:
        page.goto(url)
        frame = page.frame_locator(frame_selector)
        expect(frame.locator(".weave-map")).to_have_attribute("data-weave-state", "loaded", timeout=15_000)
        expect(frame.locator(drawn).first).to_be_attached(timeout=15_000)
        assert_accessible(page)
        assert violations(page) == [], f"{url}: {violations(page)}"
        assert refused == [], f"{url}: {refused}"

    # The positive control: a script without the nonce, added the way an injection would add one.
    page.goto("/near-me")
    expect(page.frame_locator(MAP_PAGES[0][1]).locator(".weave-map")).to_have_attribute(
        "data-weave-state", "loaded", timeout=15_000)
    assert_accessible(page)
    page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true';
        document.body.appendChild(script);
    }""")
    page.wait_for_function("() => window.__cspViolations.length > 0", timeout=5_000)
    assert page.evaluate("() => window.__injected === undefined")
    assert any(v.startswith("script-src") for v in violations(page)), violations(page)
