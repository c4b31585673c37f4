"""The outbox is really sent: to a real SMTP server, once, retried on 4xx, failed on 5xx."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.email.sender import send_outbox, stop_sender_thread, wake_sender
from community.db import make_sessionmaker, utcnow
from community.models import CouncilSettings, OutboxEmail
from community.notifications import queue_email
from community.outbox import MAX_ATTEMPTS, deliver_pending
from tests.builders import committed
from tests.builders.mail import SmtpInbox, email_id_of, html_of, text_of
from tests.builders.people import make_user


def _queue(db, *addresses: str, subject: str = "Someone offered to help", body: str = "Hello") -> list[int]:
    def build(session):
        rows = []
        for address in addresses:
            user = make_user(session, email=address)
            rows.append(queue_email(session, user_id=user.id, subject=subject, body=body))
        session.flush()
        return [row.id for row in rows]

    return committed(db, build)


def _rows(db) -> dict[int, OutboxEmail]:
    with make_sessionmaker(db)() as session:
        return {e.id: e for e in session.scalars(select(OutboxEmail))}


def test_an_email_arrives_as_plain_text_and_html_with_the_council_name(mail_app, db, inbox):
    committed(db, lambda s: s.add(CouncilSettings(name="Harbourside Council")))
    [email_id] = _queue(db, "ann@example.com", body="Ann, a neighbour offered.\n\nSee https://x.example/n/1")

    result = send_outbox(mail_app)

    assert (result.sent, result.failed, result.retrying) == (1, 0, 0)
    [message] = inbox.to("ann@example.com")
    assert message["Subject"] == "Someone offered to help"
    assert message["From"] == "Weave – Harbourside Council <weave@council.example>"
    assert email_id_of(message) == email_id
    text = text_of(message)
    assert "Ann, a neighbour offered." in text
    assert "You got this email from Weave – Harbourside Council." in text
    assert "https://weave.council.example/alerts" in text  # choose which emails you get
    html = html_of(message)
    assert "Harbourside Council" in html and "#1d70b8" in html
    assert '<a href="https://x.example/n/1"' in html
    # Password resets and the like cannot be unsubscribed from: no List-Unsubscribe header.
    assert message["List-Unsubscribe"] is None
    row = _rows(db)[email_id]
    assert row.status == "sent" and row.sent_at is not None and row.attempts == 1


def test_html_escapes_what_people_wrote(mail_app, db, inbox):
    _queue(db, "bo@example.com", body="<script>alert(1)</script> & more")
    send_outbox(mail_app)
    html = html_of(inbox.to("bo@example.com")[0])
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html


def test_a_temporary_refusal_is_retried_later_then_sent(mail_app, db, inbox):
    [email_id] = _queue(db, "cat@example.com")
    inbox.refusals["cat@example.com"] = ["451 4.3.0 Try again later"]

    first = send_outbox(mail_app)
    row = _rows(db)[email_id]
    assert first.retrying == 1 and row.status == "queued"
    assert row.last_error.startswith("451") and row.next_attempt_at > utcnow()
    assert inbox.to("cat@example.com") == []

    # Not due yet: a second pass leaves it alone.
    assert send_outbox(mail_app).handled == 0
    with make_sessionmaker(db)() as session, session.begin():
        session.execute(update(OutboxEmail).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    assert send_outbox(mail_app).sent == 1
    assert len(inbox.to("cat@example.com")) == 1
    row = _rows(db)[email_id]
    assert row.status == "sent" and row.attempts == 2 and row.last_error is None


def test_a_permanent_refusal_fails_with_the_reason_and_is_not_retried(mail_app, db, inbox):
    [bad, good] = _queue(db, "nobody@example.com", "dee@example.com")
    inbox.always_refuse["nobody@example.com"] = "550 5.1.1 No such mailbox"

    result = send_outbox(mail_app)

    assert (result.sent, result.failed) == (1, 1)
    rows = _rows(db)
    assert rows[bad].status == "failed" and rows[bad].last_error == "550 5.1.1 No such mailbox"
    assert rows[good].status == "sent"
    assert send_outbox(mail_app).handled == 0


def test_a_mail_server_that_is_down_is_a_temporary_failure_until_attempts_run_out(mail_app, db, inbox):
    [email_id] = _queue(db, "eve@example.com")
    inbox.stop()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        with make_sessionmaker(db)() as session, session.begin():
            session.execute(update(OutboxEmail).values(next_attempt_at=None))
        send_outbox(mail_app)
        row = _rows(db)[email_id]
        assert row.attempts == attempt
        assert row.status == ("failed" if attempt == MAX_ATTEMPTS else "queued")
        assert "Connection" in row.last_error or "refused" in row.last_error.lower()


def test_smtp_sign_in_is_used(db, database_url):
    from app import create_app
    from config import TestingConfig

    server = SmtpInbox(auth=("weave", "s3cret/pw")).start()
    try:
        app = create_app(TestingConfig, DATABASE_URL=database_url, EMAIL_BACKEND="smtp",
                         SMTP_URL=f"smtp://weave:s3cret%2Fpw@127.0.0.1:{server.port}",
                         EMAIL_SENDER_THREAD=False)
        _queue(db, "fay@example.com")
        assert send_outbox(app).sent == 1
        assert len(server.to("fay@example.com")) == 1

        # A wrong password is our set-up's fault, not the email's: kept for a retry, not failed.
        wrong = create_app(TestingConfig, DATABASE_URL=database_url, EMAIL_BACKEND="smtp",
                           SMTP_URL=f"smtp://weave:wrong@127.0.0.1:{server.port}?timeout=3",
                           EMAIL_SENDER_THREAD=False)
        [email_id] = _queue(db, "gus@example.com")
        assert send_outbox(wrong).retrying == 1
        assert _rows(db)[email_id].status == "queued"
        assert server.to("gus@example.com") == []
    finally:
        server.stop()


def test_outbox_only_sends_nothing(app, db, inbox):
    _queue(db, "hal@example.com")
    assert send_outbox(app) is None
    assert {e.status for e in _rows(db).values()} == {"queued"}


def test_two_senders_at_once_send_each_email_exactly_once(mail_app, db, inbox):
    ids = _queue(db, *(f"p{n}@example.com" for n in range(40)))
    inbox.delay = 0.005
    factory = mail_app.extensions["weave.sessionmaker"]
    from app.email.backends import make_backend
    from app.email.compose import Composer

    results = []
    start = threading.Barrier(2)

    def sender():
        backend = make_backend(mail_app)
        with mail_app.app_context():
            composer = Composer(mail_app)
            start.wait()
            results.append(deliver_pending(factory, lambda o: backend.send(composer.message(o), o)))
        backend.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    received = Counter(email_id_of(m) for _r, m in inbox.messages)
    assert sorted(received) == sorted(ids)
    assert set(received.values()) == {1}, "an email was sent twice"
    assert sum(r.sent for r in results) == 40
    # Both senders really worked (otherwise this test could pass with one sender doing everything).
    assert all(r.sent > 0 for r in results), [r.sent for r in results]
    assert {e.status for e in _rows(db).values()} == {"sent"}


def test_committing_queued_email_wakes_the_sender_thread(db, database_url, inbox):
    from app import create_app
    from config import TestingConfig

    app = create_app(TestingConfig, DATABASE_URL=database_url, EMAIL_BACKEND="smtp", SMTP_URL=inbox.url)
    try:
        _queue(db, "ivy@example.com")  # committed outside the app: nothing wakes
        assert inbox.messages == []
        with app.app_context():
            from app.database import in_transaction

            def build(session):
                user = make_user(session, email="jo@example.com")
                queue_email(session, user_id=user.id, subject="Hello", body="Hi")

            in_transaction(build)
        inbox.wait_for(2)  # the thread's pass sends both
        assert wake_sender(app) == "thread"
    finally:
        stop_sender_thread()


@pytest.mark.parametrize("backend", ["smtp", "bogus"])
def test_the_cli_sends_or_says_what_is_wrong(mail_app, db, inbox, backend):
    _queue(db, "kim@example.com")
    mail_app.config["EMAIL_BACKEND"] = backend
    result = mail_app.test_cli_runner().invoke(args=["outbox", "send"])
    if backend == "smtp":
        assert result.exit_code == 0, result.output
        assert "Sent 1, 0 to try again later, 0 failed." in result.output
        assert len(inbox.to("kim@example.com")) == 1
    else:
        assert result.exit_code == 1
        assert "'bogus' is not one of" in result.output


def test_the_worker_without_redis_sends_until_the_outbox_is_empty(mail_app, db, inbox):
    _queue(db, "lou@example.com", "max@example.com")
    result = mail_app.test_cli_runner().invoke(args=["outbox", "worker", "--burst", "--interval", "0.1"])
    assert result.exit_code == 0, result.output
    assert "no Redis" in result.output and "Sent 2, 0 to retry, 0 failed." in result.output
    assert len(inbox.messages) == 2
    mail_app.config["EMAIL_BACKEND"] = "outbox-only"
    refused = mail_app.test_cli_runner().invoke(args=["outbox", "worker", "--burst"])
    assert refused.exit_code == 1 and "outbox-only" in refused.output
