"""`flask alerts send --period immediate|daily|weekly`: queue alerts and digests, from cron (README)."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from app.alerts.sending import run_alerts
from community.alerts import PERIODS


@click.group("alerts", help="Email alerts and digests of new needs and offers.")
def alerts_cli() -> None:
    pass


@alerts_cli.command("send")
@click.option("--period", type=click.Choice(list(PERIODS)), required=True,
              help="immediate: every few minutes; daily: once a day (with coordinators' digests); weekly: "
                   "once a week (with connectors' digests).")
@click.option("--now", "now_text", default=None, metavar="YYYY-MM-DDTHH:MM",
              help="Pretend it is this time (UTC), to catch up or try a run.")
@with_appcontext
def send_command(period: str, now_text: str | None) -> None:
    """Queue the alerts and digests for what was posted since the last run of this period."""
    now = None
    if now_text:
        try:
            now = datetime.fromisoformat(now_text).replace(tzinfo=UTC)
        except ValueError:
            raise click.BadParameter("give the time as YYYY-MM-DDTHH:MM", param_hint="--now") from None
    result = run_alerts(current_app._get_current_object(), period, now=now)
    if result is None:
        click.echo(f"Nothing to do: {period} alerts are sent up to now, or another run is sending them.")
        return
    click.echo(f"{period.capitalize()} alerts: {result.needs} new needs and {result.offers} new offers since "
               f"{result.window_start:%Y-%m-%d %H:%M}; {result.emails} emails queued for the sender.")
