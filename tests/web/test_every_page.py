"""Every page without URL parameters, for every kind of user, answers sensibly and is a well-formed page.

The routes are read from the app's URL map when the tests are collected, so a new blueprint's pages are
checked the moment they are registered, with no list here to keep up to date.
"""

from __future__ import annotations

import pytest

from app import create_app
from config import TestingConfig
from tests.web.conftest import check_page, is_html, sign_in

# Not pages: static files, the JSON health and readiness checks and the JSON API.
SKIPPED_ENDPOINTS = {"static", "main.healthz", "health.readyz"}
SKIPPED_PREFIXES = ("/api/", "/static/")
ALLOWED_STATUSES = (200, 302, 403)
ROLES = ("anonymous", "resident", "connector", "admin")


def parameterless_get_routes() -> list[tuple[str, str]]:
    """(endpoint, path) for every GET route that needs no URL parameters."""
    # Building the app reads no data: the URL map is all that is needed here.
    app = create_app(TestingConfig, DATABASE_URL="sqlite://")
    routes = {
        (rule.endpoint, rule.rule)
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ())
        and not rule.arguments
        and rule.endpoint not in SKIPPED_ENDPOINTS
        and not rule.rule.startswith(SKIPPED_PREFIXES)
    }
    app.extensions["weave.engine"].dispose()
    return sorted(routes)


ROUTES = parameterless_get_routes()


def test_the_walk_covers_the_pages_we_know_exist():
    endpoints = {endpoint for endpoint, _path in ROUTES}

    assert {"main.home", "main.accessibility", "main.privacy", "main.data_attribution"} <= endpoints
    assert "main.healthz" not in endpoints


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("endpoint", "path"), ROUTES, ids=[endpoint for endpoint, _path in ROUTES])
def test_every_page_renders_for_every_kind_of_user(client, make_web_user, endpoint, path, role):
    if role != "anonymous":
        sign_in(client, make_web_user(role=role))

    response = client.get(path)

    assert response.status_code in ALLOWED_STATUSES, (
        f"GET {path} ({endpoint}) as {role} answered {response.status_code}"
    )
    if response.status_code in (200, 403) and is_html(response):
        check_page(response.get_data(as_text=True))
