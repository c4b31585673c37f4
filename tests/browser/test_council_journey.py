"""A council starts from an empty database, in Chromium, with axe on every page.

An administrator (made at the console, as a council's first admin is) names the council, loads another
council's wards (Portmere, a made-up borough: tests/fixtures/areas/portmere_wards.geojson) and its categories
from a file, and makes a colleague a connector. A resident registers, confirms their email address, resets
their password, asks for help and starts a group in one of those wards; the connector's coverage shows it.
Links are read from the outbox, as the resident would read them from their email.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from community.models import OutboxEmail
from tests.browser.conftest import assert_accessible
from tests.browser.steps import nav, sign_in, sign_out, success_banner
from tests.builders.people import make_user

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BLANK_TILE = "data:image/gif;base64,R0lGODlhAQABAIAAAMzMzP///yH5BAAAAAAALAAAAAABAAEAAAICRAEAOw=="
ADMIN = ("ann@portmere.example", "Ann Admin")
CONNIE = ("connie@portmere.example", "Connie Connector")
RESIDENT = ("rhys@example.com", "Rhys Resident")
FIRST_PASSWORD = "seagull harbour lighthouse rope"
NEW_PASSWORD = "quayside kettle copper anchor"
COUNCIL = "Portmere Borough Council"
GROUP = "Harbourside Helpers"
NEED = "Shopping after my operation"


@pytest.fixture()
def empty_council(session, live_server):
    live_server.app.config["MAP_TILES_URL"] = BLANK_TILE
    # Nothing but the two staff accounts, made at the console (flask users create).
    make_user(session, email=ADMIN[0], name=ADMIN[1], role="admin", home=None)
    make_user(session, email=CONNIE[0], name=CONNIE[1], home=None)
    session.commit()


def heading(page, text) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
    assert_accessible(page)


def admin_task(page, link: str, title: str) -> None:
    nav(page).get_by_role("link", name="Admin").click()
    heading(page, "Admin")
    page.get_by_role("link", name=link).click()
    heading(page, title)


def latest_link(session, to: str) -> str:
    session.expire_all()
    email = session.scalars(
        select(OutboxEmail).where(OutboxEmail.to_address == to).order_by(OutboxEmail.id.desc())
    ).first()
    return re.search(r"https?://\S+", email.body).group(0)


def sign_in_as(page, email: str, password: str, name: str) -> None:
    page.goto("/sign-in")
    heading(page, "Sign in")
    page.locator("[name=email]").fill(email)
    page.locator("[name=password]").fill(password)
    page.locator("main form [type=submit]").click()
    heading(page, f"Hello, {name}")


def test_a_council_sets_up_from_nothing_and_a_residents_need_and_group_show_in_coverage(
    page, live_server, empty_council, session
):
    # The administrator sets the council up.
    sign_in(page, *ADMIN)
    admin_task(page, "Council details", "Council details")
    page.get_by_label("Council name").fill(COUNCIL)
    page.get_by_role("button", name="Save").click()
    expect(success_banner(page)).to_contain_text("The council's details have been saved.")
    assert_accessible(page)
    expect(page.locator("footer")).to_contain_text(f"Run by {COUNCIL}")

    admin_task(page, "Areas and postcodes", "Areas and postcodes")
    wards = FIXTURES / "areas" / "portmere_wards.geojson"
    page.get_by_label("Boundary file (GeoJSON)").set_input_files(wards)
    page.get_by_label("Wards").check()
    page.get_by_role("button", name="Load the boundaries").click()
    expect(success_banner(page)).to_contain_text("Loaded 4 wards: 4 new, 0 updated.")
    assert_accessible(page)

    admin_task(page, "Council details", "Council details")
    expect(page.locator("main")).to_contain_text("The council covers the 4 wards it has loaded.")

    admin_task(page, "Categories of help", "Categories of help")
    categories = FIXTURES / "categories" / "portmere.csv"
    page.get_by_label("Categories file (YAML or CSV)").set_input_files(categories)
    page.get_by_role("button", name="Load the categories").click()
    expect(success_banner(page)).to_contain_text("Loaded 5 categories: 5 new")
    assert_accessible(page)
    expect(page.get_by_role("heading", name=re.compile("Boat and net repairs"))).to_be_visible()

    # ... and makes a colleague a connector.
    admin_task(page, "People", "People")
    page.get_by_role("link", name=CONNIE[1], exact=True).click()
    heading(page, CONNIE[1])
    page.get_by_role("link", name="Change role").click()
    heading(page, f"Change the role of {CONNIE[1]}")
    page.get_by_label("Connector").check()
    page.get_by_role("button", name="Continue").click()
    heading(page, f"Make {CONNIE[1]} a connector?")
    page.get_by_role("button", name="Yes, change the role").click()
    expect(success_banner(page)).to_contain_text(f"{CONNIE[1]} is now a connector.")
    assert_accessible(page)
    sign_out(page)

    # A resident registers and confirms their email address from the link sent to it.
    nav(page).get_by_role("link", name="Create an account").click()
    heading(page, "Create an account")
    page.get_by_label("Your name").fill(RESIDENT[1])
    page.get_by_label("Email address").fill(RESIDENT[0])
    page.get_by_label("Create a password").fill(FIRST_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    heading(page, "Check your email")
    page.goto(latest_link(session, RESIDENT[0]))
    heading(page, "Confirm your email address")
    page.get_by_role("button", name="Confirm my email address").click()
    heading(page, "Sign in")
    expect(success_banner(page)).to_contain_text("Your email address is confirmed.")

    # They forget their password and reset it by email.
    page.get_by_role("link", name="Forgotten your password?").click()
    heading(page, "Reset your password")
    page.get_by_label("Email address").fill(RESIDENT[0])
    page.get_by_role("button", name="Send the link").click()
    heading(page, "Check your email")
    page.goto(latest_link(session, RESIDENT[0]))
    heading(page, "Choose a new password")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    heading(page, "Sign in")
    expect(success_banner(page)).to_contain_text("Sign in with your new password")
    sign_in_as(page, RESIDENT[0], NEW_PASSWORD, RESIDENT[1])

    # They ask for help in Harbourside...
    nav(page).get_by_role("link", name="Ask for help").click()
    heading(page, "Ask for help")
    page.get_by_label("What kind of help do you need?").select_option(label="Food and shopping")
    page.get_by_label("Short title").fill(NEED)
    page.get_by_label("Details").fill("A weekly shop for a month while my knee heals.")
    page.get_by_label("This week").check()
    page.get_by_label("Ward", exact=True).select_option(label="Harbourside")
    page.get_by_role("button", name="Ask for help").click()
    heading(page, NEED)

    # ... and start a group there.
    nav(page).get_by_role("link", name="Groups").click()
    heading(page, "Community groups")
    page.get_by_role("link", name="Start a group").click()
    expect(page.frame_locator("#drawn-area-map").locator(".weave-map")).to_have_attribute(
        "data-weave-state", "loaded"
    )
    heading(page, "Start a group on Weave")
    page.get_by_label("Name of the group").fill(GROUP)
    page.get_by_label("What the group does").fill("Shopping and lifts for neighbours around the harbour.")
    page.get_by_label("Mutual aid group").check()
    page.get_by_label("Food and shopping").check()
    page.get_by_role("group", name="Wards the group works in").get_by_label("Harbourside").check()
    page.get_by_label("Email address").fill("hello@harbourside-helpers.example")
    page.get_by_role("button", name="Create the group").click()
    heading(page, GROUP)
    sign_out(page)

    # The connector's coverage shows the need and the group in Harbourside.
    sign_in(page, *CONNIE)
    page.goto("/connectors/coverage?category=food-and-shopping")
    expect(page.get_by_role("heading", level=1)).to_have_text("Coverage by ward")
    assert_accessible(page)
    row = page.locator("table tbody tr", has_text="Harbourside")
    cells = row.locator("td")
    headers = page.locator("table thead th").all_inner_texts()
    values = dict(zip(headers[1:], cells.all_inner_texts(), strict=False))
    assert values["Needs posted"] == "1" and values["Groups serving"] == "1", values
