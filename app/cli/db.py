"""`flask db ...`: schema migrations."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.database import engine
from community.migrate import current_revision, head_revisions, upgrade_to_head


@click.group("db", help="Database schema migrations.")
def db_cli() -> None:
    pass


@db_cli.command("upgrade", help="Upgrade the database schema to the latest revision.")
@with_appcontext
def upgrade() -> None:
    upgrade_to_head(engine())
    click.echo(f"Database is at {current_revision(engine())}.")


@db_cli.command("current", help="Show the database's schema revision and the latest one.")
@with_appcontext
def current() -> None:
    click.echo(f"database: {current_revision(engine()) or 'empty'}")
    click.echo(f"head: {', '.join(head_revisions())}")
