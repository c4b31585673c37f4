"""A neighbour sets up an email alert; a resident asks for help; the alert arrives in the neighbour's inbox (a
real SMTP server in the test) and its link opens the need. Axe on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app.email.sender import stop_sender_thread
from tests.browser.conftest import assert_accessible
from tests.browser.steps import nav, sign_in, sign_out, success_banner
from tests.browser.test_resident_journey import BLANK_TILE
from tests.builders.mail import SmtpInbox, text_of
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward

RUTH = ("ruth@example.com", "Ruth Asker", (51.514420, -0.305210))
NEIL = ("neil@example.com", "Neil Neighbour", (51.512650, -0.309870))
TITLE = "Lift to the surgery"


@pytest.fixture()
def inbox(live_server):
    server = SmtpInbox().start()
    live_server.app.config.update(EMAIL_BACKEND="smtp", SMTP_URL=server.url, BASE_URL=live_server.url,
                                  EMAIL_SENDER_THREAD=True, MAP_TILES_URL=BLANK_TILE)
    yield server
    stop_sender_thread()
    server.stop()


@pytest.fixture()
def neighbours(session):
    ward = make_ward(session, name="Walpole")
    make_category(session, slug="transport")
    for email, name, home in (RUTH, NEIL):
        make_user(session, email=email, name=name, home=home, area_id=ward.id)
    session.commit()


def test_a_subscribed_neighbour_is_emailed_a_new_need_and_the_link_opens_it(page, live_server, inbox,
                                                                               neighbours):
    # Neil sets up an alert for requests for help within 1 km of his home, as soon as they are posted.
    sign_in(page, NEIL[0], NEIL[1])
    nav(page).get_by_role("link", name="Your account").click()
    assert_accessible(page)
    page.get_by_role("link", name="Email alerts and digests").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Email alerts")
    assert_accessible(page)
    page.get_by_role("button", name="Set up an alert").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an email alert")
    assert_accessible(page)
    page.get_by_label("New requests for help").check()
    page.get_by_label("Around my home").check()
    page.get_by_label("How far from your home?").select_option(label="1 km")
    page.get_by_label("As soon as they are posted").check()
    page.get_by_role("button", name="Set up the alert").click()
    expect(success_banner(page)).to_contain_text("Your alert is set up")
    expect(page.locator("#alerts")).to_contain_text("within 1 km of your home")
    assert_accessible(page)
    sign_out(page)

    # Ruth asks for a lift.
    sign_in(page, RUTH[0], RUTH[1])
    nav(page).get_by_role("link", name="Ask for help").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for help")
    assert_accessible(page)
    page.get_by_label("What kind of help do you need?").select_option(label="Transport")
    page.get_by_label("Short title").fill(TITLE)
    page.get_by_label("Details").fill("To the Walpole surgery on Thursday at ten.")
    page.get_by_label("This week").check()
    page.get_by_role("button", name="Ask for help").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_accessible(page)
    need_url = page.url
    sign_out(page)

    # The alert arrives in Neil's inbox, without the need's title in its subject.
    [message] = inbox.wait_for(1, timeout=30, where=lambda m: NEIL[0] in str(m["To"]))
    assert message["Subject"] == "1 new request for help from your alert"
    text = text_of(message)
    assert TITLE in text and "under 1 km away" in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.search(r"(http://127\.0\.0\.1:\d+/needs/\d+)\s", text).group(1)
    assert link == need_url
    # Ruth is not told of her own need.
    assert inbox.to(RUTH[0]) == []

    # The link in the email opens the need for Neil.
    sign_in(page, NEIL[0], NEIL[1])
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_accessible(page)
