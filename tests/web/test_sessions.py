"""Signing out and changing the password really end earlier sessions, including remember-me cookies;
cookies carry the right flags."""

from __future__ import annotations

import pytest

from app import create_app
from config import DEVELOPMENT_SECRET_KEY, ProductionConfig, TestingConfig
from tests.builders.people import DEFAULT_PASSWORD, make_user, sign_in_with_form

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture()
def user(session):
    user = make_user(session, email="sam@example.com")
    session.commit()
    return user


def replay(app, name: str, value: str):
    """A new browser holding only a copy of one cookie: is it signed in?"""
    stranger = app.test_client()
    stranger.set_cookie(name, value)
    return stranger.get("/account")


def session_cookie(app, client) -> str:
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


def remember_cookie(client):
    return client.get_cookie("remember_token")


def test_a_copied_session_cookie_stops_working_after_sign_out(app, client, user):
    sign_in_with_form(client, email=user.email)
    captured = session_cookie(app, client)
    assert replay(app, "session", captured).status_code == 200  # the copy works while the session lives

    assert client.post("/sign-out").status_code == 302

    response = replay(app, "session", captured)
    assert response.status_code == 302
    assert response.location.startswith("/sign-in")


def test_a_copied_remember_me_cookie_stops_working_after_sign_out(app, client, user):
    sign_in_with_form(client, email=user.email, remember=True)
    captured = remember_cookie(client)
    assert captured is not None
    assert replay(app, "remember_token", captured.value).status_code == 200

    client.post("/sign-out")

    assert remember_cookie(client) is None  # the browser is told to forget it ...
    assert replay(app, "remember_token", captured.value).status_code == 302  # ... and a copy is refused


def test_without_remember_me_no_remember_cookie_is_set(client, user):
    sign_in_with_form(client, email=user.email)
    assert remember_cookie(client) is None


def test_changing_the_password_ends_other_sessions_but_keeps_this_one(app, client, user):
    sign_in_with_form(client, email=user.email)
    other_device = app.test_client()
    sign_in_with_form(other_device, email=user.email, remember=True)
    captured = session_cookie(app, client)
    captured_remember = remember_cookie(other_device).value

    response = client.post(
        "/account/password", data={"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 302

    assert client.get("/account").status_code == 200
    assert other_device.get("/account").status_code == 302
    assert replay(app, "session", captured).status_code == 302
    assert replay(app, "remember_token", captured_remember).status_code == 302


def test_a_refused_password_change_ends_nothing(app, client, user):
    sign_in_with_form(client, email=user.email)
    captured = session_cookie(app, client)
    client.post("/account/password", data={"current_password": "wrong", "new_password": NEW_PASSWORD})
    assert replay(app, "session", captured).status_code == 200


def test_signing_out_ends_the_session_on_every_device(app, client, user):
    sign_in_with_form(client, email=user.email)
    other_device = app.test_client()
    sign_in_with_form(other_device, email=user.email)
    client.post("/sign-out")
    assert other_device.get("/account").status_code == 302


def test_a_deleted_account_s_cookie_signs_nobody_in(app, client, user):
    sign_in_with_form(client, email=user.email)
    captured = session_cookie(app, client)
    client.post("/account/delete", data={"password": DEFAULT_PASSWORD})
    assert replay(app, "session", captured).status_code == 302


def test_a_tampered_session_value_is_not_accepted(client, user):
    # Flask-Login's id is "<user id>:<session version>"; anything else loads nobody.
    for forged in (str(user.id), f"{user.id}:2", f"{user.id}:x", "garbage"):
        with client.session_transaction() as flask_session:
            flask_session["_user_id"] = forged
        assert client.get("/account").status_code == 302


def set_cookie_headers(response, name: str) -> list[str]:
    return [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]


def test_sign_in_cookies_are_http_only_and_same_site_lax(client, user):
    response = sign_in_with_form(client, email=user.email, remember=True)
    for name in ("session", "remember_token"):
        (header,) = set_cookie_headers(response, name)
        assert "HttpOnly" in header
        assert "SameSite=Lax" in header
        assert "Secure" not in header  # plain http in development and tests


def test_production_cookies_are_secure(database_url, db):
    assert ProductionConfig.SESSION_COOKIE_SECURE and ProductionConfig.REMEMBER_COOKIE_SECURE
    app = create_app(
        ProductionConfig,
        SECRET_KEY="a-real-secret-key-for-this-test-only",
        DATABASE_URL=database_url,
        REDIS_URL=None,
        ARGON2_TIME_COST=TestingConfig.ARGON2_TIME_COST,
        ARGON2_MEMORY_COST=TestingConfig.ARGON2_MEMORY_COST,
    )
    try:
        # The sign-in form puts its CSRF token in the session, so even a GET sets the cookie.
        response = app.test_client().get("/sign-in", base_url="https://weave.example.org")
        (header,) = set_cookie_headers(response, "session")
        assert "Secure" in header and "HttpOnly" in header and "SameSite=Lax" in header
    finally:
        app.extensions["weave.engine"].dispose()


@pytest.mark.parametrize("secret", [DEVELOPMENT_SECRET_KEY, ""])
def test_production_refuses_to_start_with_the_development_secret_key(database_url, secret):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig, SECRET_KEY=secret, DATABASE_URL=database_url)
