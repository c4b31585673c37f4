"""Page-level test helpers, in the style of GOV.UK Notify admin's ``client_request``.

Every HTML page a web test fetches is read the way a user (and a screen reader) would meet it::

    def test_home_page_offers_sign_in(client_request):
        page = client_request.get("main.home")
        assert page.select_one("h1").text.strip() == "Help between neighbours, groups and your council"

``client_request.get`` asserts the status and, for HTML, that the page has a non-empty ``<title>``, exactly
one ``<h1>``, no duplicate ids and HTML that html5lib parses without a single error in strict mode. It
returns the page as BeautifulSoup. Sign in first with ``client_request.sign_in(user)``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import html5lib
import pytest
from bs4 import BeautifulSoup
from flask import Flask, url_for
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from community.db import make_sessionmaker
from community.models import User
from tests.builders.people import make_user


def check_page(html: str) -> BeautifulSoup:
    """Fail unless ``html`` is a well-formed page with a title, one h1 and unique ids."""
    try:
        html5lib.HTMLParser(strict=True).parse(html)
    except html5lib.html5parser.ParseError as error:
        line, column = _position(html, error)
        context = html.splitlines()[line - 1] if line else ""
        pytest.fail(f"Invalid HTML at line {line}, column {column}: {error}\n    {context.strip()}")
    page = BeautifulSoup(html, "html.parser")
    title = page.title.get_text(strip=True) if page.title else ""
    assert title, "The page has no <title>, or an empty one"
    headings = page.find_all("h1")
    assert len(headings) == 1, f"Expected exactly one <h1>, found {len(headings)}: {headings}"
    ids = Counter(element["id"] for element in page.select("[id]"))
    duplicates = sorted(name for name, count in ids.items() if count > 1)
    assert not duplicates, f"Duplicate ids: {duplicates}"
    return page


def _position(html: str, _error) -> tuple[int, int]:
    # html5lib's strict mode raises at the first error without its position; parse again leniently to
    # find where it was.
    parser = html5lib.HTMLParser()
    parser.parse(html)
    if parser.errors:
        (line, column), _code, _data = parser.errors[0]
        return line, column
    return 0, 0


def is_html(response: TestResponse) -> bool:
    return response.mimetype == "text/html"


def sign_in(client: FlaskClient, user: User) -> FlaskClient:
    """Sign ``client`` in as ``user`` the way Flask-Login remembers a session."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


class ClientRequest:
    """Fetch pages by endpoint (``"main.home"``) or URL, checking status and page structure."""

    def __init__(self, app: Flask, client: FlaskClient):
        self.app = app
        self.client = client
        self.response: TestResponse | None = None

    def sign_in(self, user: User) -> None:
        sign_in(self.client, user)

    def sign_out(self) -> None:
        with self.client.session_transaction() as session:
            session.clear()

    def url(self, endpoint: str, **values) -> str:
        with self.app.test_request_context():
            return url_for(endpoint, **values)

    def get(self, endpoint: str, *, _expected_status: int = 200, _follow_redirects: bool = False,
            _test_page: bool = True, **values) -> BeautifulSoup:
        return self.get_url(self.url(endpoint, **values), _expected_status=_expected_status,
                            _follow_redirects=_follow_redirects, _test_page=_test_page)

    def get_url(self, url: str, *, _expected_status: int = 200, _follow_redirects: bool = False,
                _test_page: bool = True) -> BeautifulSoup:
        response = self.client.get(url, follow_redirects=_follow_redirects)
        return self._read(response, _expected_status, _test_page)

    def post(self, endpoint: str, *, _data: dict | None = None, _expected_status: int | None = None,
             _expected_redirect: str | None = None, _follow_redirects: bool = False,
             _test_page: bool = True, **values) -> BeautifulSoup:
        return self.post_url(self.url(endpoint, **values), _data=_data, _expected_status=_expected_status,
                             _expected_redirect=_expected_redirect, _follow_redirects=_follow_redirects,
                             _test_page=_test_page)

    def post_url(self, url: str, *, _data: dict | None = None, _expected_status: int | None = None,
                 _expected_redirect: str | None = None, _follow_redirects: bool = False,
                 _test_page: bool = True) -> BeautifulSoup:
        """POST a form; by default expect the post/redirect/get 302 (or 200 when following it)."""
        if _expected_status is None:
            _expected_status = 200 if _follow_redirects else 302
        response = self.client.post(url, data=_data or {}, follow_redirects=_follow_redirects)
        page = self._read(response, _expected_status, _test_page)
        if _expected_redirect is not None:
            assert response.location == _expected_redirect, (
                f"Redirected to {response.location!r}, expected {_expected_redirect!r}"
            )
        return page

    def _read(self, response: TestResponse, expected_status: int, test_page: bool) -> BeautifulSoup:
        self.response = response
        assert response.status_code == expected_status, (
            f"{response.request.method} {response.request.path} answered {response.status_code}, "
            f"expected {expected_status}; location={response.location!r}"
        )
        html = response.get_data(as_text=True)
        if test_page and response.status_code not in (301, 302, 303, 307, 308) and is_html(response):
            return check_page(html)
        return BeautifulSoup(html, "html.parser")


@pytest.fixture()
def client_request(app, client) -> ClientRequest:
    return ClientRequest(app, client)


@pytest.fixture()
def make_web_user(db) -> Callable[..., User]:
    """Create and commit a user the app can load: ``make_web_user(role="connector")``."""

    def make(**kwargs) -> User:
        with make_sessionmaker(db)() as session:
            user = make_user(session, **kwargs)
            session.commit()
        return user

    return make


@pytest.fixture()
def signed_in_client(app) -> Callable[[User], FlaskClient]:
    """A fresh test client signed in as the given user: ``signed_in_client(user).get("/")``."""

    def make(user: User) -> FlaskClient:
        return sign_in(app.test_client(), user)

    return make
