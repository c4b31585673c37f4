"""`flask network analyse` runs the analysis here with printed progress; `flask network worker` serves the
Redis queue that the web app fills when REDIS_URL is set."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import select

from community.db import make_sessionmaker
from community.insights.runs import run_results
from community.models import AnalysisRun
from tests.builders.groups import make_group, make_membership, make_partnership
from tests.builders.people import make_user

# The Redis tests share one database number: under xdist they all run on one worker.
pytestmark = pytest.mark.xdist_group("redis")


@pytest.fixture()
def small_community(db):
    with make_sessionmaker(db)() as s:
        larder, lifts, books = (make_group(s, name=n) for n in ("Acton Larder", "Acton Lifts", "Books"))
        broker = make_user(s, name="Bridget")
        for group in (larder, lifts):
            make_membership(s, user=broker, group=group)
            make_membership(s, user=make_user(s), group=group)
        make_partnership(s, lifts, books)
        s.commit()


def runs(db) -> list[AnalysisRun]:
    with make_sessionmaker(db)() as s:
        return list(s.scalars(select(AnalysisRun).order_by(AnalysisRun.id)))


def test_analyse_runs_the_analysis_now_printing_progress_and_stores_a_finished_run(
    runner, db, small_community
):
    result = runner.invoke(args=["network", "analyse", "--seed", "3"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Analysis run ")
    assert "  1%  Reading the community" in lines
    assert lines[-2] == "100%  Finished"
    assert lines[-1].startswith("Finished run ") and lines[-1].endswith("3 people, 3 groups, 5 ties.")
    (run,) = runs(db)
    assert (run.status, run.progress) == ("finished", 100)
    assert run_results(run)["analysis"]
    percents = [int(line.split("%")[0]) for line in lines[1:-1]]
    assert percents == sorted(percents)


def test_analysing_an_unchanged_community_again_reuses_the_results(runner, db, small_community):
    runner.invoke(args=["network", "analyse"])
    result = runner.invoke(args=["network", "analyse"])

    assert result.exit_code == 0, result.output
    assert "its results were reused" in result.output
    first, second = runs(db)
    assert second.results == first.results


def test_a_failing_analysis_exits_with_one_line_saying_why(runner, db, small_community, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("the graph library is missing")

    monkeypatch.setattr("community.insights.runs._run_engine", broken)

    result = runner.invoke(args=["network", "analyse"])

    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last.endswith("failed: RuntimeError: the graph library is missing")
    (run,) = runs(db)
    assert run.status == "failed"


def test_an_unknown_window_is_refused(runner, db):
    result = runner.invoke(args=["network", "analyse", "--window", "7"])

    assert result.exit_code == 2
    assert runs(db) == []


def test_the_worker_needs_redis(runner):
    result = runner.invoke(args=["network", "worker", "--burst"])

    assert result.exit_code == 1
    assert "REDIS_URL is not set" in result.output


def redis_url() -> str:
    url = os.environ.get("WEAVE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except RedisError:
        if os.environ.get("WEAVE_TEST_REDIS_URL"):
            raise
        pytest.skip("no Redis at redis://127.0.0.1:6379/15 (set WEAVE_TEST_REDIS_URL to insist)")
    return url


def test_with_redis_a_queued_run_waits_for_the_worker_and_the_worker_runs_it(
    app, runner, db, small_community
):
    from app.jobs import analysis_queue, enqueue_analysis
    from community.insights.runs import create_run

    app.config.update(REDIS_URL=redis_url(), ANALYSIS_QUEUE=f"weave-test-{uuid.uuid4().hex[:8]}")
    with make_sessionmaker(db)() as s:
        run_id = create_run(s, created_by=None).id
        s.commit()
    with app.app_context():
        assert enqueue_analysis(run_id) == "rq"
        queue = analysis_queue(app)
    try:
        assert [run.status for run in runs(db)] == ["queued"]

        result = runner.invoke(args=["network", "worker", "--burst"])

        assert result.exit_code == 0, result.output
        (run,) = runs(db)
        assert (run.status, run.progress) == ("finished", 100)
    finally:
        queue.delete(delete_jobs=True)
