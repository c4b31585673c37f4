"""`flask network ...`: run the network analysis here and now, or serve the background queue."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from app.cli.common import fail, unit_of_work
from app.database import session_factory
from community.insights import (
    DEFAULT_WINDOW_DAYS,
    WINDOW_CHOICES,
    create_run,
    execute_run,
    get_run,
    run_results,
)


@click.group("network")
def network_cli() -> None:
    """The community network analysis."""


@network_cli.command("analyse")
@click.option("--seed", type=click.IntRange(min=0), default=1, show_default=True,
              help="Seed for the sampled and community-finding steps (same seed, same results).")
@click.option("--window", "window_days", type=click.Choice([str(d) for d in WINDOW_CHOICES]),
              default=str(DEFAULT_WINDOW_DAYS), show_default=True, help="Days of needs the coverage counts.")
@with_appcontext
def analyse(seed: int, window_days: str) -> None:
    """Run the analysis now, in this process, printing its progress."""
    with unit_of_work() as session:
        run = create_run(session, created_by=None, seed=seed, window_days=int(window_days))
        run_id, status = run.id, run.status
    if status != "queued":
        fail(f"Run {run_id} is already running elsewhere; wait for it to finish.")
    click.echo(f"Analysis run {run_id}")
    shown = {"last": -1}

    def show(percent: int, stage: str) -> None:
        if percent != shown["last"]:
            shown["last"] = percent
            click.echo(f"{percent:>3}%  {stage}")

    outcome = execute_run(session_factory(), run_id, on_progress=show)
    with unit_of_work() as session:
        run = get_run(session, run_id)
        if outcome != "finished":
            fail(f"Run {run_id} failed: {run.error}")
        summary = (run_results(run) or {}).get("counts", {})
    click.echo(
        f"Finished run {run_id}: {summary.get('people', 0)} people, {summary.get('groups', 0)} groups, "
        f"{summary.get('ties', 0)} ties."
    )


@network_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty instead of waiting for more.")
@with_appcontext
def worker(burst: bool) -> None:
    """Run queued analyses from Redis (needs REDIS_URL)."""
    app = current_app._get_current_object()
    if not app.config.get("REDIS_URL"):
        fail("REDIS_URL is not set: without Redis, runs are worked through by the web process itself.")
    from rq import Worker

    from app.jobs import analysis_queue

    queue = analysis_queue(app)
    click.echo(f"Waiting for analysis runs on the {queue.name!r} queue")
    Worker([queue], connection=queue.connection).work(burst=burst)
