"""A resident starts a group serving three wards; a neighbour asks to join and is approved; the coordinator
assigns a local need to them from the board, and marks it met — in Chromium, with axe on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from community.models import Need
from tests.browser.conftest import assert_accessible
from tests.browser.steps import nav, sign_in, sign_out, success_banner
from tests.builders.groups import make_serving_group
from tests.builders.people import make_user
from tests.builders.places import make_category, make_wards
from tests.builders.posts import make_need

BLANK_TILE = "data:image/gif;base64,R0lGODlhAQABAIAAAMzMzP///yH5BAAAAAAALAAAAAABAAEAAAICRAEAOw=="
GRACE = ("grace@example.com", "Grace Organiser")
VIC = ("vic@example.com", "Vic Volunteer")
GROUP = "Brentham Mutual Aid"
NEED = "Weekly shop for Mrs Patel"


@pytest.fixture()
def neighbourhood(session, live_server):
    live_server.app.config["MAP_TILES_URL"] = BLANK_TILE
    wards = make_wards(session)
    shopping = make_category(session, slug="food-and-shopping")
    for email, name in (GRACE, VIC):
        make_user(session, email=email, name=name)
    asker = make_user(session, email="asha@example.com", name="Asha Asker")
    ward = wards["Brentham"]
    need = make_need(session, poster=asker, category=shopping, title=NEED,
                     at=(ward.centre_lat, ward.centre_lng), area_id=ward.id)
    session.commit()
    return need.id


def draw_map_loaded(page) -> None:
    frame = page.frame_locator("#drawn-area-map")
    expect(frame.locator(".weave-map")).to_have_attribute("data-weave-state", "loaded")


def test_a_resident_starts_a_group_takes_on_a_need_and_a_new_volunteer_meets_it(
    page, live_server, neighbourhood, session
):
    need_id = neighbourhood

    # Grace starts a group serving three wards.
    sign_in(page, *GRACE)
    nav(page).get_by_role("link", name="Groups").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community groups")
    assert_accessible(page)
    page.get_by_role("link", name="Start a group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a group on Weave")
    draw_map_loaded(page)
    assert_accessible(page)
    page.get_by_label("Name of the group").fill(GROUP)
    page.get_by_label("What the group does").fill("Shopping and prescriptions for neighbours at home.")
    page.get_by_label("Mutual aid group").check()
    page.get_by_label("Food And Shopping").check()
    for ward in ("Acton Green", "Brentham", "Cleveland"):
        page.get_by_role("group", name="Wards the group works in").get_by_label(ward).check()
    page.get_by_label("Email address").fill("hello@brentham-aid.org")
    page.get_by_role("button", name="Create the group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(GROUP)
    expect(success_banner(page)).to_be_visible()
    assert_accessible(page)
    for ward in ("Acton Green", "Brentham", "Cleveland"):
        expect(page.locator("main")).to_contain_text(ward)
    group_url = page.url
    sign_out(page)

    # Vic finds the group and asks to join.
    sign_in(page, *VIC)
    page.goto(group_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(GROUP)
    assert_accessible(page)
    page.get_by_role("button", name="Ask to join").click()
    expect(success_banner(page)).to_contain_text("You have asked to join")
    assert_accessible(page)
    sign_out(page)

    # Grace approves Vic.
    sign_in(page, *GRACE)
    page.goto(group_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(GROUP)
    assert_accessible(page)
    page.get_by_role("link", name="1 person has asked to join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Members of {GROUP}")
    assert_accessible(page)
    page.get_by_role("button", name=f"Approve {VIC[1]}").click()
    expect(success_banner(page)).to_contain_text(f"{VIC[1]} is now a member")
    assert_accessible(page)

    # Grace takes the local need on for the group and assigns it to Vic.
    run_group = page.get_by_role("navigation", name="Run this group")
    run_group.get_by_role("link", name="Coordination board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Coordination board for {GROUP}")
    assert_accessible(page)
    page.get_by_role("link", name=f"Take on and assign “{NEED}”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Take on and assign “{NEED}”")
    assert_accessible(page)
    page.get_by_label(re.compile(VIC[1])).check()
    page.get_by_role("button", name="Take on and assign").click()
    expect(success_banner(page)).to_contain_text(f"is now with {VIC[1]}")
    assert_accessible(page)

    # Vic helps; Grace marks the need as met.
    page.get_by_role("link", name=f"Mark progress on “{NEED}”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Mark progress on “{NEED}”")
    assert_accessible(page)
    page.get_by_label("The need was met").check()
    page.get_by_role("button", name="Save").click()
    expect(success_banner(page)).to_contain_text("is marked as met")
    assert_accessible(page)

    need = session.scalar(select(Need).where(Need.id == need_id).execution_options(populate_existing=True))
    assert (need.status, need.assigned_to.display_name) == ("met", VIC[1])


def test_drawing_an_area_fills_the_form_and_a_crossed_shape_is_refused(page, live_server, neighbourhood):
    sign_in(page, *GRACE)
    page.goto("/groups/new")
    draw_map_loaded(page)
    assert_accessible(page)
    frame = page.frame_locator("#drawn-area-map")

    # Draw a rectangle in the middle of the map, with the mouse.
    frame.locator(".leaflet-draw-draw-rectangle").click()
    box = page.locator("#drawn-area-map").bounding_box()
    middle_x, middle_y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(middle_x - 60, middle_y - 40)
    page.mouse.down()
    page.mouse.move(middle_x + 60, middle_y + 40, steps=5)
    page.mouse.up()
    expect(page.locator("#drawn_area")).to_have_value(re.compile(r'"type":\s*"Polygon"'))
    expect(page.locator("#drawn-area-status")).to_have_text(re.compile("copied into the drawn area box"))

    # A keyboard user pastes a shape that crosses itself instead: the server refuses it, clearly.
    page.locator("#drawn_area").fill(
        '{"type": "Polygon", "coordinates": [[[-0.31, 51.505], [-0.29, 51.515], [-0.29, 51.505], '
        '[-0.31, 51.515], [-0.31, 51.505]]]}'
    )
    page.get_by_label("Name of the group").fill(GROUP)
    page.get_by_label("What the group does").fill("Shopping for neighbours.")
    page.get_by_label("Mutual aid group").check()
    page.get_by_label("Food And Shopping").check()
    page.get_by_label("Email address").fill("hello@brentham-aid.org")
    page.get_by_role("button", name="Create the group").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("The drawn area crosses over itself")
    draw_map_loaded(page)
    # The kept shape is drawn again on the map, over the three ward outlines, so it can be corrected.
    expect(page.frame_locator("#drawn-area-map").locator(".leaflet-overlay-pane path")).to_have_count(4)
    assert_accessible(page)


HOSTILE = '<img src=x onerror="window.__xss=1">${window.__xss=1}'


def test_the_groups_map_shows_group_names_as_text_beside_its_table(page, live_server, session):
    live_server.app.config["MAP_TILES_URL"] = BLANK_TILE
    wards = make_wards(session)
    make_serving_group(session, name=HOSTILE, areas=[wards["Brentham"]], base_lat=51.51, base_lng=-0.29)
    session.commit()

    page.goto("/groups/map")
    expect(page.get_by_role("heading", level=1)).to_have_text("Map of community groups")
    frame = page.frame_locator("iframe")
    expect(frame.locator(".weave-map")).to_have_attribute("data-weave-state", "loaded")
    assert_accessible(page)
    expect(page.locator("main table tbody tr td a")).to_have_text(HOSTILE)

    frame.get_by_role("button", name=HOSTILE).click()
    popup = frame.locator(".leaflet-popup-content")
    expect(popup.locator("h2")).to_have_text(HOSTILE)
    expect(popup.get_by_role("link")).to_have_attribute("href", re.compile(r"^/groups/\d+$"))
    for each in page.frames:
        assert each.evaluate("typeof window.__xss") == "undefined"
