"""A connector opens the group network drawing, reaches a broker by keyboard and sees its name, then asks
what would happen if a group found by search left. Every page passes axe."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from community.db import make_sessionmaker
from community.insights.runs import create_run, execute_run
from tests.browser.conftest import assert_accessible
from tests.browser.test_connector_journey import sign_in, with_password
from tests.builders.insights import SmallCommunity

FOCUSED_IS_A_BROKER = "() => (document.activeElement.getAttribute('aria-label') || '').includes('top broker')"
BROKER = "svg.connectors-drawing a.connectors-drawing__node[aria-label*='top broker']"


def test_a_connector_focuses_a_broker_in_the_drawing_and_asks_what_if_a_group_left(
    page, live_server, session
):
    place = SmallCommunity(session)
    with_password(place.connector, "connie@example.com")
    session.commit()
    factory = make_sessionmaker(session.get_bind())
    with factory() as s:
        run_id = create_run(s, created_by=s.merge(place.connector)).id
        s.commit()
    assert execute_run(factory, run_id) == "finished"

    sign_in(page, "connie@example.com")
    page.goto("/connectors/network")
    expect(page.get_by_role("heading", level=1)).to_have_text("Network")
    expect(page.get_by_role("group", name="Drawing of how the groups connect")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^Bar chart of the top"))).to_be_visible()
    expect(page.frame_locator("iframe").locator(".weave-map")).to_have_attribute(
        "data-weave-state", "loaded", timeout=15_000
    )
    assert_accessible(page)

    # Keyboard only: tab from the top of the drawing until a broker has focus; its name then shows.
    brokers = page.locator(BROKER)
    expect(brokers.first).to_be_attached()
    label = brokers.first.locator("text")
    expect(label).to_be_hidden()
    page.get_by_role("heading", name="How the groups connect").click()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_IS_A_BROKER):
            break
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("aria-label", re.compile(r"^Acton \w+ \(top broker"))
    name = focused.get_attribute("aria-label").split(" (")[0]
    expect(focused.locator("text")).to_be_visible()
    expect(focused.locator("text")).to_have_text(name)
    assert_accessible(page)

    # What if a group, found by searching its name, left?
    page.get_by_label("What if a group or person left? Search by name").fill("friends")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What if someone left?")
    expect(page.get_by_role("heading", name=re.compile("matches for “friends”"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Acton Friends").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What if Acton Friends left?")
    expect(page.locator("#what-if-reason")).not_to_be_empty()
    expect(page.get_by_role("heading", name="Help that would go uncovered")).to_be_visible()
    expect(page.locator("#what-if-help")).to_contain_text("Acton Central")
    assert_accessible(page)
