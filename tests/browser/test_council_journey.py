"""The council in the loop, in Chromium with axe on every page: an officer refers a caller, a group takes the
need on and meets it, and the officer sees the outcome; a coordinator raises a safeguarding concern, the
safeguarding team acknowledges it and transfers it to housing, housing resolves it; the demand page shows
both."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.steps import nav, sign_in, sign_out, success_banner
from tests.builders.council import make_officer, make_team
from tests.builders.groups import make_membership, make_serving_group
from tests.builders.people import make_user
from tests.builders.places import make_category, make_wards
from tests.builders.posts import make_need

BLANK_TILE = "data:image/gif;base64,R0lGODlhAQABAIAAAMzMzP///yH5BAAAAAAALAAAAAABAAEAAAICRAEAOw=="
OFFICER = ("olu@council.example", "Olu Officer")
GUARD = ("gus@council.example", "Gus Guard")
HANA = ("hana@council.example", "Hana Housing")
CORA = ("cora@example.com", "Cora Coordinator")
VIC = ("vic@example.com", "Vic Volunteer")
GROUP = "Brentham Mutual Aid"
REFERRED = "Weekly shop for Doris"
WORRY = "Lift to the day centre"


@pytest.fixture()
def place(session, live_server):
    live_server.app.config["MAP_TILES_URL"] = BLANK_TILE
    wards = make_wards(session)
    shopping = make_category(session, slug="food-and-shopping")
    customer = make_team(session, name="Customer services", default=True)
    guard = make_team(session, name="Adult safeguarding", safeguarding=True)
    housing = make_team(session, name="Housing")
    make_officer(session, customer, email=OFFICER[0], name=OFFICER[1])
    make_officer(session, guard, email=GUARD[0], name=GUARD[1])
    make_officer(session, housing, email=HANA[0], name=HANA[1])
    coordinator = make_user(session, email=CORA[0], name=CORA[1])
    volunteer = make_user(session, email=VIC[0], name=VIC[1])
    ward = wards["Brentham"]
    group = make_serving_group(session, name=GROUP, coordinator=coordinator, areas=[ward],
                               categories=[shopping])
    make_membership(session, user=volunteer, group=group)
    worry = make_need(session, poster=make_user(session), category=shopping, title=WORRY, area_id=ward.id,
                      at=(ward.centre_lat, ward.centre_lng), group_id=group.id, status="in_progress")
    session.commit()
    return {"group": group.id, "worry": worry.id}


def test_an_officer_refers_a_caller_and_sees_the_group_meet_the_need(page, live_server, place):
    sign_in(page, *OFFICER)
    nav(page).get_by_role("link", name="Council").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your council teams")
    assert_accessible(page)
    page.get_by_role("link", name="Refer a resident to the community for Customer services").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer a resident to the community")
    assert_accessible(page)
    page.get_by_label(re.compile("I agree that the council may share")).check()
    page.get_by_label("Only whether I was helped, and when").check()
    page.get_by_label("How they agreed to this being posted").fill("Agreed on the phone just now")
    page.get_by_label("Their first name").fill("Doris")
    page.get_by_label("How a helper can reach them through you").fill("Landline 020 7946 0123")
    page.get_by_label("What kind of help do they need?").select_option(label="Food And Shopping")
    page.get_by_label("Short title").fill(REFERRED)
    page.get_by_label("This week").check()
    page.get_by_label("Ward", exact=True).select_option(label="Brentham")
    page.get_by_role("button", name="Refer them to the community").click()
    expect(success_banner(page)).to_contain_text("The referral has been made")
    assert_accessible(page)
    expect(page.locator("main table")).to_contain_text("Waiting")
    sign_out(page)

    # The group takes it on and meets it.
    sign_in(page, *CORA)
    page.goto(f"/groups/{place['group']}/board")
    assert_accessible(page)
    page.get_by_role("link", name=f"Take on and assign “{REFERRED}”").click()
    assert_accessible(page)
    page.get_by_label(re.compile(VIC[1])).check()
    page.get_by_role("button", name="Take on and assign").click()
    expect(success_banner(page)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Mark progress on “{REFERRED}”").click()
    assert_accessible(page)
    page.get_by_label("The need was met").check()
    page.get_by_role("button", name="Save").click()
    expect(success_banner(page)).to_contain_text("is marked as met")
    assert_accessible(page)
    sign_out(page)

    # The officer sees the outcome, and not which group (Doris agreed to the outcome only).
    sign_in(page, *OFFICER)
    nav(page).get_by_role("link", name="Council").click()
    assert_accessible(page)
    page.get_by_role("link", name="Referrals and their outcomes for Customer services").click()
    assert_accessible(page)
    row = page.locator("main table tbody tr").first
    expect(row).to_contain_text(REFERRED)
    expect(row).to_contain_text("Met")
    expect(row).to_contain_text("Not shared")
    expect(row).not_to_contain_text(GROUP)
    # Nor on the need's own page, though the officer posted it (community.posts.disclosure).
    page.goto("/your-activity")
    assert_accessible(page)
    page.get_by_role("link", name=REFERRED).click()
    expect(page.get_by_role("heading", name="Who is helping")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(GROUP)
    expect(page.locator("main")).not_to_contain_text(VIC[1])
    assert_accessible(page)

    # The demand page counts the referral in and its outcome.
    nav(page).get_by_role("link", name="Demand evidence").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demand management: the evidence")
    assert_accessible(page)
    expect(page.locator("#referrals-in")).to_contain_text("1: 1 met, 0 not met, 0 returned to the council")


def test_a_safeguarding_concern_is_acknowledged_transferred_resolved_and_counted(page, live_server, place):
    sign_in(page, *CORA)
    page.goto(f"/needs/{place['worry']}")
    assert_accessible(page)
    page.get_by_role("link", name="Raise a safeguarding concern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pass this to the council")
    expect(page.locator(".govuk-warning-text")).to_contain_text("call 999")
    assert_accessible(page)
    page.get_by_label("What the council needs to know").fill("Bruises on her arms; she is scared of her son.")
    page.get_by_role("button", name="Send to the council").click()
    expect(success_banner(page)).to_contain_text("The council has it")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, *GUARD)
    nav(page).get_by_role("link", name="Council").click()
    assert_accessible(page)
    page.get_by_role("link", name="Escalations queue for Adult safeguarding").click()
    assert_accessible(page)
    expect(page.locator("main table")).to_contain_text("Urgent")
    page.locator("main table a").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Acknowledge").click()
    expect(success_banner(page)).to_contain_text("Acknowledged")
    assert_accessible(page)
    page.get_by_label("Team to transfer to").select_option(label="Housing")
    page.get_by_label("Why is it going to another team?").fill("Her son is the tenant: housing leads.")
    page.get_by_role("button", name="Transfer").click()
    expect(success_banner(page)).to_contain_text("Transferred")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, *HANA)
    nav(page).get_by_role("link", name="Council").click()
    assert_accessible(page)
    page.get_by_role("link", name="Escalations queue for Housing").click()
    assert_accessible(page)
    page.locator("main table a").first.click()
    expect(page.locator("main")).to_contain_text("from Adult safeguarding to Housing")
    assert_accessible(page)
    page.get_by_label("The council is providing a service").check()
    page.get_by_role("button", name="Resolve").click()
    expect(success_banner(page)).to_contain_text("Resolved")
    assert_accessible(page)

    nav(page).get_by_role("link", name="Demand evidence").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demand management: the evidence")
    assert_accessible(page)
    expect(page.locator("#escalations-out")).to_contain_text("1: 1 resolved, 1 with a council service")
    sign_out(page)

    sign_in(page, *CORA)
    page.goto("/council/escalated-by-me")
    expect(page.locator("main table")).to_contain_text("The council is providing a service")
    assert_accessible(page)
