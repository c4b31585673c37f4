"""Registering, confirming an address, resetting a password and changing an email, through the web.

Links are read from the outbox (``outbox_emails``), as a person would read them from their email.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from community.db import utcnow
from community.models import AccountToken, AuditEntry, OutboxEmail, User
from tests.builders.people import DEFAULT_PASSWORD, make_user, sign_in_with_form

NEW_PASSWORD = "lighthouse keeper's brass lamp"


def emails(session, to: str | None = None) -> list[OutboxEmail]:
    session.expire_all()
    query = select(OutboxEmail).order_by(OutboxEmail.id)
    if to is not None:
        query = query.where(OutboxEmail.to_address == to)
    return list(session.scalars(query))


def link_in(email: OutboxEmail) -> str:
    """The path of the link in an email (made absolute for the request's host)."""
    return re.search(r"https?://[^/\s]+(/\S+)", email.body).group(1)


@pytest.fixture()
def ada(session):
    user = make_user(session, email="ada@example.com", name="Ada")
    session.commit()
    return user


def register(client_request, email="bea@example.com", **fields):
    data = {"display_name": "Bea", "email": email, "password": DEFAULT_PASSWORD} | fields
    return client_request.post("auth.register", _data=data, _follow_redirects=True)


# --- registering ------------------------------------------------------------------------------------


def test_registering_a_new_or_a_known_address_looks_the_same(client, client_request, session, ada):
    new = register(client_request, email="bea@example.com")
    new_path = client_request.response.request.path
    known = register(client_request, email="ADA@example.com", display_name="Not Ada")
    known_path = client_request.response.request.path

    assert new_path == known_path == "/check-your-email"
    assert new.select_one("main").get_text() == known.select_one("main").get_text()
    # Nobody is signed in, and the owner of the known address heard about it.
    assert client.get("/account").status_code == 302
    [to_bea] = emails(session, "bea@example.com")
    [to_ada] = emails(session, "ada@example.com")
    assert "/confirm-email/" in to_bea.body
    assert to_ada.subject == "Someone tried to create an account with your email address"
    assert "/forgot-password" in to_ada.body and "/confirm-email/" not in to_ada.body
    assert session.scalars(select(User.display_name).order_by(User.id)).all() == ["Ada", "Bea"]


def test_the_confirmation_link_asks_first_then_confirms_and_works_once(client, client_request, session):
    register(client_request)
    path = link_in(emails(session, "bea@example.com")[0])

    page = client_request.get_url(path)
    assert page.select_one("h1").get_text(strip=True) == "Confirm your email address"
    assert session.scalar(select(User.email_confirmed_at)) is None  # opening the link changed nothing

    client_request.post_url(path, _follow_redirects=True)
    assert client_request.response.request.path == "/sign-in"
    session.expire_all()
    assert session.scalar(select(User.email_confirmed_at)) is not None
    assert sign_in_with_form(client, email="bea@example.com").location == "/"

    used = client_request.get_url(path, _expected_status=404)
    assert used.select_one("h1").get_text(strip=True) == "This link has expired or has already been used"


def test_signing_in_before_confirming_sends_a_new_link_instead(client, client_request, session):
    register(client_request)
    response = sign_in_with_form(client, email="bea@example.com")

    assert response.location == "/check-your-email?unconfirmed=1"
    assert client.get("/account").status_code == 302
    assert len(emails(session, "bea@example.com")) == 2


def test_registration_errors_are_summarised_and_the_input_kept(client_request, session):
    page = client_request.post("auth.register", _data={"display_name": "Bea", "email": "bea@example",
                                                       "password": "short"}, _expected_status=200)
    assert [a["href"] for a in page.select(".govuk-error-summary__list a")] == ["#email", "#password"]
    assert page.select_one("input#email")["value"] == "bea@example"
    assert emails(session) == []


# --- resetting a password ---------------------------------------------------------------------------


def test_asking_for_a_reset_says_the_same_for_known_and_unknown_addresses(client_request, session, ada):
    known = client_request.post("auth.forgot_password", _data={"email": "ada@example.com"},
                                _follow_redirects=True)
    unknown = client_request.post("auth.forgot_password", _data={"email": "nobody@example.com"},
                                  _follow_redirects=True)
    assert known.select_one("main").get_text() == unknown.select_one("main").get_text()
    assert [e.to_address for e in emails(session)] == ["ada@example.com"]


def test_a_reset_link_sets_the_password_and_ends_every_session(app, client, client_request, session, ada):
    elsewhere = app.test_client()
    sign_in_with_form(elsewhere, email="ada@example.com")
    assert elsewhere.get("/account").status_code == 200
    client_request.post("auth.forgot_password", _data={"email": "ada@example.com"})
    path = link_in(emails(session, "ada@example.com")[0])

    client_request.get_url(path)
    page = client_request.post_url(path, _data={"password": NEW_PASSWORD}, _follow_redirects=True)

    assert client_request.response.request.path == "/sign-in"
    assert "Sign in with your new password" in page.select_one(".govuk-notification-banner").get_text()
    assert elsewhere.get("/account").status_code == 302  # the other session has ended
    assert sign_in_with_form(client, email="ada@example.com", password=DEFAULT_PASSWORD).status_code == 200
    assert sign_in_with_form(client, email="ada@example.com", password=NEW_PASSWORD).location == "/"
    assert client_request.get_url(path, _expected_status=404).select_one("h1")


def test_a_weak_new_password_is_shown_again_with_the_problem(client_request, session, ada):
    client_request.post("auth.forgot_password", _data={"email": "ada@example.com"})
    path = link_in(emails(session)[0])
    page = client_request.post_url(path, _data={"password": "password1"}, _expected_status=200)
    assert page.select_one(".govuk-error-summary a")["href"] == "#password"


def test_an_expired_reset_link_is_refused(client_request, session, ada):
    client_request.post("auth.forgot_password", _data={"email": "ada@example.com"})
    path = link_in(emails(session)[0])
    session.execute(AccountToken.__table__.update().values(expires_at=utcnow() - timedelta(minutes=1)))
    session.commit()
    page = client_request.get_url(path, _expected_status=404)
    assert page.select_one("main a")["href"] == "/forgot-password"
    client_request.post_url(path, _data={"password": NEW_PASSWORD}, _expected_status=404)


# --- the account page -------------------------------------------------------------------------------


def test_a_person_changes_their_name_and_phone(client, client_request, session, ada):
    sign_in_with_form(client, email="ada@example.com")
    page = client_request.post("auth.account_details", _data={"display_name": "", "phone": "call me"},
                               _expected_status=200)
    assert [a["href"] for a in page.select(".govuk-error-summary__list a")] == ["#display_name", "#phone"]
    assert page.select_one("input#phone")["value"] == "call me"

    client_request.post("auth.account_details",
                        _data={"display_name": "Ada Lovelace", "phone": "07700 900 982"})
    account = client_request.get("auth.account")
    assert "Ada Lovelace" in account.get_text() and "07700 900 982" in account.get_text()


def test_a_new_email_address_is_confirmed_before_it_changes(client, client_request, session, ada):
    sign_in_with_form(client, email="ada@example.com")
    client_request.post("auth.change_email", _data={"email": "ada@new.example", "password": DEFAULT_PASSWORD})

    [told] = emails(session, "ada@example.com")
    assert told.subject == "Your Weave email address is changing"
    session.expire_all()
    assert session.get(User, ada.id).email == "ada@example.com"
    path = link_in(emails(session, "ada@new.example")[0])
    client_request.post_url(path, _follow_redirects=True)
    session.expire_all()
    assert session.get(User, ada.id).email == "ada@new.example"


def test_a_person_downloads_their_data_and_it_is_audited(client, session, ada):
    sign_in_with_form(client, email="ada@example.com")
    response = client.get("/account/your-data.json")

    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["data"]["users"][0]["email"] == "ada@example.com"
    session.expire_all()
    assert session.scalar(select(AuditEntry.action).where(AuditEntry.action == "personal_data.exported"))
