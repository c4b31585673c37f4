"""Hostile titles and details, posted for real, shown in Chromium: the list, the detail pages, the map and its
popups all show them as text, and none of them runs.

Each payload would set ``window.__xss`` (or open a dialog) if any page, template, Folium popup or script
treated user text as HTML or as a template: ``<script>``, an event handler, ``${...}`` and backticks (a
JavaScript template string), ``\\x3c`` escapes (a JavaScript string), a ``javascript:`` URL, an attribute
break-out, and ``{{7*7}}`` (a server-side template).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from community.posts.needs import NeedDetails, post_need
from community.posts.offers import OfferDetails, post_offer
from tests.browser.conftest import assert_accessible
from tests.builders.people import DEFAULT_PASSWORD, make_user
from tests.builders.places import make_category, make_ward
from tests.builders.posts import SALT

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    "${window.__xss=1}",
    "`${window.__xss=1}`",
    r"\x3cscript\x3ewindow.__xss=1\x3c/script\x3e",
    "javascript:window.__xss=1",
    '"><svg onload=window.__xss=1>',
    "{{7*7}}",
]
# A 1×1 grey GIF: the browser never reaches for a real tile server in tests.
BLANK_TILE = "data:image/gif;base64,R0lGODlhAQABAIAAAMzMzP///yH5BAAAAAAALAAAAAABAAEAAAICRAEAOw=="
HOME = (51.514210, -0.305830)
VIEWER_HOME = (51.512910, -0.309120)
VIEWER = "viewer@example.com"
HREFS = ["/needs/1", "javascript:window.__xss=1", "//evil.example/x", "/\\evil.example",
         "https://evil.example/", " /needs/1", "data:text/html,x"]
BUILD_POPUP = """() => {
    const box = WeaveMap.buildPopup(
        {title: '<img src=x onerror="window.__xss=1">', url: "javascript:window.__xss=1", n: "${1+1}"},
        {heading: "title", rows: [{label: "<b>Label</b>", property: "n"}],
         link: {property: "url", text: "Open"}});
    document.body.appendChild(box);
    return {html: box.innerHTML, links: box.querySelectorAll("a").length,
            images: box.querySelectorAll("img").length};
}"""


@pytest.fixture()
def posts(session, live_server):
    live_server.app.config["MAP_TILES_URL"] = BLANK_TILE
    ward = make_ward(session, name="Walpole")
    category = make_category(session, slug="food-and-shopping")
    poster = make_user(session, email="poster@example.com", name="Pat Poster", home=HOME,
                       area_id=ward.id)
    make_user(session, email=VIEWER, name="Vic Viewer", home=VIEWER_HOME, area_id=ward.id)
    needs, offers = [], []
    for payload in PAYLOADS:
        needs.append(post_need(session, poster=poster, salt=SALT, details=NeedDetails(
            category_id=category.id, title=payload, body=f"Details {payload}", urgency="this_week")).id)
        offers.append(post_offer(session, helper=poster, salt=SALT, details=OfferDetails(
            category_id=category.id, title=payload, body=f"Details {payload}", radius_km=2)).id)
    session.commit()
    return {"needs": needs, "offers": offers}


@pytest.fixture()
def watched(page):
    """The page, with every dialog (alert, confirm, prompt) recorded and dismissed."""
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.dialogs = dialogs
    return page


def nothing_ran(page) -> None:
    for frame in page.frames:
        assert frame.evaluate("typeof window.__xss") == "undefined", f"a payload ran in {frame.url}"
        assert frame.locator("a[href^='javascript:' i]").count() == 0, f"a javascript: link in {frame.url}"
    assert page.dialogs == []


def sign_in(page) -> None:
    page.goto("/sign-in")
    assert_accessible(page)
    page.locator("[name=email]").fill(VIEWER)
    page.locator("[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("main form [type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    assert_accessible(page)


def check_popup(page, frame, kind: str, payload: str) -> None:
    popup = frame.locator(".leaflet-popup-content")
    expect(popup.locator("h2")).to_have_text(payload)
    expect(popup.get_by_role("link")).to_have_attribute("href", re.compile(rf"^/{kind.lower()}s/\d+$"))
    nothing_ran(page)
    close = frame.locator(".leaflet-popup-close-button")
    close.focus()
    close.press("Enter")
    expect(popup).to_have_count(0)


def open_every_popup(page, frame) -> None:
    """Spread the cluster (all the posts share one public point) and open every marker's popup: the first
    with the mouse, the rest with the keyboard (Leaflet pans a focused marker into view)."""
    expect(frame.locator(".weave-map")).to_have_attribute("data-weave-state", "loaded")
    frame.locator(".marker-cluster").click()
    frame.get_by_role("button", name=f"Need: {PAYLOADS[0]}", exact=True).click()
    check_popup(page, frame, "Need", PAYLOADS[0])
    for kind in ("Need", "Offer"):
        for payload in PAYLOADS:
            marker = frame.get_by_role("button", name=f"{kind}: {payload}", exact=True)
            marker.focus()
            marker.press("Enter")
            check_popup(page, frame, kind, payload)


def test_payloads_posted_through_the_page_are_shown_as_text(watched, live_server, posts):
    page = watched
    sign_in(page)

    page.goto("/needs/new")
    assert_accessible(page)
    page.get_by_label("What kind of help do you need?").select_option(label="Food And Shopping")
    page.get_by_label("Short title").fill(PAYLOADS[6])
    page.get_by_label("Details").fill(PAYLOADS[0] + " " + PAYLOADS[3])
    page.get_by_label("This week").check()
    page.get_by_role("button", name="Ask for help").click()
    expect(page).to_have_url(re.compile(r"/needs/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(PAYLOADS[6])
    assert_accessible(page)

    main = page.locator("main").inner_text()
    assert PAYLOADS[0] + " " + PAYLOADS[3] in main
    nothing_ran(page)


def test_payloads_stay_text_in_the_list_the_map_and_its_popups(watched, live_server, posts):
    page = watched
    sign_in(page)

    page.goto("/near-me?within_km=2")
    expect(page.frame_locator("iframe").locator(".weave-map")).to_have_attribute("data-weave-state", "loaded")
    assert_accessible(page)
    titles = page.locator("main table tbody tr td:first-child").all_inner_texts()
    assert sorted(titles) == sorted(PAYLOADS * 2)
    open_every_popup(page, page.frame_locator("iframe"))
    nothing_ran(page)

    # The map document on its own (its accessibility is checked here: axe does not enter frames).
    page.goto("/maps/near-me?within_km=2")
    expect(page.locator(".weave-map")).to_have_attribute("data-weave-state", "loaded")
    assert_accessible(page)
    open_every_popup(page, page)
    nothing_ran(page)


def test_payloads_stay_text_on_every_detail_page(watched, live_server, posts):
    page = watched
    sign_in(page)

    for kind, ids in (("needs", posts["needs"]), ("offers", posts["offers"])):
        for post_id, payload in zip(ids, PAYLOADS, strict=True):
            page.goto(f"/{kind}/{post_id}")
            expect(page.get_by_role("heading", level=1)).to_have_text(payload)
            assert_accessible(page)
            assert f"Details {payload}" in page.locator("main").inner_text()
            nothing_ran(page)


def test_popups_link_only_to_this_site_and_build_no_html(watched, live_server, posts):
    page = watched
    sign_in(page)
    page.goto("/maps/near-me")
    expect(page.locator(".weave-map")).to_have_attribute("data-weave-state", "loaded")
    assert_accessible(page)

    safe = page.evaluate("(paths) => paths.map((path) => WeaveMap.safePath(path))", HREFS)
    popup = page.evaluate(BUILD_POPUP)

    assert safe == ["/needs/1", None, None, None, None, None, None]
    assert popup["links"] == 0 and popup["images"] == 0
    assert "&lt;img src=x" in popup["html"] and "&lt;b&gt;Label&lt;/b&gt;" in popup["html"]
    nothing_ran(page)
