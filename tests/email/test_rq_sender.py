"""With Redis, committing queued email hands the sender to RQ, and `flask outbox worker` sends it."""

from __future__ import annotations

import os
import uuid

import pytest

from community.notifications import queue_email
from tests.builders.people import make_user

pytestmark = pytest.mark.xdist_group("redis")


def redis_url() -> str:
    url = os.environ.get("WEAVE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except RedisError:
        if os.environ.get("WEAVE_TEST_REDIS_URL"):
            raise
        pytest.skip("no Redis at redis://127.0.0.1:6379/15 (set WEAVE_TEST_REDIS_URL to insist)")
    return url


def test_with_redis_queued_email_waits_for_the_worker_and_the_worker_sends_it(mail_app, inbox):
    from app.database import in_transaction
    from app.email.sender import email_queue

    mail_app.config.update(REDIS_URL=redis_url(), EMAIL_QUEUE=f"weave-test-email-{uuid.uuid4().hex[:8]}")
    with mail_app.app_context():
        queue = email_queue(mail_app)

        def build(session):
            user = make_user(session, email="rq@example.com")
            queue_email(session, user_id=user.id, subject="Hello", body="Sent by a worker")

        in_transaction(build)
    try:
        assert queue.count == 1 and inbox.messages == []
        result = mail_app.test_cli_runner().invoke(args=["outbox", "worker", "--burst"])
        assert result.exit_code == 0, result.output
        assert len(inbox.to("rq@example.com")) == 1
    finally:
        queue.delete(delete_jobs=True)
