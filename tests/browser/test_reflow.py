"""Every page works on a phone: at 320 and 375 px wide nothing scrolls sideways (WCAG 1.4.10 Reflow), and axe
finds nothing wrong at those widths either.

One browser page visits, as each kind of person, every page the journeys visit and every list of needs,
offers, groups and people, with a place where everything has happened (``use_everything``), a small
community with a finished network analysis, and words too long for a phone's line. Each page is loaded once
and measured at both widths. The problems of all pages are gathered and reported together.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from community.db import make_sessionmaker
from community.insights.runs import create_run, execute_run
from community.models import Category, Introduction, Membership, Need, Offer, Report
from tests.browser.conftest import axe_violations, format_violations
from tests.builders.groups import make_serving_group
from tests.builders.insights import SmallCommunity
from tests.builders.people import DEFAULT_PASSWORD, make_user
from tests.builders.personal_data import use_everything
from tests.builders.posts import make_need, make_offer

BLANK_TILE = "data:image/gif;base64,R0lGODlhAQABAIAAAMzMzP///yH5BAAAAAAALAAAAAABAAEAAAICRAEAOw=="
PHONES = ((320, 800), (375, 812))
DESKTOP = (1280, 900)
# Set to a folder to keep a full-page screenshot of every page at each width, to look at the cards.
SCREENSHOTS = os.environ.get("WEAVE_REFLOW_SCREENSHOTS")
# Words no phone's line can hold: they must wrap, not widen the page.
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis-and-more-besides"
LONG_URL = "https://example.org/a/very/long/address/that/never/stops/going/on/and/on/and/on/for-ever"
LONG_EMAIL = "the.longest.email.address.anyone.ever.had.for.their.group@a-very-long-domain.example.org"

# What sticks out past the right edge: the outermost elements, so the message names the culprit.
OVERFLOWING = """() => {
    const width = window.innerWidth;
    const wide = [...document.querySelectorAll('body *')].filter(
        (el) => el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).position !== 'fixed');
    const outermost = wide.filter((el) => !wide.includes(el.parentElement));
    return outermost.slice(0, 5).map((el) => {
        const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
            + [...el.classList].map((c) => '.' + c).join('');
        return `${name} (${Math.round(el.getBoundingClientRect().right)} px)`;
    });
}"""


def overflow(page: Page) -> str | None:
    """Why the page scrolls sideways at its current size, or None when it does not."""
    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    if scroll_width <= inner_width:
        return None
    culprits = ", ".join(page.evaluate(OVERFLOWING)) or "nothing visible"
    return f"{scroll_width} px wide in a {inner_width} px window: {culprits}"


def wait_for_maps(page: Page) -> None:
    for frame in page.locator("iframe.weave-map-frame, iframe.connectors-map").all():
        expect(frame.content_frame.locator(".weave-map")).to_have_attribute(
            "data-weave-state", "loaded", timeout=15_000
        )


def phone_problems(page: Page) -> list[str]:
    """Everything wrong with the page now showing at each phone width; the viewport is left at desktop."""
    problems = []
    wait_for_maps(page)
    for width, height in PHONES:
        page.set_viewport_size({"width": width, "height": height})
        where = f"{page.url} at {width} px"
        too_wide = overflow(page)
        if too_wide:
            problems.append(f"{where} scrolls sideways: {too_wide}")
        violations = axe_violations(page)
        if violations:
            problems.append(f"{where}: " + format_violations(page.url, violations))
        if SCREENSHOTS:
            name = re.sub(r"[^a-z0-9]+", "-", page.url.split("/", 3)[-1].lower()).strip("-") or "home"
            page.screenshot(path=Path(SCREENSHOTS) / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
    return problems


def sign_in(page: Page, email: str) -> list[str]:
    page.context.clear_cookies()
    page.goto("/sign-in")
    problems = phone_problems(page)
    page.locator("[name=email]").fill(email)
    page.locator("[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("main form [type=submit]").click()
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link", name="Sign out")).to_be_visible()
    return problems + phone_problems(page)


@pytest.fixture()
def place(session, db, live_server):
    """Everything that can happen, plus a finished analysis, an administrator and very long words."""
    live_server.app.config["MAP_TILES_URL"] = BLANK_TILE
    everything = use_everything(session)
    community = SmallCommunity(session)
    admin = make_user(session, name="Ada Administrator", role="admin")
    person = everything.person
    shopping = session.scalar(select(Category).where(Category.slug == "shopping"))
    long_need = make_need(session, poster=person, category=shopping, title=f"Help with {LONG_WORD}",
                          area_id=person.area_id)
    long_need.body = f"See {LONG_URL} or write to {LONG_EMAIL}"
    make_offer(session, helper=person, category=shopping, title=LONG_WORD)
    make_serving_group(session, name=f"The {LONG_WORD} group", areas=[community.ward],
                       categories=[shopping], contact_email=LONG_EMAIL)
    session.commit()
    factory = make_sessionmaker(db)
    with factory() as s:
        run_id = create_run(s, created_by=s.merge(community.connector)).id
        s.commit()
    assert execute_run(factory, run_id) == "finished"

    group, coordinator = everything.group, everything.coordinator
    need = session.scalar(select(Need).where(Need.posted_by_id == person.id).order_by(Need.id))
    offer = session.scalar(select(Offer).where(Offer.user_id == person.id).order_by(Offer.id))
    answered = session.scalar(select(Need).where(Need.title == "Lift to the shops"))
    on_behalf = session.scalar(select(Need).where(Need.title == "Shopping for Mr Evans"))
    volunteer = session.scalar(select(Membership).where(
        Membership.group_id == group.id, Membership.user_id == person.id))
    introduction = session.scalar(select(Introduction).order_by(Introduction.id))
    report = session.scalar(select(Report).order_by(Report.id))
    anyone = [
        "/", "/register", "/forgot-password", "/forgot-password/sent", "/check-your-email", "/accessibility",
        "/privacy", "/boundary-data", "/groups", "/groups/map", f"/groups/{group.id}",
    ]
    resident = [
        "/near-me", "/maps/near-me", "/your-activity", "/needs/new", "/offers/new", f"/needs/{need.id}",
        f"/needs/{long_need.id}", f"/needs/{need.id}/edit", f"/needs/{need.id}/withdraw",
        f"/needs/{answered.id}", f"/offers/{offer.id}", f"/offers/{offer.id}/edit",
        f"/report-concern/need/{answered.id}", "/your-location", "/notifications", "/your-groups",
        f"/groups/{group.id}/your-details", f"/groups/{everything.own_group.id}", "/account",
        "/account/details", "/account/email", "/account/password", "/account/your-data", "/account/delete",
        "/introductions", "/sign-out",
    ]
    coordinating = [
        f"/groups/{group.id}", f"/groups/{group.id}/board", f"/groups/{group.id}/board/{on_behalf.id}/assign",
        f"/groups/{group.id}/members", f"/groups/{group.id}/members/{volunteer.id}/dbs",
        f"/groups/{group.id}/partners", f"/groups/{group.id}/partners/propose", f"/groups/{group.id}/edit",
        "/groups/new", "/needs/new-for-someone-else", f"/introductions/{introduction.id}",
    ]
    connecting = [
        "/connectors/", "/connectors/runs", f"/connectors/runs/{run_id}",
        "/connectors/coverage?category=lifts-and-transport",
        f"/connectors/coverage/wards/{community.ward.code}", "/connectors/demand", "/connectors/network",
        "/connectors/network/gaps",
        f"/connectors/network/runs/{run_id}/gaps/1", f"/connectors/network/people/{community.dee.id}",
        "/connectors/introductions", f"/connectors/introductions/new/{run_id}/1", "/groups/review",
    ]
    administering = [
        "/admin/", "/admin/users", f"/admin/users/{person.id}", f"/admin/users/{person.id}/role",
        f"/admin/users/{person.id}/suspend", f"/admin/users/{person.id}/delete", "/admin/audit",
        "/admin/categories", "/admin/categories/new", f"/admin/categories/{shopping.id}",
        f"/admin/categories/{shopping.id}/retire", "/admin/council", "/admin/areas", "/moderation",
        f"/moderation/{report.id}", f"/moderation/{report.id}/hide", f"/groups/{group.id}/verify",
    ]
    return [
        (None, anyone),
        (person.email, resident),
        (coordinator.email, coordinating),
        (community.connector.email, connecting),
        (admin.email, administering),
    ]


def test_no_page_scrolls_sideways_on_a_phone_and_axe_passes_there(page, place):
    page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
    problems: list[str] = []
    visited = 0
    for email, paths in place:
        if email is not None:
            problems += sign_in(page, email)
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.ok, f"{path} answered {response and response.status}"
            problems += phone_problems(page)
            visited += 1
    assert visited == sum(len(paths) for _email, paths in place)
    assert not problems, f"{len(problems)} problem(s) on phones:\n" + "\n".join(problems)


def test_the_check_sees_a_page_that_scrolls_sideways(page, live_server):
    """The positive control: one element wider than the window is caught, and named."""
    page.set_viewport_size({"width": PHONES[0][0], "height": PHONES[0][1]})
    page.goto("/accessibility")
    assert overflow(page) is None
    page.evaluate(
        "() => { const wide = document.createElement('div'); wide.id = 'too-wide';"
        " wide.style.width = '1000px'; wide.textContent = 'wide';"
        " document.querySelector('main').append(wide); }"
    )
    found = overflow(page)
    assert found is not None and re.search(r"div#too-wide \(\d+ px\)", found), found
    assert phone_problems(page)[0].startswith(f"{page.url} at 320 px scrolls sideways")
