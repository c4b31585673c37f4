"""Readiness for a load balancer or an orchestrator.

``/healthz`` (``app/main/views.py``) says the process is up and answering, without a database call: a
database outage must not make every worker look dead and get restarted. ``/readyz`` says this process can
serve — the database answers and its schema is at the migrations' head — so a load balancer sends it
traffic; 503 with the reason otherwise. Both are plain JSON, never cached, and need no sign-in.
"""

from __future__ import annotations

import functools
import logging

from flask import Blueprint, jsonify
from sqlalchemy import text

from app.database import engine
from community.migrate import current_revision, head_revisions

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)


@functools.cache
def _heads() -> tuple[str, ...]:
    return head_revisions()


def _answer(code: int, **body):
    response = jsonify(body)
    response.status_code = code
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/readyz")
def readyz():
    try:
        with engine().connect() as connection:
            connection.execute(text("SELECT 1"))
        revision = current_revision(engine())
    except Exception as error:
        log.warning("Not ready: the database does not answer (%s)", error.__class__.__name__)
        return _answer(503, status="unavailable", database="unreachable")
    heads = _heads()
    if revision not in heads:
        return _answer(503, status="unavailable", database="ok", migrations="behind",
                       revision=revision, head=",".join(heads))
    return _answer(200, status="ready", database="ok", migrations="head", revision=revision)
