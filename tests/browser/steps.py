"""Steps the browser journeys share: the menu, signing in and out, the success banner.

Each step checks accessibility on every page it lands on, as every journey must.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.builders.people import DEFAULT_PASSWORD


def nav(page):
    return page.get_by_role("navigation", name="Menu")


def sign_in(page, email: str, name: str) -> None:
    page.goto("/sign-in")
    assert_accessible(page)
    page.locator("[name=email]").fill(email)
    page.locator("[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("main form [type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {name}")
    assert_accessible(page)


def sign_out(page) -> None:
    nav(page).get_by_role("link", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-out$"))
    assert_accessible(page)
    page.locator("main form [type=submit]").click()
    expect(nav(page).get_by_role("link", name="Sign in")).to_be_visible()
    assert_accessible(page)


def success_banner(page):
    return page.locator(".govuk-notification-banner--success")

