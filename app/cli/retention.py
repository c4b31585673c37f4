"""`flask retention apply`: delete what the privacy notice says is no longer kept. Run it daily (cron)."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask.cli import with_appcontext

from app.cli.common import unit_of_work
from community.personal_data import AUDIT_YEARS, CLOSED_POSTS_YEARS, apply_retention


@click.group("retention", help="Keep personal data no longer than the privacy notice says.")
def retention_cli() -> None:
    pass


@retention_cli.command(
    "apply",
    help=f"Delete needs and offers {CLOSED_POSTS_YEARS} years after they closed (with their responses), "
    f"audit log entries after {AUDIT_YEARS} years, and used or expired email links. Safe to run daily.",
)
@click.option("--now", "now_text", default=None, metavar="YYYY-MM-DD",
              help="Pretend today is this date (to check what a run would do).")
@with_appcontext
def apply_command(now_text: str | None) -> None:
    now = None
    if now_text:
        try:
            now = datetime.strptime(now_text, "%Y-%m-%d").replace(tzinfo=UTC)
        except ValueError:
            message = "give the date as YYYY-MM-DD, like 2027-03-27"
            raise click.BadParameter(message, param_hint="--now") from None
    with unit_of_work() as session:
        result = apply_retention(session, now=now)
    click.echo(f"Deleted {result.needs:,} needs and {result.offers:,} offers closed over "
               f"{CLOSED_POSTS_YEARS} years ago, {result.audit_entries:,} audit log entries over "
               f"{AUDIT_YEARS} years old and {result.links:,} used or expired email links.")
