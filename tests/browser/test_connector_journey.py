"""A connector runs the analysis and watches it finish, opens a gap, sends the introduction that would close
it; both coordinators accept; after a rerun the gap is gone. Every page passes axe."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from community.insights import runs as analysis_runs
from tests.browser.conftest import assert_accessible
from tests.builders.insights import SmallCommunity
from tests.builders.people import DEFAULT_PASSWORD, _cheap_hasher

GAP = "Acton Larder works alone"


def with_password(user, email: str) -> None:
    user.email, user.email_normalised = email, email
    user.password_hash = _cheap_hasher.hash(DEFAULT_PASSWORD)


def sign_in(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)
    page.locator("[name=email]").fill(email)
    page.locator("[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("main form [type=submit]").click()
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link", name="Sign out")).to_be_visible()
    assert_accessible(page)


@pytest.fixture()
def slow_analysis(monkeypatch):
    """The real analysis, with a pause at each stage: a small community would otherwise finish before the
    progress page has loaded, and there would be no bar to watch."""
    real = analysis_runs._run_engine

    def slowed(records, cells, *, seed, progress):
        def step(percent, stage):
            progress(percent, stage)
            time.sleep(0.4)

        return real(records, cells, seed=seed, progress=step)

    monkeypatch.setattr(analysis_runs, "_run_engine", slowed)


def run_analysis(page) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Council dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Council dashboard")
    assert_accessible(page)
    page.get_by_role("button", name="Run analysis now").click()
    expect(page).to_have_url(re.compile(r"/connectors/runs/\d+$"))
    bar = page.locator("progress")
    expect(bar).to_be_visible()
    assert_accessible(page)
    # The script moves the bar while the analysis runs, then says it has finished.
    page.wait_for_function(
        "() => { const v = document.querySelector('progress').value; return v > 10 && v < 100; }"
    )
    expect(page.get_by_role("status")).to_have_text("The analysis has finished.", timeout=30_000)
    expect(bar).to_have_attribute("value", "100")
    expect(page.get_by_role("link", name="See the results on the dashboard")).to_be_visible()


def open_network(page) -> None:
    page.get_by_role("navigation", name="Council pages").get_by_role("link", name="Network").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Network")
    expect(page.frame_locator("iframe").locator(".weave-map")).to_have_attribute(
        "data-weave-state", "loaded", timeout=15_000
    )
    assert_accessible(page)


def answer(page, email: str, decision: str) -> None:
    sign_in(page, email)
    page.goto("/introductions")
    expect(page.get_by_role("heading", level=1)).to_have_text("Introductions to other groups")
    assert_accessible(page)
    pair = re.compile("Acton Larder and Acton Lifts|Acton Lifts and Acton Larder")
    page.get_by_role("link", name=pair).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Introduction to Acton L"))
    assert_accessible(page)
    page.get_by_label(decision).check()
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert_accessible(page)


def test_a_connector_closes_a_gap_with_an_introduction_the_coordinators_accept(
    page, live_server, session, slow_analysis
):
    place = SmallCommunity(session)
    with_password(place.connector, "connie@example.com")
    with_password(place.ann, "ann@example.com")
    with_password(place.bea, "bea@example.com")
    session.commit()

    sign_in(page, "connie@example.com")
    run_analysis(page)
    open_network(page)

    page.get_by_role("link", name=GAP).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(GAP)
    expect(page.get_by_text("has 3 members but no partnerships")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Introduce Acton Larder to Acton Lifts").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Introduce Acton Larder to Acton Lifts")
    expect(page.locator(".govuk-inset-text")).to_contain_text("Both serve Acton Central.")
    assert_accessible(page)
    page.get_by_role("button", name="Send introduction").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Introductions")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Introduction sent.")
    expect(page.locator("table")).to_contain_text("Waiting for both groups")
    assert_accessible(page)

    answer(page, "ann@example.com", "Yes, accept the introduction")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("asked Acton Lifts to answer")
    answer(page, "bea@example.com", "Yes, accept the introduction")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("are now referral partners")

    sign_in(page, "connie@example.com")
    run_analysis(page)
    open_network(page)
    expect(page.get_by_role("link", name=GAP)).to_have_count(0)
    expect(page.get_by_role("link", name="Introduce Acton Larder to Acton Lifts")).to_have_count(0)
