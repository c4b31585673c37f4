"""Browser tests: Weave served for real, driven by Chromium through Playwright, checked with axe.

Every journey follows one pattern::

    from playwright.sync_api import expect

    from tests.browser.conftest import assert_accessible

    def test_a_resident_can_do_something(page, live_server):
        page.goto("/register")                      # relative to live_server.url
        assert_accessible(page)                     # every page the test reaches, once it has loaded
        page.get_by_label("Email address").fill("ada@example.com")
        page.get_by_role("button", name="Create account").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Ada")
        assert_accessible(page)                     # wait for the page you expect, then check it

Fixtures:

``live_server``
    The test's ``app`` served by Werkzeug on 127.0.0.1 at a free port, in a thread, for this one test; the
    ``db`` fixture empties the database afterwards, and it works the same on SQLite (a shared file) and
    PostgreSQL. CSRF protection is switched on, as in production, because a real browser submits the
    real forms; rate limits are real too (in memory, fresh for each test). ``live_server.url`` is the
    base URL; ``live_server.app`` the Flask app. Arrange data before the browser starts with the
    ``session`` fixture (commit it) and the builders in ``tests/builders/``.
``browser``
    Debian's Chromium at /usr/bin/chromium, headless, one per test session. Nothing is ever downloaded:
    never run ``playwright install``. Without /usr/bin/chromium (or Playwright) the whole directory is
    skipped with a message saying so.
``page``
    A fresh browser context (base URL = the live server) and page per test, which records every
    document that finishes loading in the main frame. When a passing test ends it FAILS if any loaded
    page was never passed to ``assert_accessible``, if a page raised a JavaScript error, or if a file
    under /static/ failed to load (run ``make assets`` if that is weave.css).

``assert_accessible(page)`` waits for the load event, runs axe-core (bundled with axe-playwright-python)
with the WCAG 2.0, 2.1 and 2.2 A and AA rules, and fails on any violation, listing each rule, its
impact, what to do, and the elements concerned. Call it after every navigation, once the page you expect
is showing (``expect(...)`` first): calling it while a click's navigation is still starting checks the
old page, and the new one is then reported as unchecked at the end of the test.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BROWSER_DIR = Path(__file__).resolve().parent

try:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Page, sync_playwright
except ImportError as error:  # pragma: no cover - the dev requirements include both
    SKIP_REASON = f"browser tests need Playwright and axe-playwright-python ({error})"
else:
    SKIP_REASON = "" if CHROMIUM.exists() else f"browser tests need Chromium at {CHROMIUM}"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)
            if SKIP_REASON:
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.weave_call_failed = report.failed
    return report


# --- the server --------------------------------------------------------------------------------------


@dataclass
class LiveServer:
    app: object
    url: str


@pytest.fixture()
def live_server(app):
    from werkzeug.serving import make_server

    app.config["WTF_CSRF_ENABLED"] = True
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- the browser -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if SKIP_REASON:
        pytest.skip(SKIP_REASON)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Load:
    url: str
    checked: bool = False


@dataclass
class PageRecord:
    """What happened in one test's page: documents loaded, scripts that failed, assets that failed."""

    loads: list[Load] = field(default_factory=list)
    script_errors: list[str] = field(default_factory=list)
    failed_assets: list[str] = field(default_factory=list)


_RECORD_ATTRIBUTE = "_weave_record"


@pytest.fixture()
def page(request, browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    record = PageRecord()
    setattr(page, _RECORD_ATTRIBUTE, record)
    page.on("load", lambda loaded: record.loads.append(Load(url=loaded.url)))
    page.on("pageerror", lambda error: record.script_errors.append(f"{page.url}: {error}"))

    def on_response(response):
        if response.status >= 400 and urlsplit(response.url).path.startswith("/static/"):
            record.failed_assets.append(f"{response.status} {response.url}")

    page.on("response", on_response)
    try:
        yield page
    finally:
        context.close()
    # A test that already failed has said what went wrong; pages it never reached are no news.
    problems = [] if getattr(request.node, "weave_call_failed", False) else page_problems(record)
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def page_problems(record: PageRecord) -> list[str]:
    problems = []
    unchecked = [load.url for load in record.loads if not load.checked]
    if unchecked:
        problems.append("pages never passed to assert_accessible(page):\n  " + "\n  ".join(unchecked))
    if record.script_errors:
        problems.append("JavaScript errors:\n  " + "\n  ".join(record.script_errors))
    if record.failed_assets:
        problems.append(
            "static files that failed to load (run `make assets`?):\n  " + "\n  ".join(record.failed_assets)
        )
    return problems


# --- accessibility -----------------------------------------------------------------------------------

_axe = None


def _axe_runner():
    global _axe
    if _axe is None:
        _axe = Axe()
    return _axe


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {' '.join(node.get('html', '').split())[:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"      {line.strip()}" for line in summary.splitlines() if line.strip())
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fail unless axe finds no WCAG 2.2 A/AA violation on the page now showing."""
    violations = axe_violations(page)
    if violations:
        pytest.fail(format_violations(page.url, violations), pytrace=False)


def axe_violations(page: Page) -> list[dict]:
    """axe's WCAG 2.2 A/AA violations on the page now showing (which counts as checked), for a test that
    gathers the problems of many pages before it fails."""
    page.wait_for_load_state("load")
    results = _axe_runner().run(
        page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    )
    record: PageRecord | None = getattr(page, _RECORD_ATTRIBUTE, None)
    if record is not None and record.loads:
        record.loads[-1].checked = True
    return results.response["violations"]
