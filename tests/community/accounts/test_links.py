"""Password reset and email confirmation: single-use, time-limited links kept only as digests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from community.accounts import (
    LINK_NOT_VALID,
    authenticate,
    configure_hasher,
    confirm_email,
    passwords,
    register_resident,
    request_email_change,
    request_password_reset,
    reset_password,
    sign_in,
    verify_password,
)
from community.accounts.tokens import token_digest
from community.db import utcnow
from community.errors import Conflict, NotFound, ValidationFailed
from community.models import AccountToken, AuditEntry, OutboxEmail, User
from tests.builders.people import DEFAULT_PASSWORD, make_user

NEW_PASSWORD = "brass compass tidal chart"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch):
    monkeypatch.setattr(passwords, "_hasher", passwords._hasher)
    monkeypatch.setattr(passwords, "_dummy_hash", None)
    configure_hasher(time_cost=1, memory_cost=1024)


def link(secret: str) -> tuple[str, str]:
    return "Your link", f"https://weave.example/link/{secret}"


def already() -> tuple[str, str]:
    return "Someone tried to register", "Sign in or reset your password."


def secret_in(email: OutboxEmail) -> str:
    return email.body.rsplit("/", 1)[1]


def outbox(session) -> list[OutboxEmail]:
    return list(session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))


# --- password reset ---------------------------------------------------------------------------------


def test_a_reset_link_is_emailed_kept_as_a_digest_and_works_once(session):
    user = make_user(session, email="ada@example.com")
    request_password_reset(session, email="ADA@example.com", compose=link)
    [email] = outbox(session)
    secret = secret_in(email)
    [token] = session.scalars(select(AccountToken)).all()
    assert email.to_address == "ada@example.com"
    assert token.token_hash == token_digest(secret) and secret not in token.token_hash
    version = user.session_version

    reset_password(session, secret=secret, new_password=NEW_PASSWORD)

    assert verify_password(user.password_hash, NEW_PASSWORD)
    assert user.session_version == version + 1  # every session ends
    assert session.scalar(select(AuditEntry.action).where(AuditEntry.target_id == user.id)) == (
        "account.password_reset"
    )
    with pytest.raises(NotFound, match=LINK_NOT_VALID):
        reset_password(session, secret=secret, new_password="another long passphrase")


def test_an_unknown_address_gets_the_same_nothing_and_no_email(session):
    make_user(session, email="ada@example.com")
    assert request_password_reset(session, email="nobody@example.com", compose=link) is None
    assert request_password_reset(session, email="ada@example.com", compose=link) is None
    assert [e.to_address for e in outbox(session)] == ["ada@example.com"]


def test_a_reset_link_expires_after_an_hour(session):
    make_user(session, email="ada@example.com")
    asked = utcnow() - timedelta(hours=2)
    request_password_reset(session, email="ada@example.com", compose=link, now=asked)
    secret = secret_in(outbox(session)[0])

    with pytest.raises(NotFound):
        reset_password(session, secret=secret, new_password=NEW_PASSWORD)
    reset_password(session, secret=secret, new_password=NEW_PASSWORD, now=asked + timedelta(minutes=59))


def test_only_the_latest_reset_link_works(session):
    make_user(session, email="ada@example.com")
    request_password_reset(session, email="ada@example.com", compose=link)
    request_password_reset(session, email="ada@example.com", compose=link)
    first, second = (secret_in(e) for e in outbox(session))

    with pytest.raises(NotFound):
        reset_password(session, secret=first, new_password=NEW_PASSWORD)
    reset_password(session, secret=second, new_password=NEW_PASSWORD)


def test_a_weak_new_password_is_refused_and_the_link_still_works(session):
    make_user(session, email="ada@example.com")
    request_password_reset(session, email="ada@example.com", compose=link)
    secret = secret_in(outbox(session)[0])

    with pytest.raises(ValidationFailed) as refused:
        reset_password(session, secret=secret, new_password="password1")
    assert set(refused.value.errors) == {"password"}
    reset_password(session, secret=secret, new_password=NEW_PASSWORD)


def test_suspended_and_deleted_accounts_get_no_reset_link(session):
    make_user(session, email="gone@example.com", deleted_at=utcnow())
    make_user(session, email="held@example.com", suspended_at=utcnow(), suspension_reason="Spam")
    for address in ("gone@example.com", "held@example.com"):
        request_password_reset(session, email=address, compose=link)
    assert outbox(session) == []


# --- registering and confirming ---------------------------------------------------------------------


def test_registering_makes_an_unconfirmed_account_and_emails_a_link_that_confirms_it(session):
    user = register_resident(session, email="Bea@Example.com", display_name="Bea", password=DEFAULT_PASSWORD,
                             confirm=link, already_registered=already)
    assert user is not None and user.email_confirmed_at is None
    [email] = outbox(session)
    assert email.to_address == "Bea@Example.com" and email.subject == "Your link"

    assert confirm_email(session, secret=secret_in(email)) is user
    assert user.email_confirmed_at is not None
    with pytest.raises(NotFound):
        confirm_email(session, secret=secret_in(email))


def test_registering_a_known_address_emails_its_owner_and_makes_nothing(session):
    owner = make_user(session, email="ada@example.com", name="Ada")
    again = register_resident(session, email="ADA@example.com", display_name="Impostor",
                              password=DEFAULT_PASSWORD, confirm=link, already_registered=already)
    assert again is None
    assert [(e.to_address, e.subject) for e in outbox(session)] == [
        ("ada@example.com", "Someone tried to register")
    ]
    assert session.scalars(select(User.display_name)).all() == ["Ada"]
    assert verify_password(owner.password_hash, DEFAULT_PASSWORD)


def test_registering_again_before_confirming_sends_a_fresh_link(session):
    register_resident(session, email="bea@example.com", display_name="Bea", password=DEFAULT_PASSWORD,
                      confirm=link, already_registered=already)
    register_resident(session, email="bea@example.com", display_name="Bea", password=DEFAULT_PASSWORD,
                      confirm=link, already_registered=already)
    first, second = outbox(session)
    assert first.subject == second.subject == "Your link"
    with pytest.raises(NotFound):
        confirm_email(session, secret=secret_in(first))
    confirm_email(session, secret=secret_in(second))


def test_registration_problems_are_all_shown_whatever_the_address(session):
    make_user(session, email="ada@example.com")
    with pytest.raises(ValidationFailed) as refused:
        register_resident(session, email="ada@example.com", display_name="", password="short",
                          confirm=link, already_registered=already)
    assert set(refused.value.errors) == {"display_name", "password"}
    assert outbox(session) == []


def test_an_unconfirmed_account_signing_in_gets_a_new_link_not_a_session(session):
    user = make_user(session, email="bea@example.com", email_confirmed_at=None)
    attempt = sign_in(session, email="bea@example.com", password=DEFAULT_PASSWORD, confirm=link)
    assert attempt.user is user and not attempt.signed_in
    assert [e.to_address for e in outbox(session)] == ["bea@example.com"]
    # Without confirmation required (the demo), the same account signs straight in.
    assert sign_in(session, email="bea@example.com", password=DEFAULT_PASSWORD).signed_in


def test_a_suspended_account_cannot_sign_in_even_with_the_right_password(session):
    make_user(session, email="held@example.com", suspended_at=utcnow(), suspension_reason="Spam")
    with pytest.raises(ValidationFailed, match="suspended"):
        authenticate(session, email="held@example.com", password=DEFAULT_PASSWORD)
    with pytest.raises(ValidationFailed, match="Enter a correct email address and password"):
        authenticate(session, email="held@example.com", password="not the password at all")


# --- changing the address ---------------------------------------------------------------------------


def change(session, user, new_email, password=DEFAULT_PASSWORD):
    request_email_change(
        session, user=user, new_email=new_email, password=password, confirm=link,
        tell_old_address=lambda: ("Your address is changing", "Was it you?"),
        address_taken=lambda: ("Someone tried to use your address", "Nothing changed."),
    )


def test_a_new_address_changes_only_once_confirmed_and_the_old_one_is_told(session):
    user = make_user(session, email="ada@example.com")
    change(session, user, "ada@new.example")

    assert user.email == "ada@example.com"
    sent = {e.to_address: e for e in outbox(session)}
    assert sent["ada@example.com"].subject == "Your address is changing"
    confirm_email(session, secret=secret_in(sent["ada@new.example"]))
    assert (user.email, user.email_normalised) == ("ada@new.example", "ada@new.example")


def test_changing_to_an_address_with_an_account_warns_its_owner_and_sends_no_link(session):
    user = make_user(session, email="ada@example.com")
    make_user(session, email="bea@example.com")
    change(session, user, "Bea@example.com")

    assert sorted((e.to_address, e.subject) for e in outbox(session)) == [
        ("ada@example.com", "Your address is changing"),
        ("bea@example.com", "Someone tried to use your address"),
    ]
    assert session.scalars(select(AccountToken)).all() == []


def test_an_address_taken_while_the_link_waited_is_not_taken_over(session):
    user = make_user(session, email="ada@example.com")
    change(session, user, "new@example.com")
    secret = secret_in(next(e for e in outbox(session) if e.to_address == "new@example.com"))
    make_user(session, email="new@example.com")

    with pytest.raises(Conflict):
        confirm_email(session, secret=secret)
    assert user.email == "ada@example.com"


@pytest.mark.parametrize(("new_email", "password", "fields"), [
    ("ada@example.com", DEFAULT_PASSWORD, {"email"}),
    ("not an address", DEFAULT_PASSWORD, {"email"}),
    ("ada@new.example", "wrong password here", {"password"}),
    ("", "", {"email", "password"}),
])
def test_a_refused_change_says_why_and_sends_nothing(session, new_email, password, fields):
    user = make_user(session, email="ada@example.com")
    with pytest.raises(ValidationFailed) as refused:
        change(session, user, new_email, password)
    assert set(refused.value.errors) == fields
    assert outbox(session) == []
