"""Faults survived: what happens when the pieces Weave leans on fail under it.

- The process running an analysis is killed (SIGKILL, as the kernel's out-of-memory killer or a deploy
  would): within a minute the run reads as failed with the reason, a new run can start, and the previous
  results stay.
- The database cuts the app's connections mid-request (``pg_terminate_backend``): at most the requests
  that were using them fail, with Weave's own error page, and the next ones succeed.
- Redis is killed and started again: no request fails, the sign-in limit falls back to this process's
  memory and goes back to Redis once Redis is back. The Redis here is a private ``redis-server`` on a free
  port, started and killed by the test: the shared one on 6379 is never touched.

Each case is bounded in time (explicit deadlines) and cleans up the processes it started.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from app import create_app
from community.db import make_sessionmaker, utcnow
from community.insights.runs import create_run, latest_finished_run
from community.models import AnalysisRun, RunStatus
from config import TestingConfig
from tests.builders.people import make_user
from tests.web.conftest import sign_in

pytestmark = pytest.mark.faults
PROJECT = Path(__file__).resolve().parents[2]


def wait_for(condition, *, timeout: float, every: float = 0.5, what: str = "the condition"):
    """Poll ``condition()`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"Gave up after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


# --- an analysis whose process is killed ------------------------------------------------------------

# The process running a run: the real execute_run (with its heartbeat), on an "analysis" that takes
# forever — the test kills it in the middle.
WORKER = textwrap.dedent("""
    import sys, time
    from community.db import make_engine, make_sessionmaker
    from community.insights.runs import execute_run

    factory = make_sessionmaker(make_engine(sys.argv[1]))

    def forever(records, cells, *, seed, progress):
        progress(40, "Finding brokers")
        time.sleep(600)

    execute_run(factory, int(sys.argv[2]), analyse=forever)
""")


@pytest.mark.postgres_only
def test_a_killed_analysis_is_marked_failed_and_a_new_run_can_start(app, db, database_url):
    factory = make_sessionmaker(db)
    with factory() as s:
        connector = make_user(s, role="connector")
        earlier = AnalysisRun(status=RunStatus.FINISHED, progress=100, stage="Finished", finished_at=utcnow(),
                              results=json.dumps({"counts": {"people": 7}}), parameters="{}")
        s.add(earlier)
        s.flush()
        run = create_run(s, created_by=connector)
        s.commit()
        earlier_id, run_id = earlier.id, run.id

    worker = subprocess.Popen([sys.executable, "-c", WORKER, database_url, str(run_id)], cwd=PROJECT,
                              env={**os.environ, "PYTHONPATH": str(PROJECT)})
    try:
        def running():
            with factory() as s:
                return s.get(AnalysisRun, run_id).progress >= 40
        wait_for(running, timeout=30, what="the worker to start the run")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    killed_at = time.monotonic()

    client = sign_in(app.test_client(), connector)

    def reported_failed():
        summary = client.get(f"/connectors/runs/{run_id}/status").get_json()
        return summary if summary["status"] == "failed" else None

    summary = wait_for(reported_failed, timeout=60, every=2, what="the run to be reported failed")
    assert time.monotonic() - killed_at < 60
    assert "stopped: no sign of life" in summary["error"]

    # The start button is back, and starting makes a new run rather than handing back the dead one.
    dashboard = client.get("/connectors/")
    assert b"Run analysis now" in dashboard.data
    started = client.post("/connectors/runs")
    assert started.status_code == 302
    assert not started.headers["Location"].endswith(f"/runs/{run_id}")
    from app.jobs import wait_for_background_jobs

    assert wait_for_background_jobs(timeout=60)
    with factory() as s:
        newest = s.scalars(select(AnalysisRun).order_by(AnalysisRun.id.desc())).first()
        assert newest.id > run_id and newest.status == RunStatus.FINISHED
        kept = s.get(AnalysisRun, earlier_id)
        assert kept.status == RunStatus.FINISHED and json.loads(kept.results)["counts"]["people"] == 7
        assert latest_finished_run(s) is not None


# --- database connections cut under the app ----------------------------------------------------------


def terminate(database_url: str, pids) -> None:
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            for pid in pids:
                connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        admin.dispose()


@pytest.mark.postgres_only
def test_a_connection_cut_mid_request_fails_only_that_request_with_weaves_page(app, db, database_url,
                                                                               make_web_user):
    app.config["PROPAGATE_TEST_ERRORS"] = False
    from app.database import db_session

    def cut_mid_request():
        session = db_session()
        pid = session.scalar(text("SELECT pg_backend_pid()"))
        terminate(database_url, [pid])
        session.execute(text("SELECT 1"))  # on a connection the database has just closed
        return "not reached"

    app.add_url_rule("/test-cut", endpoint="test_cut", view_func=cut_mid_request)
    client = sign_in(app.test_client(), make_web_user())
    assert client.get("/near-me").status_code == 200

    cut = client.get("/test-cut")
    assert cut.status_code == 500
    assert b"Sorry, there is a problem with the service" in cut.data
    assert b"govuk-template" in cut.data  # Weave's own page, not the server's bare one

    for _ in range(3):
        assert client.get("/near-me").status_code == 200
    assert client.get("/api/v1/needs").status_code == 200


@pytest.mark.postgres_only
def test_a_connection_cut_after_the_last_query_does_not_break_the_end_of_the_request(app, db, database_url,
                                                                                   make_web_user):
    # The request's work is done and its page rendered when the connection dies: closing the session at
    # the end of the request must not turn that into the server's bare error.
    app.config["PROPAGATE_TEST_ERRORS"] = False
    from app.database import db_session

    def cut_after_work():
        session = db_session()
        pid = session.scalar(text("SELECT pg_backend_pid()"))  # a transaction is open on this connection
        terminate(database_url, [pid])
        return "done"

    app.add_url_rule("/test-cut-after", endpoint="test_cut_after", view_func=cut_after_work)
    client = sign_in(app.test_client(), make_web_user())
    response = client.get("/test-cut-after")
    assert response.status_code == 200 and response.data == b"done"
    assert client.get("/near-me").status_code == 200


@pytest.mark.postgres_only
def test_every_app_connection_cut_between_requests_is_replaced_unnoticed(app, db, database_url,
                                                                         make_web_user):
    app.config["PROPAGATE_TEST_ERRORS"] = False
    client = sign_in(app.test_client(), make_web_user())
    assert client.get("/near-me").status_code == 200
    engine = app.extensions["weave.engine"]
    with engine.connect() as connection:
        mine = connection.scalar(text("SELECT pg_backend_pid()"))
    terminate(database_url, [mine])

    urls = ("/near-me", "/your-activity", "/api/v1/needs", "/readyz")
    statuses = [client.get(url).status_code for url in urls]
    assert statuses == [200, 200, 200, 200]


# --- Redis killed and started again ------------------------------------------------------------------


def test_redis_killed_and_restarted_costs_no_request_and_limits_return(db, database_url, private_redis):
    app = create_app(TestingConfig, DATABASE_URL=database_url, REDIS_URL=private_redis.url,
                     PROPAGATE_TEST_ERRORS=False, SIGN_IN_RATE_LIMIT="4 per minute")
    try:
        def failed_sign_in(client) -> int:
            return client.post("/sign-in", data={"email": "someone@example.com",
                                                 "password": "wrong password"}).status_code

        first = app.test_client()
        assert failed_sign_in(first) == 200
        assert private_redis.keys(), "the limit is not counted in Redis"

        private_redis.kill()
        down = app.test_client()
        statuses = [failed_sign_in(down) for _ in range(6)]
        assert all(code < 500 for code in statuses), statuses
        assert statuses[-1] == 429, f"no limit while Redis is down: {statuses}"
        assert down.get("/").status_code == 200

        private_redis.start()
        assert not private_redis.keys()
        back = app.test_client()

        def counted_in_redis_again():
            code = failed_sign_in(back)
            assert code < 500
            return private_redis.keys()
        # The limiter looks for its storage again with a growing pause (1, 2, 4 … seconds).
        wait_for(counted_in_redis_again, timeout=45, every=1, what="the limit to be counted in Redis again")
    finally:
        private_redis.kill()
        app.extensions["weave.engine"].dispose()
