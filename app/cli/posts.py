"""`flask posts ...`: age needs and offers out. Safe to run as often as you like (e.g. hourly from cron)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.cli.common import unit_of_work
from community.posts import age_posts


@click.group("posts", help="Needs and offers.")
def posts_cli() -> None:
    pass


@posts_cli.command(
    "expire",
    help="Send “still needed?” reminders, then close needs and offers past their date. Running it twice "
    "does nothing more.",
)
@with_appcontext
def expire_command() -> None:
    with unit_of_work() as session:
        result = age_posts(session)
    click.echo(f"Sent {result.reminded:,} “still needed?” reminders.")
    click.echo(f"Closed {result.needs_expired:,} needs and {result.offers_expired:,} offers past their date.")
