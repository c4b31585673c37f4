"""`flask demo ...`: a synthetic community on the real Ealing wards, to try Weave with."""

from __future__ import annotations

import time as clock
from datetime import UTC, datetime, time

import click
from flask import current_app
from flask.cli import with_appcontext

from app.cli.common import fail, unit_of_work
from community.demo import SCALES, has_council_data, seed_demo


@click.group("demo", help="Demo data.")
def demo_cli() -> None:
    pass


@demo_cli.command("seed", help="Fill an empty database with a believable synthetic Ealing community.")
@click.option("--scale", default="small", show_default=True,
              help="small (600 people, 40 groups) or city (30,000 people, 2,000 groups).")
@click.option("--seed", "seed_text", default="1", show_default=True,
              help="The same seed on the same day gives the same data.")
@click.option("--if-empty", is_flag=True,
              help="If the database already holds any council data, do nothing and succeed (make run).")
@with_appcontext
def seed_command(scale: str, seed_text: str, if_empty: bool) -> None:
    if scale not in SCALES:
        fail(f"The scale must be one of {', '.join(SCALES)}, not '{scale}'")
    try:
        seed = int(seed_text)
    except ValueError:
        fail(f"The seed must be a whole number, like 1, not '{seed_text}'")
    # Noon today: dates look current, and seeding twice on one day gives identical data.
    now = datetime.combine(datetime.now(UTC).date(), time(12), tzinfo=UTC)
    started = clock.perf_counter()
    with unit_of_work() as session:
        if if_empty and has_council_data(session):
            click.echo("The database already holds a council's data: the demo is not seeded.")
            return
        summary = seed_demo(
            session,
            scale=scale,
            seed=seed,
            now=now,
            location_salt=current_app.config["LOCATION_SALT"],
            progress=click.echo,
        )
    click.echo(f"Demo seeded ({scale}, seed {seed}) in {clock.perf_counter() - started:.1f} s.")
    click.echo("")
    click.echo("Demo accounts. These are for this demo database only: the password is public.")
    width = max(len(account.email) for account in summary.accounts)
    for account in summary.accounts:
        click.echo(f"  {account.email:<{width}}  {account.what}")
    click.echo(f"Password for all four: {summary.password}")
