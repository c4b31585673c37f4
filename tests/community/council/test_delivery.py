"""Delivering escalations to a team's own system, against a real local HTTP server in a thread."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import urllib.parse
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from community import council
from community.council.delivery import BACKOFF, MAX_ATTEMPTS, SIGNATURE_HEADER
from community.db import utcnow
from community.models import DeliveryAttempt
from tests.builders.council import make_team
from tests.builders.groups import make_serving_group
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward
from tests.builders.posts import make_need

SECRET = "a shared secret for the webhook"


class Recorder:
    """A local server that records each request and answers with the next status in ``statuses``."""

    def __init__(self, statuses: list[int], body: bytes = b"") -> None:
        self.statuses, self.body, self.requests = list(statuses), body, []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length", 0))
                recorder.requests.append((self.path, dict(self.headers), self.rfile.read(length)))
                status = recorder.statuses.pop(0) if recorder.statuses else 200
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(recorder.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _escalate(session, **team):
    ward, category = make_ward(session, name="Northfield"), make_category(session, slug="food")
    make_team(session, default=True, **team)
    coordinator = make_user(session)
    group = make_serving_group(session, coordinator=coordinator, areas=[ward], categories=[category])
    need = make_need(
        session,
        poster=make_user(session),
        category=category,
        area_id=ward.id,
        group_id=group.id,
        status="in_progress",
    )
    return council.raise_escalation(
        session, actor=coordinator, need_id=need.id, kind="beyond", summary="Needs a care assessment"
    )


def test_a_signed_webhook_is_retried_with_backoff_until_it_is_taken(session):
    with Recorder([503, 500, 200]) as server:
        escalation = _escalate(
            session, delivery_kind="webhook", delivery_url=server.url + "/hook", delivery_secret=SECRET
        )
        assert escalation.delivery_status == "pending"
        now = utcnow()
        assert council.deliver_due(session, now=now).retrying == 1
        assert escalation.next_delivery_at == now + BACKOFF
        # Not due yet: nothing is sent.
        assert council.deliver_due(session, now=now + BACKOFF / 2).retrying == 0
        assert council.deliver_due(session, now=now + BACKOFF).retrying == 1
        assert escalation.next_delivery_at == now + BACKOFF + 2 * BACKOFF
        assert council.deliver_due(session, now=now + 3 * BACKOFF).delivered == 1
    assert escalation.delivery_status == "delivered" and len(server.requests) == 3
    path, headers, body = server.requests[-1]
    assert path == "/hook" and headers["Content-Type"] == "application/json"
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers[SIGNATURE_HEADER] == expected
    sent = json.loads(body)
    assert (sent["id"], sent["kind"], sent["category"], sent["ward"]) == (
        escalation.id,
        "beyond",
        "Food",
        "Northfield",
    )
    attempts = session.scalars(select(DeliveryAttempt).order_by(DeliveryAttempt.attempt)).all()
    assert [(a.attempt, a.status_code, a.ok) for a in attempts] == [
        (1, 503, False),
        (2, 500, False),
        (3, 200, True),
    ]


def test_open311_posts_a_georeport_request_and_keeps_its_id(session):
    answer = json.dumps([{"service_request_id": "SR-4471", "service_notice": "Thank you"}]).encode()
    with Recorder([201], body=answer) as server:
        escalation = _escalate(
            session,
            delivery_kind="open311",
            delivery_url=server.url + "/open311/v2",
            delivery_secret="KEY-123",
            open311_service_code="ASC-REF",
        )
        assert council.deliver_due(session).delivered == 1
    [(path, headers, body)] = server.requests
    assert path == "/open311/v2/requests.json"
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    fields = dict(urllib.parse.parse_qsl(body.decode()))
    assert fields["api_key"] == "KEY-123" and fields["service_code"] == "ASC-REF"
    assert fields["description"] == "Needs a care assessment" and {"lat", "long"} <= set(fields)
    assert escalation.external_id == "SR-4471"


def test_after_the_last_attempt_it_is_marked_failed_and_nothing_answering_counts_as_a_failure(session):
    with Recorder([]) as server:
        url = server.url
    # The server is gone: every try fails to connect.
    escalation = _escalate(session, delivery_kind="webhook", delivery_url=url, delivery_secret=SECRET)
    now = utcnow()
    for _attempt in range(MAX_ATTEMPTS):
        council.deliver_due(session, now=now)
        now += timedelta(days=1)
    assert escalation.delivery_status == "failed" and escalation.delivery_attempts == MAX_ATTEMPTS
    errors = session.scalars(select(DeliveryAttempt.error)).all()
    assert len(errors) == MAX_ATTEMPTS and all(errors)
    assert council.deliver_due(session, now=now).failed == 0


@pytest.mark.parametrize("kind", ["none"])
def test_a_team_without_its_own_system_needs_no_delivery(session, kind):
    escalation = _escalate(session, delivery_kind=kind)
    assert escalation.delivery_status == "not_needed"
    assert council.deliver_due(session).delivered == 0
