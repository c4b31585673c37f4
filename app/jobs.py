"""Background jobs: the network analysis never runs inside a web request.

With ``REDIS_URL`` set, a run is put on an RQ queue and a separate worker (``flask network worker``) runs it.
Without Redis, one background thread in this process works through a queue of runs, one at a time. Either
way the job opens its own SQLAlchemy sessions from the app's sessionmaker, never the request's session.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time

from flask import Flask, current_app, has_app_context

from community.insights import execute_run

__all__ = [
    "ANALYSIS_QUEUE",
    "JOB_TIMEOUT",
    "analysis_queue",
    "enqueue_analysis",
    "run_analysis_job",
    "wait_for_background_jobs",
]

log = logging.getLogger(__name__)

ANALYSIS_QUEUE = "weave-analysis"
_POOL_PID = "weave.jobs.pool_pid"
# A city-sized analysis takes seconds; half an hour means something is wrong.
JOB_TIMEOUT = 30 * 60


def _queue_name(app: Flask) -> str:
    return app.config.get("ANALYSIS_QUEUE", ANALYSIS_QUEUE)


def analysis_queue(app: Flask):
    """The RQ queue for analysis runs (only when ``REDIS_URL`` is set)."""
    from redis import Redis
    from rq import Queue

    connection = Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=2)
    return Queue(_queue_name(app), connection=connection, default_timeout=JOB_TIMEOUT)


def enqueue_analysis(run_id: int) -> str:
    """Hand a queued run to a worker; returns ``"rq"`` or ``"thread"`` (where it went)."""
    app = current_app._get_current_object()
    if app.config.get("REDIS_URL"):
        from redis.exceptions import RedisError

        try:
            analysis_queue(app).enqueue_call(
                run_analysis_job, args=(run_id,), timeout=JOB_TIMEOUT, result_ttl=3600, failure_ttl=86400,
                description=f"Network analysis run {run_id}",
            )
            return "rq"
        except RedisError:
            # Better a run in this process than a run that never starts; the log says why.
            log.exception("Could not queue analysis run %s on Redis; running it in a thread instead", run_id)
    _worker.submit(app, run_id)
    return "thread"


def run_analysis_job(run_id: int) -> str:
    """What an RQ worker runs. Inside ``flask network worker`` the command's app is used; a bare ``rq
    worker`` builds the app from the environment, as the web processes do."""
    app = current_app._get_current_object() if has_app_context() else _worker_app()
    _fresh_connections_after_fork(app)
    with app.app_context():
        return execute_run(app.extensions["weave.sessionmaker"], run_id)


def _fresh_connections_after_fork(app: Flask) -> None:
    # RQ forks a work horse per job: database connections pooled before the fork belong to the parent and
    # must not be shared, so the child starts its own pool (leaving the parent's connections untouched).
    if app.extensions.get(_POOL_PID) != os.getpid():
        app.extensions["weave.engine"].dispose(close=False)
        app.extensions[_POOL_PID] = os.getpid()


_app_for_bare_worker: Flask | None = None


def _worker_app() -> Flask:
    global _app_for_bare_worker
    if _app_for_bare_worker is None:
        from app import create_app

        _app_for_bare_worker = create_app()
    return _app_for_bare_worker


class _ThreadWorker:
    """One daemon thread and a queue: runs go one after another, never in the request's thread."""

    def __init__(self) -> None:
        self.queue: queue.Queue[tuple[Flask, int]] = queue.Queue()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    def submit(self, app: Flask, run_id: int) -> None:
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._loop, name="weave-analysis", daemon=True)
                self.thread.start()
        self.queue.put((app, run_id))

    def _loop(self) -> None:
        while True:
            app, run_id = self.queue.get()
            try:
                with app.app_context():
                    execute_run(app.extensions["weave.sessionmaker"], run_id)
            except Exception:  # the thread must outlive one bad run
                log.exception("Analysis run %s could not be executed", run_id)
            finally:
                self.queue.task_done()

    def wait(self, timeout: float) -> bool:
        """Wait until every submitted run is done; False if ``timeout`` seconds pass first."""
        deadline = time.monotonic() + timeout
        with self.queue.all_tasks_done:
            while self.queue.unfinished_tasks:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.queue.all_tasks_done.wait(remaining)
        return True


_worker = _ThreadWorker()


def wait_for_background_jobs(timeout: float = 60.0) -> bool:
    """Block until the in-process worker is idle (for tests and a clean shutdown)."""
    return _worker.wait(timeout)
