"""Delivering escalations to a team's own system, with retries.

A team may receive its escalations where it already works: an Open311 GeoReport v2 ``POST requests``
(form-encoded, with the team's ``api_key`` and ``service_code``) or a webhook (JSON, signed with
HMAC-SHA256 of the body under the team's shared secret, in ``X-Weave-Signature: sha256=<hex>``).
``flask council deliver`` runs :func:`deliver_due` from a scheduler: each pending escalation is tried,
every try is recorded (``council_delivery_attempts``), and a failure is tried again after 1, 2, 4, 8 and
16 minutes before it is marked failed (the team still has it in its Weave queue).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from community.db import utcnow
from community.models import DeliveryAttempt, DeliveryKind, DeliveryStatus, Escalation

__all__ = [
    "BACKOFF",
    "MAX_ATTEMPTS",
    "SIGNATURE_HEADER",
    "DeliveryReport",
    "Sender",
    "deliver_due",
    "open311_fields",
    "sign",
    "webhook_body",
]

MAX_ATTEMPTS = 6
BACKOFF = timedelta(minutes=1)
SIGNATURE_HEADER = "X-Weave-Signature"
TIMEOUT_SECONDS = 10

# sender(url, body, headers) -> (HTTP status, response body); raises OSError when nothing answers.
Sender = Callable[[str, bytes, dict[str, str]], tuple[int, bytes]]


def http_post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status, response.read(65536)
    except urllib.error.HTTPError as error:
        return error.code, error.read(65536) if error.fp is not None else b""


def sign(secret: str, body: bytes) -> str:
    """The signature header's value: HMAC-SHA256 of the body under the shared secret, in hex.

    >>> sign("secret", b"{}")[:14]
    'sha256=7732590'
    """
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _common(escalation: Escalation) -> dict[str, Any]:
    need = escalation.need
    return {
        "id": escalation.id,
        "kind": escalation.kind.value,
        "urgent": escalation.urgent,
        "summary": escalation.summary,
        "category": need.category.name if need is not None else None,
        "ward": need.area.name if need is not None and need.area is not None else None,
        "raised_at": escalation.created_at.isoformat(),
        # The blurred public position, never the exact one.
        "lat": need.public_lat if need is not None else None,
        "long": need.public_lng if need is not None else None,
    }


def webhook_body(escalation: Escalation) -> bytes:
    return json.dumps({"type": "weave.escalation", **_common(escalation)}, sort_keys=True).encode()


def open311_fields(escalation: Escalation) -> dict[str, str]:
    """The GeoReport v2 ``POST requests`` fields."""
    team, common = escalation.team, _common(escalation)
    fields = {
        "api_key": team.delivery_secret or "",
        "service_code": team.open311_service_code or "",
        "description": common["summary"],
        "attribute[weave_id]": str(escalation.id),
        "attribute[kind]": common["kind"],
        "attribute[urgent]": "true" if escalation.urgent else "false",
    }
    if common["lat"] is not None:
        fields["lat"], fields["long"] = str(common["lat"]), str(common["long"])
    return fields


def _request(escalation: Escalation) -> tuple[str, bytes, dict[str, str]]:
    team = escalation.team
    url = team.delivery_url or ""
    if team.delivery_kind == DeliveryKind.OPEN311:
        body = urllib.parse.urlencode(open311_fields(escalation)).encode()
        return url.rstrip("/") + "/requests.json", body, {"Content-Type": "application/x-www-form-urlencoded"}
    body = webhook_body(escalation)
    return (
        url,
        body,
        {"Content-Type": "application/json", SIGNATURE_HEADER: sign(team.delivery_secret or "", body)},
    )


def _external_id(kind: DeliveryKind, body: bytes) -> str | None:
    if kind != DeliveryKind.OPEN311:
        return None
    try:
        answer = json.loads(body or b"null")
    except ValueError:
        return None
    first = answer[0] if isinstance(answer, list) and answer else answer
    if isinstance(first, dict):
        found = first.get("service_request_id") or first.get("token")
        return str(found)[:120] if found is not None else None
    return None


@dataclass
class DeliveryReport:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0


def deliver_due(
    session: Session, *, now: datetime | None = None, send: Sender | None = None, limit: int = 200
) -> DeliveryReport:
    """Try every escalation whose delivery is due; record each attempt."""
    now = now or utcnow()
    send = send or http_post
    report = DeliveryReport()
    due = session.scalars(
        select(Escalation)
        .where(Escalation.delivery_status == DeliveryStatus.PENDING, Escalation.next_delivery_at <= now)
        .order_by(Escalation.urgent.desc(), Escalation.next_delivery_at, Escalation.id)
        .limit(limit)
    ).all()
    for escalation in due:
        team = escalation.team
        escalation.delivery_attempts += 1
        attempt = DeliveryAttempt(
            escalation_id=escalation.id, team_id=team.id, attempt=escalation.delivery_attempts, at=now
        )
        try:
            if team.delivery_kind == DeliveryKind.NONE or not team.delivery_url:
                raise OSError("the team no longer receives escalations in its own system")
            status, body = send(*_request(escalation))
            attempt.status_code = status
            attempt.ok = 200 <= status < 300
            if not attempt.ok:
                attempt.error = f"HTTP {status}: {body[:200].decode('utf-8', 'replace')}"
        except OSError as error:
            attempt.error = str(error)[:500] or type(error).__name__
        session.add(attempt)
        if attempt.ok:
            escalation.delivery_status, escalation.next_delivery_at = DeliveryStatus.DELIVERED, None
            escalation.external_id = _external_id(team.delivery_kind, body)
            report.delivered += 1
        elif escalation.delivery_attempts >= MAX_ATTEMPTS:
            escalation.delivery_status, escalation.next_delivery_at = DeliveryStatus.FAILED, None
            report.failed += 1
        else:
            escalation.next_delivery_at = now + BACKOFF * 2 ** (escalation.delivery_attempts - 1)
            report.retrying += 1
    session.flush()
    return report
