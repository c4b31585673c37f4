"""Error pages: GOV.UK wording, the right status, and a page that passes the same checks as any other."""

from __future__ import annotations

import pytest
from flask import abort

from app import create_app
from app.extensions import limiter
from config import TestingConfig
from tests.web.conftest import ClientRequest


def heading(page) -> str:
    return page.h1.get_text(strip=True)


def test_unknown_page_is_page_not_found(client_request):
    page = client_request.get_url("/no-such-page", _expected_status=404)

    assert heading(page) == "Page not found"
    assert page.title.get_text(strip=True) == "Page not found – Weave"
    assert "check you copied the entire address" in page.get_text()


def test_forbidden_page_says_you_do_not_have_permission(app, client_request):
    app.add_url_rule("/test-forbidden", endpoint="test_forbidden", view_func=lambda: abort(403))

    page = client_request.get_url("/test-forbidden", _expected_status=403)

    assert heading(page) == "You do not have permission to see this page"


def test_rate_limited_page_says_wait_a_minute(app, client_request):
    def attempt():
        return "attempted"

    limited = limiter.limit("1 per minute")(attempt)
    app.add_url_rule("/test-attempt", endpoint="test_attempt", view_func=limited)

    client_request.get_url("/test-attempt", _test_page=False)
    page = client_request.get_url("/test-attempt", _expected_status=429)

    assert heading(page) == "Too many attempts – wait a minute and try again"


def test_unexpected_error_is_a_problem_with_the_service(app, client_request):
    app.config["PROPAGATE_TEST_ERRORS"] = False

    def broken():
        raise RuntimeError("a bug")

    app.add_url_rule("/test-broken", endpoint="test_broken", view_func=broken)

    page = client_request.get_url("/test-broken", _expected_status=500)

    assert heading(page) == "Sorry, there is a problem with the service"
    assert "a bug" not in page.get_text()


def test_unexpected_errors_reach_the_test_that_caused_them(app, client):
    def broken():
        raise RuntimeError("a bug")

    app.add_url_rule("/test-broken", endpoint="test_broken", view_func=broken)

    with pytest.raises(RuntimeError, match="a bug"):
        client.get("/test-broken")


def test_form_posted_without_a_valid_token_gets_the_timed_out_page(database_url, db):
    saved = []
    app = create_app(TestingConfig, DATABASE_URL=database_url, WTF_CSRF_ENABLED=True)
    app.add_url_rule("/test-form", endpoint="test_form", view_func=lambda: saved.append(1) or "saved",
                     methods=["POST"])
    try:
        page = ClientRequest(app, app.test_client()).post_url(
            "/test-form", _data={"name": "x"}, _expected_status=400
        )
    finally:
        app.extensions["weave.engine"].dispose()

    assert heading(page) == "This page has timed out"
    assert saved == []


def test_api_errors_are_json_problems_not_pages(client):
    response = client.get("/api/no-such-thing")

    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 404
