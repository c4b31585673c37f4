"""Email that is really sent: composing (``compose``), SMTP and GOV.UK Notify (``backends``, ``notify``) and
the senders that drain the outbox (``sender``). The queue itself is the domain's (``community.outbox``)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from app.email.sender import wake_on_commit

    wake_on_commit(app)
