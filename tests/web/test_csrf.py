"""CSRF protection switched ON (TestingConfig turns it off for every other test)."""

from __future__ import annotations

import time

import pytest
from bs4 import BeautifulSoup
from itsdangerous.timed import TimestampSigner
from sqlalchemy import func, select

from app import create_app
from app.forms import CSRF_EXPIRED_MESSAGE
from community.models import User
from config import TestingConfig
from tests.builders.people import DEFAULT_PASSWORD, make_user
from tests.web.conftest import check_page

PASSPHRASE = "four words in a row"


@pytest.fixture()
def app(db, database_url):
    app = create_app(TestingConfig, DATABASE_URL=database_url, WTF_CSRF_ENABLED=True)
    yield app
    app.extensions["weave.engine"].dispose()


def count_users(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(User.id)))


def token_from(client, path: str) -> str:
    page = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
    return page.select_one("input[name=csrf_token]")["value"]


def expired_token_from(client, path: str, monkeypatch) -> str:
    """A token as the form would have carried it had the page been open for two hours."""
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 7200)
        return token_from(client, path)


def registration(**extra) -> dict:
    return {"display_name": "Amira Khan", "email": "amira@example.com", "password": PASSPHRASE, **extra}


def test_every_form_carries_a_token(client, session):
    user = make_user(session)
    session.commit()
    for path in ("/register", "/sign-in"):
        assert token_from(client, path)
    client.post("/sign-in", data={"email": user.email, "password": DEFAULT_PASSWORD,
                                  "csrf_token": token_from(client, "/sign-in")})
    for path in ("/sign-out", "/account/password", "/account/delete"):
        assert token_from(client, path), path


def test_a_post_without_a_token_is_refused_and_writes_nothing(client, session):
    response = client.post("/register", data=registration())
    assert response.status_code == 400
    assert count_users(session) == 0
    assert client.get("/account").status_code == 302


def test_a_forged_token_is_refused_and_writes_nothing(client, session):
    client.get("/register")
    response = client.post("/register", data=registration(csrf_token="forged"))
    assert response.status_code == 400
    assert count_users(session) == 0


def test_an_expired_registration_form_comes_back_with_the_answers_kept(client, session, monkeypatch):
    token = expired_token_from(client, "/register", monkeypatch)

    response = client.post("/register", data=registration(csrf_token=token))

    assert response.status_code == 400
    assert count_users(session) == 0
    page = check_page(response.get_data(as_text=True))
    assert page.title.get_text().startswith("Error: Create an account")
    assert CSRF_EXPIRED_MESSAGE in page.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert page.select_one("input#display_name")["value"] == "Amira Khan"
    assert page.select_one("input#email")["value"] == "amira@example.com"

    # The page carries a fresh token: submitting again works.
    fresh = page.select_one("input[name=csrf_token]")["value"]
    response = client.post("/register", data=registration(csrf_token=fresh))
    assert response.status_code == 302
    assert count_users(session) == 1


def test_an_expired_sign_in_form_keeps_the_email_and_signs_nobody_in(client, session, monkeypatch):
    user = make_user(session, email="kept@example.com")
    session.commit()
    token = expired_token_from(client, "/sign-in", monkeypatch)

    response = client.post("/sign-in", data={"email": user.email, "password": DEFAULT_PASSWORD,
                                             "csrf_token": token})

    assert response.status_code == 400
    page = check_page(response.get_data(as_text=True))
    assert page.select_one("input#email")["value"] == "kept@example.com"
    assert CSRF_EXPIRED_MESSAGE in page.get_text(" ", strip=True)
    assert client.get("/account").status_code == 302


def test_sign_out_without_a_token_does_not_sign_out(client, session):
    user = make_user(session)
    session.commit()
    client.post("/sign-in", data={"email": user.email, "password": DEFAULT_PASSWORD,
                                  "csrf_token": token_from(client, "/sign-in")})
    assert client.get("/account").status_code == 200

    response = client.post("/sign-out")

    assert response.status_code == 400
    assert CSRF_EXPIRED_MESSAGE in response.get_data(as_text=True)
    assert client.get("/account").status_code == 200
    session.expire_all()
    assert session.get(User, user.id).session_version == 1


def test_deleting_an_account_without_a_token_deletes_nothing(client, session):
    user = make_user(session)
    session.commit()
    client.post("/sign-in", data={"email": user.email, "password": DEFAULT_PASSWORD,
                                  "csrf_token": token_from(client, "/sign-in")})
    response = client.post("/account/delete", data={"password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    session.expire_all()
    assert session.get(User, user.id).deleted_at is None


def test_changing_a_role_without_a_token_changes_nothing(client, session):
    admin = make_user(session, role="admin")
    person = make_user(session)
    session.commit()
    client.post("/sign-in", data={"email": admin.email, "password": DEFAULT_PASSWORD,
                                  "csrf_token": token_from(client, "/sign-in")})
    response = client.post(f"/admin/users/{person.id}/role/confirm", data={"role": "connector"})
    assert response.status_code == 400
    session.expire_all()
    assert session.get(User, person.id).role == "resident"
