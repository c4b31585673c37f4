"""`flask groups ...`: keeping group listings true."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask.cli import with_appcontext

from app.cli.common import unit_of_work
from community.groups import remind_assurance


@click.group("groups", help="Keep community group listings up to date.")
def groups_cli() -> None:
    pass


@groups_cli.command(
    "remind-assurance",
    help="Remind coordinators to confirm their group's details before the 6-month assured date lapses. "
    "Each group is reminded once until it confirms again, so this is safe to run daily.",
)
@click.option(
    "--now",
    "now_text",
    default=None,
    metavar="YYYY-MM-DD",
    help="Pretend today is this date (to check what a run would do).",
)
@with_appcontext
def remind(now_text: str | None) -> None:
    now = None
    if now_text:
        try:
            now = datetime.strptime(now_text, "%Y-%m-%d").replace(tzinfo=UTC)
        except ValueError:
            message = "give the date as YYYY-MM-DD, like 2025-03-27"
            raise click.BadParameter(message, param_hint="--now") from None
    with unit_of_work() as session:
        counts = remind_assurance(session, now=now)
    groups = "group" if counts.groups == 1 else "groups"
    notices = "reminder" if counts.notices == 1 else "reminders"
    click.echo(f"Reminded {counts.groups} {groups}: {counts.notices} {notices} sent to coordinators.")
