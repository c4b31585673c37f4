"""A new resident registers, signs out and signs back in, in a real browser; every page passes axe."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

NAME = "Ada Lovelace"
EMAIL = "ada@example.com"
PASSWORD = "analytical engine notes"


def submit(page) -> None:
    page.locator("main form [type=submit]").click()


def nav(page):
    return page.get_by_role("navigation", name="Menu")


def test_a_new_resident_registers_signs_out_and_signs_back_in(page, live_server):
    # The demo's way (development): no confirmation link. The council's way is in test_council_journey.
    live_server.app.config["REQUIRE_EMAIL_CONFIRMATION"] = False
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Help between neighbours, groups and your council"
    )
    assert_accessible(page)

    nav(page).get_by_role("link", name="Create an account").click()
    expect(page).to_have_url(re.compile(r"/register$"))
    assert_accessible(page)

    submit(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)

    page.locator("[name=display_name]").fill(NAME)
    page.locator("[name=email]").fill(EMAIL)
    page.locator("[name=password]").fill(PASSWORD)
    submit(page)
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {NAME}")
    assert_accessible(page)

    nav(page).get_by_role("link", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-out$"))
    assert_accessible(page)

    submit(page)
    expect(page).to_have_url(live_server.url + "/")
    expect(nav(page).get_by_role("link", name="Sign in")).to_be_visible()
    assert_accessible(page)

    nav(page).get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    assert_accessible(page)

    page.locator("[name=email]").fill(EMAIL)
    page.locator("[name=password]").fill(PASSWORD)
    submit(page)
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {NAME}")
    for heading in ("Ask for help", "Offer help", "Find help near you"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_role("heading", name="Council overview")).to_have_count(0)
    assert_accessible(page)
