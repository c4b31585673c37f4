"""Every form says what it asks: every fieldset has a legend, every field an accessible name.

The pages are found by crawling, not listed: for a visitor and each kind of signed-in person in a
community where every feature has been used (``tests.builders.personal_data.use_everything``), the walk
starts at every page without URL parameters and follows every link on the site, and every page that
renders a ``<form>`` is checked. A new form page is checked the moment a link reaches it. The checks read
the parsed HTML the way the accessibility tree names a field: ``<label for=id>``, a wrapping ``<label>``,
``aria-label`` or ``aria-labelledby``. Hidden fields and buttons are not questions.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import delete

from community.db import make_sessionmaker
from community.models import AnalysisRun
from tests.builders.people import make_user
from tests.builders.personal_data import use_everything
from tests.web.conftest import is_html, sign_in
from tests.web.test_every_page import ROUTES

NOT_QUESTIONS = {"hidden", "submit", "button", "image", "reset"}
# Pages a walk must not follow: leaving the site's HTML, or signing the walker out part-way.
NOT_WALKED = ("/api/", "/static/", "/sign-out")
MAX_PAGES = 400


def unnamed_questions(html: str) -> list[str]:
    """What on the page asks without saying what: fieldsets without a legend, fields without a name."""
    page = BeautifulSoup(html, "html.parser")
    problems = []
    for fieldset in page.find_all("fieldset"):
        legend = fieldset.find("legend")
        if legend is None or not legend.get_text(strip=True):
            problems.append(f"a fieldset without a legend: {_snippet(fieldset)}")
    for field in page.find_all(["input", "select", "textarea"]):
        if field.name == "input" and (field.get("type") or "text").lower() in NOT_QUESTIONS:
            continue
        if not _accessible_name(page, field):
            problems.append(f"a {field.name} without an accessible name: {_snippet(field)}")
    return problems


def _accessible_name(page: BeautifulSoup, field) -> str:
    if field.get("aria-labelledby"):
        parts = [page.find(id=ref) for ref in field["aria-labelledby"].split()]
        text = " ".join(part.get_text(" ", strip=True) for part in parts if part is not None).strip()
        if text:
            return text
    if (field.get("aria-label") or "").strip():
        return field["aria-label"].strip()
    if field.get("id"):
        for label in page.find_all("label", attrs={"for": field["id"]}):
            if label.get_text(strip=True):
                return label.get_text(" ", strip=True)
    wrapping = field.find_parent("label")
    if wrapping is not None and wrapping.get_text(strip=True):
        return wrapping.get_text(" ", strip=True)
    return ""


def _snippet(tag) -> str:
    return str(tag)[:160].replace("\n", " ")


# --- the check itself can fail ---------------------------------------------------------------------


def test_the_check_finds_a_bare_fieldset_and_an_unlabelled_field():
    bare = """<form><fieldset><input type="radio" id="a" name="a" value="1"><label for="a">Yes</label>
      </fieldset><fieldset><legend> </legend></fieldset>
      <input type="text" name="what"><select name="which"></select><textarea id="t"></textarea>
      <label for="elsewhere">Not this one</label><input type="hidden" name="csrf">
      <button>Go</button></form>"""

    problems = unnamed_questions(bare)

    assert [p.split(":")[0] for p in problems] == [
        "a fieldset without a legend", "a fieldset without a legend",
        "a input without an accessible name", "a select without an accessible name",
        "a textarea without an accessible name",
    ]


def test_the_check_accepts_every_way_of_naming():
    named = """<form><fieldset><legend>How soon?</legend>
      <input type="radio" id="a" name="a"><label for="a">Today</label></fieldset>
      <label>Name <input type="text" name="n"></label><input aria-label="Search" name="q">
      <span id="s">Sort by</span><select aria-labelledby="s"></select>
      <input type="submit" value="Go"><input type="hidden" name="csrf"></form>"""

    assert unnamed_questions(named) == []


# --- every form page, for each kind of person ------------------------------------------------------


def _walk_key(url: str) -> tuple[str, frozenset[str]]:
    # One visit per path and set of query keys: page 2 of a list asks what page 1 asks.
    parts = urlsplit(url)
    return parts.path, frozenset(key for key, _value in parse_qsl(parts.query))


def walk_form_pages(client, start: list[str]) -> dict[str, list[str]]:
    """Follow every link from ``start``; the problems on each page that renders a form, by URL."""
    queue, seen, found = deque(start), {_walk_key(url) for url in start}, {}
    visited = 0
    while queue and visited < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code != 200 or not is_html(response):
            continue
        html = response.get_data(as_text=True)
        page = BeautifulSoup(html, "html.parser")
        if page.find("form") is not None:
            found[url] = unnamed_questions(html)
        for link in page.find_all("a", href=True):
            target = urlsplit(link["href"])
            if target.scheme or target.netloc or not target.path.startswith("/"):
                continue
            href = target.path + (f"?{target.query}" if target.query else "")
            if href.startswith(NOT_WALKED) or _walk_key(href) in seen:
                continue
            seen.add(_walk_key(href))
            queue.append(href)
    assert visited < MAX_PAGES, f"The walk stopped at {MAX_PAGES} pages; raise MAX_PAGES"
    return found


# Form pages each walker must reach: proof the walk goes where the forms are (else it could pass empty).
EXPECTED = {
    "anonymous": [r"/sign-in", r"/register", r"/forgot-password"],
    "person": [r"/needs/new", r"/offers/new", r"/needs/new-for-someone-else", r"/account/details",
               r"/groups/\d+/edit"],
    "coordinator": [r"/needs/new-for-someone-else", r"/board/\d+/assign", r"/introductions/\d+"],
    "connector": [r"/needs/new-for-someone-else", r"/connectors/coverage", r"/moderation/\d+/hide"],
    "admin": [r"/admin/categories/new", r"/admin/users/\d+/suspend"],
    "neighbour": [r"/needs/\d+", r"/needs/\d+/not-met", r"/report-concern/response/\d+"],
}


@pytest.fixture()
def community(db):
    with make_sessionmaker(db)() as session:
        world = use_everything(session)
        # Its analysis run holds only what the erasure scan needs, not a whole analysis to show.
        session.execute(delete(AnalysisRun))
        admin = make_user(session, name="Ada Admin", role="admin")
        session.commit()
        return {"anonymous": None, "person": world.person, "neighbour": world.neighbour,
                "coordinator": world.coordinator, "connector": world.connector, "admin": admin}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_every_form_page_names_its_questions(app, community, who):
    client = app.test_client() if community[who] is None else sign_in(app.test_client(), community[who])
    start = ["/", *(path for _endpoint, path in ROUTES)]

    found = walk_form_pages(client, start)

    for expected in EXPECTED[who]:
        assert any(re.search(expected + "($|[/?])", url) for url in found), (
            f"The walk as {who} never reached a form page like {expected}; it found: {sorted(found)}"
        )
    problems = {url: listed for url, listed in found.items() if listed}
    assert not problems, "\n".join(f"{url}:\n  " + "\n  ".join(listed) for url, listed in problems.items())
