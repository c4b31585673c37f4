"""`flask outbox ...`: send the email waiting in the outbox, once or for as long as the process runs."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from app.cli.common import fail
from app.email.backends import ConfigurationError
from app.email.sender import POLL_SECONDS, email_queue, send_outbox


def _one_pass(limit: int | None):
    app = current_app._get_current_object()
    try:
        return send_outbox(app, limit=limit)
    except ConfigurationError as error:
        fail(str(error))


@click.group("outbox", help="Send the email Weave has queued (SMTP or GOV.UK Notify, see README).")
def outbox_cli() -> None:
    pass


@outbox_cli.command("send")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Send at most this many.")
@with_appcontext
def send_command(limit: int | None) -> None:
    """Send every email that is due, once, and say what happened."""
    result = _one_pass(limit)
    if result is None:
        click.echo("WEAVE_EMAIL_BACKEND is outbox-only: nothing was sent; email stays in the outbox.")
        return
    stalled = f", {result.stalled} left half-sent by a stopped sender marked failed" if result.stalled else ""
    click.echo(f"Sent {result.sent}, {result.retrying} to try again later, {result.failed} failed{stalled}.")
    for line in result.errors[:20]:
        click.echo(f"  {line}")


@outbox_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when nothing is left to send.")
@click.option("--interval", type=click.FloatRange(min=0.1), default=POLL_SECONDS, show_default=True,
              help="Without Redis: seconds between looks at the outbox.")
@with_appcontext
def worker_command(burst: bool, interval: float) -> None:
    """Keep sending: an RQ worker on the email queue when REDIS_URL is set, otherwise a polling loop."""
    app = current_app._get_current_object()
    if app.config.get("REDIS_URL"):
        from rq import Worker

        queue = email_queue(app)
        click.echo(f"Sending email from the {queue.name!r} queue")
        Worker([queue], connection=queue.connection).work(burst=burst, with_scheduler=True)
        return
    click.echo(f"Sending email from the outbox (no Redis: looking every {interval:.0f} s)")
    while True:
        result = _one_pass(None)
        if result is None:
            fail("WEAVE_EMAIL_BACKEND is outbox-only: there is nothing to send with.")
        if result.handled:
            click.echo(f"Sent {result.sent}, {result.retrying} to retry, {result.failed} failed.")
        if burst and not result.handled:
            return
        if not result.handled:
            time.sleep(interval)
