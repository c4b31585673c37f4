"""A sender killed mid-batch (SIGKILL, no chance to tidy up) loses nothing and sends nothing twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections import Counter
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from app.email.sender import send_outbox
from community.db import make_sessionmaker, utcnow
from community.models import OutboxEmail
from community.notifications import queue_email
from community.outbox import STALLED_AFTER, STALLED_REASON
from tests.builders import committed
from tests.builders.mail import email_id_of
from tests.builders.people import make_user

ROOT = Path(__file__).resolve().parents[2]

SENDER = textwrap.dedent("""
    import sys
    from app import create_app
    from app.email.sender import send_outbox
    from config import TestingConfig

    app = create_app(TestingConfig, DATABASE_URL=sys.argv[1], EMAIL_BACKEND="smtp", SMTP_URL=sys.argv[2],
                     EMAIL_SENDER_THREAD=False)
    send_outbox(app)
""")


def test_a_killed_sender_loses_nothing_and_sends_nothing_twice(mail_app, db, database_url, inbox):
    def build(session):
        rows = []
        for n in range(30):
            user = make_user(session, email=f"k{n}@example.com")
            rows.append(queue_email(session, user_id=user.id, subject="Hello", body=f"Message {n}"))
        session.flush()
        return [r.id for r in rows]

    ids = committed(db, build)
    inbox.delay = 0.15  # slow enough to kill the sender in the middle of the batch
    process = subprocess.Popen([sys.executable, "-c", SENDER, database_url, inbox.url], cwd=ROOT,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        inbox.wait_for(5, timeout=60)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
    assert process.returncode == -signal.SIGKILL
    arrived_before = len(inbox.messages)
    assert arrived_before < len(ids), "the sender finished before it was killed: the test proves nothing"

    # Another pass, later than a stalled claim is kept: sends the rest, fails the half-sent one.
    inbox.delay = 0
    later = utcnow() + STALLED_AFTER + timedelta(minutes=1)
    result = send_outbox(mail_app, clock=lambda: later)
    assert result is not None

    with make_sessionmaker(db)() as session:
        rows = {e.id: e for e in session.scalars(select(OutboxEmail))}
    received = Counter(email_id_of(m) for _r, m in inbox.messages)
    assert max(received.values()) == 1, "an email was sent twice"
    statuses = Counter(r.status for r in rows.values())
    assert set(statuses) <= {"sent", "failed"}, statuses  # nothing left behind in the queue
    failed = [r for r in rows.values() if r.status == "failed"]
    # At most one email per connection was being handed over when the sender died.
    assert len(failed) <= mail_app.config["EMAIL_CONNECTIONS"]
    assert all(r.last_error == STALLED_REASON for r in failed)
    assert result.stalled == len(failed)
    # Every email marked sent arrived; every one that did not arrive is visible to an admin as failed.
    assert all(received[i] == 1 for i, r in rows.items() if r.status == "sent")
    assert set(ids) - set(received) <= {r.id for r in failed}
