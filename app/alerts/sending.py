"""Running alerts from the command line (cron) and from the email sender (immediate alerts)."""

from __future__ import annotations

from datetime import datetime

from flask import Flask

from app.alerts.writer import alert_writer
from community import alerts


def run_alerts(app: Flask, period: str, *, now: datetime | None = None) -> alerts.RunResult | None:
    """One run of ``period``'s alerts in its own unit of work; None if another run has that window."""
    with app.app_context():
        return alerts.run_alerts(app.extensions["weave.sessionmaker"], period=period,
                                 write=alert_writer(app), now=now)
