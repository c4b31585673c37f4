"""The check that keeps the API document honest (tests/api_contract.py) can fail, and checks only the API.

Each test here provokes a response, then takes what the check noted itself, so that the conftest hook has
nothing left to fail the test with.
"""

from __future__ import annotations

import pytest
from flask import request

from app.api.openapi import build_document
from tests import conftest
from tests.api_contract import take_mismatches


@pytest.fixture()
def spoil(app):
    """``spoil(change)``: pass every response to /api/v1/openapi.json through ``change`` before it leaves."""

    def install(change):
        @app.after_request
        def spoiled(response):
            if request.path == "/api/v1/openapi.json":
                change(response)
            return response

    return install


def test_the_check_validates_against_the_document_the_api_serves(client):
    assert client.get("/api/v1/openapi.json").get_json() == build_document()
    assert take_mismatches() == []


def test_a_body_that_breaks_its_schema_is_reported(client, spoil):
    spoil(lambda response: response.set_data(b"[1, 2, 3]"))

    client.get("/api/v1/openapi.json")

    (mismatch,) = take_mismatches()
    assert mismatch.startswith("GET /api/v1/openapi.json answered 200 application/json: InvalidData")
    assert "is not of type 'object'" in mismatch


def test_a_status_the_operation_does_not_declare_is_reported(client, spoil):
    def teapot(response):
        response.status_code = 418

    spoil(teapot)

    client.get("/api/v1/openapi.json")

    (mismatch,) = take_mismatches()
    assert "answered 418" in mismatch and "Unknown response http status: 418" in mismatch


def test_a_content_type_the_status_does_not_declare_is_reported(client, spoil):
    def as_html(response):
        response.mimetype = "text/html"

    spoil(as_html)

    client.get("/api/v1/openapi.json")

    (mismatch,) = take_mismatches()
    assert "Content for the following mimetype not found: text/html" in mismatch


def test_a_route_the_document_leaves_out_is_reported(app, client):
    app.add_url_rule("/api/v1/undocumented", "undocumented", lambda: {"secret": True})

    assert client.get("/api/v1/undocumented").status_code == 200

    (mismatch,) = take_mismatches()
    assert mismatch.startswith("GET /api/v1/undocumented answered 200 application/json: PathNotFound")


def test_the_check_leaves_pages_and_unrouted_api_paths_alone(app, client):
    app.add_url_rule("/not-the-api", "not_the_api", lambda: {"anything": "goes"})

    assert client.get("/not-the-api").status_code == 200
    assert client.get("/api/v1/no-such-thing").status_code == 404
    assert client.delete("/api/v1/openapi.json").status_code == 405

    assert take_mismatches() == []


def test_the_hook_fails_the_test_that_provoked_a_mismatch(client, spoil):
    def teapot(response):
        response.status_code = 418

    spoil(teapot)
    client.get("/api/v1/openapi.json")

    hook = conftest.pytest_runtest_call(item=None)
    next(hook)  # the test's call runs here
    with pytest.raises(pytest.fail.Exception, match=r"(?s)does not describe:.*openapi.json answered 418"):
        hook.send(None)
    assert take_mismatches() == []
