"""What every response carries: security headers, compression when asked, fingerprinted static files with
long-lived caching, a request id; and the readiness check a load balancer asks."""

from __future__ import annotations

import gzip
import io
import json
import logging
import re

import pytest
from bs4 import BeautifulSoup

from app import create_app
from app.logs import JsonFormatter, RequestIdFilter
from config import ProductionConfig, TestingConfig


def inline_scripts(html: bytes) -> list:
    """The page's scripts that run inline (not loaded from a file, not a JSON data block)."""
    page = BeautifulSoup(html, "html.parser")
    return [s for s in page.find_all("script") if not s.get("src") and s.get("type") != "application/json"]


def csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in policy.split(";"))}


# --- security headers --------------------------------------------------------------------------------


def test_pages_carry_the_security_headers(client, db):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # not on a developer's http
    policy = csp(response)
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == "frame-ancestors 'self'"
    assert policy["object-src"] == "object-src 'none'"


def test_the_inline_script_carries_this_responses_nonce_and_no_other_does(client, db):
    first, second = client.get("/"), client.get("/")
    nonces = [re.search(r"'nonce-([^']+)'", csp(r)["script-src"]).group(1) for r in (first, second)]
    assert nonces[0] != nonces[1], "a nonce must be new for every response"
    inline = inline_scripts(first.data)
    assert inline, "the GOV.UK template's inline script is missing: the check below would pass vacuously"
    assert all(s.get("nonce") == nonces[0] for s in inline)


def test_map_documents_carry_the_nonce_on_their_script(client, db, make_web_user):
    from tests.web.conftest import sign_in

    sign_in(client, make_web_user(role="connector", home=(51.5130, -0.3089)))
    for url in ("/maps/near-me", "/maps/groups", "/maps/groups/draw", "/maps/coverage", "/maps/network"):
        response = client.get(url)
        assert response.status_code == 200, url
        nonce = re.search(r"'nonce-([^']+)'", csp(response)["script-src"]).group(1)
        inline = inline_scripts(response.data)
        assert inline and all(s.get("nonce") == nonce for s in inline), url


def test_production_adds_hsts(db, database_url):
    app = create_app(ProductionConfig, DATABASE_URL=database_url, SECRET_KEY="a real secret",
                     LOG_FORMAT="text")
    try:
        response = app.test_client().get("/healthz")
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    finally:
        app.extensions["weave.engine"].dispose()


@pytest.mark.parametrize(("proxies", "expected"), [(0, "10.0.0.2"), (1, "203.0.113.9")])
def test_the_client_address_is_believed_through_the_trusted_proxies_only(db, database_url, proxies,
                                                                          expected):
    app = create_app(TestingConfig, DATABASE_URL=database_url, TRUSTED_PROXIES=proxies)
    seen = []

    def who():
        from flask import request

        seen.append((request.remote_addr, request.scheme))
        return "ok"

    app.add_url_rule("/test-who", endpoint="test_who", view_func=who)
    app.test_client().get("/test-who", environ_base={"REMOTE_ADDR": "10.0.0.2"},
                          headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"})
    assert seen[0][0] == expected
    assert seen[0][1] == ("https" if proxies else "http")
    app.extensions["weave.engine"].dispose()


# --- compression and static files --------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/api/v1/openapi.json", "/accessibility"])
def test_pages_and_json_are_gzipped_when_asked(client, db, url):
    plain = client.get(url)
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    body = gzip.decompress(zipped.data)
    assert len(zipped.data) < len(body) / 2
    if url.endswith(".json"):
        assert json.loads(body)["openapi"].startswith("3.1")


def test_pages_can_be_left_uncompressed_while_json_still_is(db, database_url):
    app = create_app(TestingConfig, DATABASE_URL=database_url, COMPRESS_HTML=False)
    client = app.test_client()
    assert "Content-Encoding" not in client.get("/", headers={"Accept-Encoding": "gzip"}).headers
    assert client.get("/api/v1/openapi.json", headers={"Accept-Encoding": "gzip"}).headers[
        "Content-Encoding"] == "gzip"
    app.extensions["weave.engine"].dispose()


def static_url(client, name: str) -> str:
    page = client.get("/").get_data(as_text=True)
    return re.search(rf'(/static/{re.escape(name)}\?v=[0-9a-f]+)', page).group(1)


def test_static_files_are_compressed_and_kept_for_a_year_at_their_fingerprinted_url(client, db):
    url = static_url(client, "build/weave.css")
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    css = gzip.decompress(response.get_data())
    assert len(response.get_data()) < len(css) / 4

    # The positive control: the same file without (or with another) fingerprint is revalidated.
    for other in ("/static/build/weave.css", "/static/build/weave.css?v=000000000000"):
        assert client.get(other).headers["Cache-Control"] == "no-cache"


def test_a_static_files_url_changes_with_its_content(app, client, db, tmp_path):
    from app import delivery

    app.static_folder = str(tmp_path)
    (tmp_path / "thing.js").write_text("one()")
    with app.test_request_context():
        from flask import url_for

        first = url_for("static", filename="thing.js")
        (tmp_path / "thing.js").write_text("two(); // longer")
        second = url_for("static", filename="thing.js")
        again = url_for("static", filename="thing.js")
    assert first != second and second == again
    assert re.fullmatch(r"/static/thing\.js\?v=[0-9a-f]{12}", second)
    assert client.get(second).headers["Cache-Control"].endswith("immutable")
    assert client.get(first).headers["Cache-Control"] == "no-cache"
    assert delivery.content_hash(tmp_path / "missing.js") is None


# --- readiness and request ids -----------------------------------------------------------------------


def test_ready_when_the_database_answers_at_the_head_revision(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ready"
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_not_ready_when_migrations_are_behind(client, db, monkeypatch):
    from app import health

    monkeypatch.setattr(health, "_heads", lambda: ("9999_newer",))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["migrations"] == "behind"


def test_not_ready_but_alive_when_the_database_is_unreachable(db):
    app = create_app(TestingConfig, DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/none")
    client = app.test_client()
    assert client.get("/readyz").status_code == 503
    assert client.get("/readyz").get_json()["database"] == "unreachable"
    assert client.get("/healthz").status_code == 200
    app.extensions["weave.engine"].dispose()


def test_a_request_id_is_taken_from_the_proxy_or_made_and_sent_back(client, db):
    given = client.get("/healthz", headers={"X-Request-ID": "lb-1234.abcd"})
    assert given.headers["X-Request-ID"] == "lb-1234.abcd"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["X-Request-ID"])
    assert client.get("/healthz").headers["X-Request-ID"] != made.headers["X-Request-ID"]


def test_json_logs_carry_the_request_id(app, client, db):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("weave.request")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    app.config["LOG_REQUESTS"] = True
    try:
        client.get("/healthz", headers={"X-Request-ID": "trace-42"})
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines, "no request line was logged"
    entry = lines[-1]
    assert entry["request_id"] == "trace-42"
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/healthz", 200)
    assert entry["level"] == "INFO" and isinstance(entry["duration_ms"], float)
