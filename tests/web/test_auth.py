"""Register, sign in, sign out, the account page, change password and delete account, through the web."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community import accounts
from community.models import User
from tests.builders.people import DEFAULT_PASSWORD, make_user, sign_in_with_form

PASSPHRASE = "  my bike is green and old  "


def count_users(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(User.id)))


def error_messages(page) -> list[str]:
    return [item.get_text(" ", strip=True) for item in page.select(".govuk-error-summary__list li")]


def register(client_request, _expected_status=200, **fields):
    data = {"display_name": "Priya Shah", "email": "Priya.Shah@Example.com", "password": PASSPHRASE}
    data.update(fields)
    return client_request.post("auth.register", _data=data, _expected_status=_expected_status)


@pytest.fixture()
def user(session):
    user = make_user(session, email="Jo.Bloggs@example.com", name="Jo Bloggs")
    session.commit()
    return user


# Register


def test_the_register_page_has_the_fields_other_pages_rely_on(client_request):
    page = client_request.get("auth.register")
    assert page.select_one("h1").get_text(strip=True) == "Create an account"
    assert page.select_one("label[for=display_name]").get_text(strip=True) == "Your name"
    assert page.select_one("input#email")["type"] == "email"
    password = page.select_one("input#password")
    assert password["type"] == "password" and password["autocomplete"] == "new-password"
    assert page.select_one("[data-module=govuk-password-input] button").get_text(strip=True) == "Show"


@pytest.fixture()
def without_confirmation(app):
    """The demo's way (development): no confirmation link, registering signs the person straight in."""
    app.config["REQUIRE_EMAIL_CONFIRMATION"] = False


def test_without_confirmation_registering_signs_in_and_goes_home_with_a_message(
    client, client_request, session, without_confirmation
):
    page = client_request.post("auth.register", _data={
        "display_name": "Priya Shah", "email": "Priya.Shah@Example.com", "password": PASSPHRASE,
    }, _follow_redirects=True)
    assert client_request.response.request.path == "/"
    assert "Your account has been created" in page.select_one(".govuk-notification-banner").get_text()
    assert client.get("/account").status_code == 200
    session.expire_all()
    user = session.scalars(select(User)).one()
    assert (user.email, user.email_normalised, user.role) == (
        "Priya.Shah@Example.com", "priya.shah@example.com", "resident"
    )


def test_a_passphrase_with_spaces_works_for_sign_in_exactly_as_typed(
    app, client_request, without_confirmation
):
    register(client_request, _expected_status=302)
    for typed, works in ((PASSPHRASE.strip(), False), (PASSPHRASE, True)):
        fresh = app.test_client()
        response = sign_in_with_form(fresh, email="priya.shah@example.com", password=typed)
        assert (response.status_code == 302) is works
        assert (fresh.get("/account").status_code == 200) is works


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "Password must be 8 characters or more"),
        ("Password123", "Choose a password that is harder to guess"),
        ("QWERTYUIOP", "Choose a password that is harder to guess"),
        ("", "Enter a password"),
    ],
)
def test_short_and_common_passwords_are_refused_and_nothing_is_written(client_request, session, password,
                                                                       message):
    page = register(client_request, password=password)
    assert page.title.get_text().startswith("Error: Create an account")
    assert error_messages(page)[0].startswith(message)
    assert message in page.select_one("#password-error").get_text()
    assert count_users(session) == 0


def test_a_malformed_email_gets_the_gov_uk_message_and_input_is_kept(client_request, session):
    page = register(client_request, email="priya.example.com")
    assert error_messages(page) == ["Enter an email address in the correct format, like name@example.com"]
    assert page.select_one("input#email")["value"] == "priya.example.com"
    assert page.select_one("input#display_name")["value"] == "Priya Shah"
    # A password is never sent back to the browser.
    assert not page.select_one("input#password").get("value")
    assert count_users(session) == 0


def test_every_missing_field_is_listed_at_once(client_request, session):
    page = register(client_request, display_name="", email="", password="")
    assert error_messages(page) == ["Enter your name", "Enter your email address", "Enter a password"]
    assert [a["href"] for a in page.select(".govuk-error-summary__list a")] == [
        "#display_name", "#email", "#password"
    ]
    assert count_users(session) == 0


def test_without_confirmation_an_email_already_used_is_refused_with_a_clear_message(
    client_request, session, user, without_confirmation
):
    page = register(client_request, email="JO.BLOGGS@EXAMPLE.COM")
    assert error_messages(page) == [accounts.DUPLICATE_EMAIL]
    assert count_users(session) == 1


def test_a_signed_in_person_visiting_register_or_sign_in_goes_home(client, user):
    sign_in_with_form(client, email=user.email)
    assert client.get("/register").location == "/"
    assert client.get("/sign-in").location == "/"


# Sign in


def test_sign_in_with_the_email_in_any_case(client, user):
    response = sign_in_with_form(client, email="JO.BLOGGS@EXAMPLE.COM")
    assert response.status_code == 302 and response.location == "/"
    page = client.get("/account").get_data(as_text=True)
    assert "Jo Bloggs" in page and "Jo.Bloggs@example.com" in page and "Resident" in page


def test_a_wrong_password_and_an_unknown_email_get_the_same_page(client_request, user):
    pages = []
    for email, password in (("jo.bloggs@example.com", "wrong password"), ("nobody@example.com", "x" * 12)):
        page = client_request.post("auth.sign_in", _data={"email": email, "password": password},
                                   _expected_status=200)
        pages.append((page.title.get_text(), error_messages(page)))
    assert pages[0] == pages[1]
    assert pages[0][1] == ["Enter a correct email address and password"]


def test_sign_in_keeps_the_email_but_not_the_password(client_request, user):
    page = client_request.post("auth.sign_in", _data={"email": "jo.bloggs@example.com", "password": "nope"},
                               _expected_status=200)
    assert page.select_one("input#email")["value"] == "jo.bloggs@example.com"
    assert not page.select_one("input#password").get("value")


def test_sign_in_asks_for_missing_fields(client_request):
    page = client_request.post("auth.sign_in", _data={}, _expected_status=200)
    assert error_messages(page) == ["Enter your email address", "Enter your password"]


def test_sign_in_goes_to_a_safe_next_page(client, user):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.location.startswith("/sign-in?next=")
    response = sign_in_with_form(client, email=user.email, next="/account")
    assert response.location == "/account"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example.com/",
        "//evil.example.com/account",
        "/\\evil.example.com",
        "\\\\evil.example.com",
        "/\t/evil.example.com",
        "javascript:alert(1)",
        "http:/evil.example.com",
        "evil.example.com",
    ],
)
def test_next_never_leads_off_site(client, user, target):
    response = sign_in_with_form(client, email=user.email, next=target)
    assert response.status_code == 302
    assert response.location == "/"


def test_the_sign_in_form_keeps_a_safe_next_in_its_action_only(client_request):
    page = client_request.get("auth.sign_in", next="/account")
    assert page.select_one("form")["action"] == "/sign-in?next=/account"
    page = client_request.get("auth.sign_in", next="https://evil.example.com/")
    assert page.select_one("form")["action"] == "/sign-in"


# Sign out


def test_sign_out_asks_first_then_signs_out_on_post(client, client_request, user):
    sign_in_with_form(client, email=user.email)
    page = client_request.get("auth.sign_out_confirm")
    form = page.select_one("main form")
    assert form["method"] == "post" and form["action"] == "/sign-out"
    assert client.get("/account").status_code == 200
    page = client_request.post("auth.sign_out", _follow_redirects=True)
    assert "You have signed out" in page.get_text()
    assert client.get("/account").status_code == 302


def test_sign_out_page_when_not_signed_in_goes_home(client):
    assert client.get("/sign-out").location == "/"


# Account, password, delete


def test_the_account_page_needs_sign_in_and_shows_the_account(client, client_request, user):
    client_request.get("auth.account", _expected_status=302)
    sign_in_with_form(client, email=user.email)
    page = client_request.get("auth.account")
    rows = {row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(strip=True)
            for row in page.select(".govuk-summary-list__row")}
    assert rows["Name"] == "Jo Bloggs"
    assert rows["Email address"] == "Jo.Bloggs@example.com"
    assert rows["Role"] == "Resident"
    links = {a["href"] for a in page.select("main a")}
    assert {"/account/password", "/account/delete"} <= links


def test_user_text_is_escaped_on_the_account_page(client, session):
    user = make_user(session, name="<script>alert(1)</script>")
    session.commit()
    sign_in_with_form(client, email=user.email)
    html = client.get("/account").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_changing_the_password(app, client, client_request, user):
    sign_in_with_form(client, email=user.email)
    page = client_request.get("auth.change_password")
    assert page.select_one("h1").get_text(strip=True) == "Change your password"
    page = client_request.post("auth.change_password", _data={
        "current_password": DEFAULT_PASSWORD, "new_password": PASSPHRASE,
    }, _follow_redirects=True)
    assert "Your password has been changed" in page.get_text()
    old = sign_in_with_form(app.test_client(), email=user.email, password=DEFAULT_PASSWORD)
    new = sign_in_with_form(app.test_client(), email=user.email, password=PASSPHRASE)
    assert (old.status_code, new.status_code) == (200, 302)


def test_a_refused_password_change_shows_field_errors(client, client_request, user):
    sign_in_with_form(client, email=user.email)
    page = client_request.post("auth.change_password", _data={
        "current_password": "not it", "new_password": "password1",
    }, _expected_status=200)
    assert page.title.get_text().startswith("Error: Change your password")
    assert "Your current password is not correct" in page.select_one("#current_password-error").get_text()
    assert "harder to guess" in page.select_one("#new_password-error").get_text()


def test_deleting_the_account_needs_the_password_then_signs_out(client, client_request, session, user):
    sign_in_with_form(client, email=user.email)
    page = client_request.get("auth.delete_account")
    assert page.select_one("h1").get_text(strip=True) == "Delete your account"
    page = client_request.post("auth.delete_account", _data={"password": "wrong"}, _expected_status=200)
    assert error_messages(page) == ["Your password is not correct"]
    session.expire_all()
    assert session.get(User, user.id).deleted_at is None

    page = client_request.post("auth.delete_account", _data={"password": DEFAULT_PASSWORD},
                               _follow_redirects=True)
    assert "Your account has been deleted" in page.get_text()
    assert client.get("/account").status_code == 302
    session.expire_all()
    deleted = session.get(User, user.id)
    assert deleted.deleted_at is not None and deleted.display_name == "Deleted user"
    # The old email and password no longer sign anyone in.
    assert sign_in_with_form(client, email="jo.bloggs@example.com").status_code == 200
    assert client.get("/account").status_code == 302


def test_the_last_coordinator_is_told_why_they_cannot_delete_their_account(client, client_request, session,
                                                                            user):
    from tests.builders.groups import make_group

    make_group(session, name="Elm Road Tenants", coordinator=session.get(User, user.id))
    session.commit()
    sign_in_with_form(client, email=user.email)
    page = client_request.post("auth.delete_account", _data={"password": DEFAULT_PASSWORD},
                               _expected_status=200)
    assert "You are the only coordinator of Elm Road Tenants" in page.select_one("#refusal").get_text()
    session.expire_all()
    assert session.get(User, user.id).deleted_at is None
