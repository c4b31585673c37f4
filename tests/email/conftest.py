"""Email tests send to a real SMTP server running in the test process (``tests.builders.mail``)."""

from __future__ import annotations

import pytest

from config import TestingConfig
from tests.builders.mail import SmtpInbox


@pytest.fixture()
def inbox():
    server = SmtpInbox().start()
    yield server
    server.stop()


@pytest.fixture()
def mail_app(db, database_url, inbox):
    """The app sending by SMTP to ``inbox``; no sender thread unless a test starts one."""
    from app import create_app

    app = create_app(TestingConfig, DATABASE_URL=database_url, EMAIL_BACKEND="smtp", SMTP_URL=inbox.url,
                     EMAIL_FROM="weave@council.example", BASE_URL="https://weave.council.example",
                     EMAIL_SENDER_THREAD=False)
    yield app
    app.extensions["weave.engine"].dispose()
