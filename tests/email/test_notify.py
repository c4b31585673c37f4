"""The GOV.UK Notify backend, against a local stand-in that checks the JWT and the request body."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.email.sender import send_outbox
from community.db import make_sessionmaker
from community.models import OutboxEmail
from community.notifications import queue_email
from config import TestingConfig
from tests.builders import committed
from tests.builders.notify import API_KEY, TEMPLATE_ID, FakeNotify
from tests.builders.people import make_user


@pytest.fixture()
def notify():
    fake = FakeNotify().start()
    yield fake
    fake.stop()


def _app(database_url, notify, api_key=API_KEY):
    from app import create_app

    return create_app(TestingConfig, DATABASE_URL=database_url, EMAIL_BACKEND="notify",
                      NOTIFY_API_KEY=api_key, NOTIFY_TEMPLATE_ID=TEMPLATE_ID, NOTIFY_BASE_URL=notify.url,
                      BASE_URL="https://weave.council.example", EMAIL_SENDER_THREAD=False)


def _queue(db, *addresses):
    def build(session):
        rows = [queue_email(session, user_id=make_user(session, email=a).id, subject="A neighbour offered",
                            body=f"Hello {a}") for a in addresses]
        session.flush()
        return [r.id for r in rows]

    return committed(db, build)


def _rows(db):
    with make_sessionmaker(db)() as session:
        return {e.id: e for e in session.scalars(select(OutboxEmail))}


def test_notify_gets_the_address_template_text_and_reference(db, database_url, notify):
    [email_id] = _queue(db, "ann@example.com")
    result = send_outbox(_app(database_url, notify))
    assert result.sent == 1, result.errors
    [body] = notify.received
    assert body["email_address"] == "ann@example.com" and body["template_id"] == TEMPLATE_ID
    assert body["reference"] == f"weave-{email_id}"
    assert body["personalisation"]["subject"] == "A neighbour offered"
    text = body["personalisation"]["body"]
    assert text.startswith("Hello ann@example.com") and "https://weave.council.example/alerts" in text
    assert "one_click_unsubscribe_url" not in body  # not an email one can unsubscribe from
    assert _rows(db)[email_id].status == "sent"


def test_a_wrong_key_is_refused_by_the_server_and_retried_not_failed(db, database_url, notify):
    # Positive control for the server's JWT check: a key with another secret is refused.
    wrong = API_KEY[:-36] + "11111111-2222-4333-8444-555555555555"
    [email_id] = _queue(db, "bo@example.com")
    result = send_outbox(_app(database_url, notify, api_key=wrong))
    assert result.retrying == 1 and notify.received == []
    assert notify.refused[0][0] == 403
    assert _rows(db)[email_id].last_error.startswith("Notify 403: Invalid token")


def test_rate_limits_are_retried_and_bad_requests_fail(db, database_url, notify):
    [later, bad] = _queue(db, "later@example.com", "bad@example.com")
    notify.answers["later@example.com"] = [(429, "Exceeded rate limit")]
    notify.answers["bad@example.com"] = [(400, "email_address Not a valid email address")]
    result = send_outbox(_app(database_url, notify))
    rows = _rows(db)
    assert (result.retrying, result.failed) == (1, 1)
    assert rows[later].status == "queued" and rows[later].last_error == "Notify 429: Exceeded rate limit"
    assert rows[bad].status == "failed"
    assert rows[bad].last_error == "Notify 400: email_address Not a valid email address"


def test_notify_that_cannot_be_reached_is_a_temporary_failure(db, database_url, notify):
    [email_id] = _queue(db, "cy@example.com")
    app = _app(database_url, notify)
    notify.stop()
    assert send_outbox(app).retrying == 1
    assert _rows(db)[email_id].status == "queued"
    notify.start = lambda: None  # already stopped; the fixture's stop must not fail
    notify.stop = lambda: None


def test_missing_settings_are_said_in_one_line(db, database_url, notify):
    app = _app(database_url, notify)
    app.config["NOTIFY_TEMPLATE_ID"] = None
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 1
    assert "set WEAVE_NOTIFY_API_KEY and WEAVE_NOTIFY_TEMPLATE_ID" in result.output


def test_alerts_give_notify_their_one_click_unsubscribe_address(db, database_url, notify):
    def build(session):
        user = make_user(session, email="dee@example.com")
        row = queue_email(session, user_id=user.id, subject="1 new request for help from your alert",
                          body="Hello", unsubscribe="subscription:7")
        session.flush()
        return row.id

    committed(db, build)
    assert send_outbox(_app(database_url, notify)).sent == 1
    [body] = notify.received
    assert body["one_click_unsubscribe_url"].startswith("https://weave.council.example/email/unsubscribe/")
    assert "Stop getting these emails: https://weave.council.example/email/unsubscribe/" in \
        body["personalisation"]["body"]
