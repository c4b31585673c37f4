"""Sending the outbox: one pass (``flask outbox send``), and a sender that keeps going.

The long-running sender is, as for the network analysis (``app.jobs``), an RQ job when ``REDIS_URL`` is set
(``flask outbox worker`` serves the queue, with RQ's scheduler for retries) and otherwise a daemon thread in
the web process. Either is woken when a unit of work that queued email commits (``wake_on_commit``), and
checks again when the next retry is due. Any number of them may run at once: ``community.outbox`` claims each
email for one sender, so none is sent twice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.email.backends import make_backend
from app.email.compose import Composer
from community.db import utcnow
from community.notifications import EMAIL_QUEUED
from community.outbox import DeliveryResult, Outgoing, deliver_pending, next_due

__all__ = [
    "EMAIL_QUEUE",
    "send_outbox",
    "send_outbox_job",
    "wake_sender",
    "wake_on_commit",
    "email_queue",
    "stop_sender_thread",
]

log = logging.getLogger(__name__)

EMAIL_QUEUE = "weave-email"
RETRY_JOB_ID = "weave-email-retry"
POSTED = "weave.posted"
# The thread looks at the outbox at least this often, in case another process queued something.
POLL_SECONDS = 60.0


def _council(app: Flask) -> str | None:
    from community.places import council_name

    with app.extensions["weave.sessionmaker"]() as session:
        return council_name(session)


def _deliver_over_one_connection(app: Flask, council: str | None, limit: int | None,
                                 clock: Callable[[], datetime]) -> DeliveryResult:
    backend = make_backend(app)
    assert backend is not None
    with app.app_context():
        composer = Composer(app, council=council)

        def send(outgoing: Outgoing) -> None:
            backend.send(composer.message(outgoing), outgoing)

        try:
            return deliver_pending(app.extensions["weave.sessionmaker"], send, limit=limit, clock=clock)
        finally:
            backend.close()


def send_outbox(app: Flask, *, limit: int | None = None, clock: Callable[[], datetime] = utcnow,
                connections: int | None = None) -> DeliveryResult | None:
    """One pass: send everything that is due (at most ``limit``). None when the backend is outbox-only.

    ``connections`` (``WEAVE_EMAIL_CONNECTIONS``, 4) senders work side by side, each over its own connection
    to the mail server: each claims its own emails, so none is sent twice, and one waiting on the network
    or the database does not hold the others up.
    """
    if make_backend(app) is None:
        return None
    council = _council(app)
    count = max(1, connections or int(app.config.get("EMAIL_CONNECTIONS", 4)))
    url = app.extensions["weave.engine"].url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        count = 1  # an in-memory database is one connection: it cannot be shared by threads at once
    shares: list[int | None] = (
        [None] * count if limit is None else [limit // count + (i < limit % count) for i in range(count)]
    )
    results: list[DeliveryResult] = []
    errors: list[BaseException] = []

    def work(share: int | None) -> None:
        try:
            results.append(_deliver_over_one_connection(app, council, share, clock))
        except BaseException as error:  # reported in the calling thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=(share,), name=f"weave-email-{n}")
               for n, share in enumerate(shares) if share != 0]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    result = DeliveryResult()
    for part in results:
        result.sent += part.sent
        result.retrying += part.retrying
        result.failed += part.failed
        result.stalled += part.stalled
        result.errors += part.errors
    if result.handled or result.stalled:
        log.info("Outbox: %d sent, %d to retry, %d failed, %d stalled", result.sent, result.retrying,
                 result.failed, result.stalled)
    return result


def _next_due(app: Flask) -> datetime | None:
    with app.extensions["weave.sessionmaker"]() as session:
        due = next_due(session)
    if due is not None and due.tzinfo is None:
        due = due.replace(tzinfo=UTC)
    return due


# --- RQ ----------------------------------------------------------------------------------------------


def email_queue(app: Flask):
    from redis import Redis
    from rq import Queue

    connection = Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=2)
    return Queue(app.config.get("EMAIL_QUEUE", EMAIL_QUEUE), connection=connection, default_timeout=30 * 60)


def _immediate_alerts(app: Flask) -> None:
    from app.alerts.sending import run_alerts

    run_alerts(app, "immediate")


def send_outbox_job(alerts: bool = False) -> int:
    """What an RQ worker runs: immediate alerts if asked, a pass, then a follow-up scheduled for when the
    next retry is due."""
    from app.jobs import _fresh_connections_after_fork, _worker_app

    app = current_app._get_current_object() if has_app_context() else _worker_app()
    _fresh_connections_after_fork(app)
    if alerts:
        _immediate_alerts(app)
    result = send_outbox(app)
    due = _next_due(app)
    if due is not None:
        _schedule_retry(app, max(due, utcnow() + timedelta(seconds=1)))
    return result.sent if result else 0


def _schedule_retry(app: Flask, when: datetime) -> None:
    from rq.job import Job, JobStatus
    from rq.registry import ScheduledJobRegistry

    queue = email_queue(app)
    registry = ScheduledJobRegistry(queue=queue)
    if RETRY_JOB_ID in registry.get_job_ids():
        return
    try:
        if Job.fetch(RETRY_JOB_ID, connection=queue.connection).get_status() == JobStatus.QUEUED:
            return
    except Exception:  # no such job: schedule it
        pass
    queue.enqueue_at(when, send_outbox_job, job_id=RETRY_JOB_ID, result_ttl=600, failure_ttl=86400,
                     description="Send the outbox (retries due)")


# --- the thread --------------------------------------------------------------------------------------


class _SenderThread:
    """One daemon thread per process: a pass whenever woken, and whenever a retry or a poll is due."""

    def __init__(self) -> None:
        self.wake = threading.Event()
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()
        self.app: Flask | None = None
        self.alerts = False

    def start(self, app: Flask, *, alerts: bool = False) -> None:
        with self.lock:
            self.app = app
            self.alerts = self.alerts or alerts
            if self.thread is None or not self.thread.is_alive():
                self.stop.clear()
                self.thread = threading.Thread(target=self._loop, name="weave-email", daemon=True)
                self.thread.start()
        self.wake.set()

    def _loop(self) -> None:
        while not self.stop.is_set():
            self.wake.clear()
            app = self.app
            wait = POLL_SECONDS
            if app is not None:
                try:
                    with self.lock:
                        alerts, self.alerts = self.alerts, False
                    if alerts:
                        _immediate_alerts(app)
                    send_outbox(app)
                    due = _next_due(app)
                    if due is not None:
                        wait = min(wait, max((due - utcnow()).total_seconds(), 0.5))
                except Exception:  # the thread must outlive a bad pass (a mail server down)
                    log.exception("The email sender's pass failed")
            self.wake.wait(wait)

    def halt(self, timeout: float = 10.0) -> None:
        self.stop.set()
        self.wake.set()
        thread = self.thread
        if thread is not None:
            thread.join(timeout)
        self.thread = None


_thread = _SenderThread()


def stop_sender_thread() -> None:
    """Stop this process's sender thread (tests, a clean shutdown)."""
    _thread.halt()


def wake_sender(app: Flask, *, alerts: bool = False) -> str | None:
    """Ask for a pass now (after the immediate alerts, with ``alerts``): returns ``"rq"``, ``"thread"`` or
    None (outbox-only, or no sender here; cron's `flask alerts send --period immediate` still runs)."""
    if (app.config.get("EMAIL_BACKEND") or "outbox-only") == "outbox-only":
        return None
    if app.config.get("REDIS_URL"):
        from redis.exceptions import RedisError

        try:
            email_queue(app).enqueue_call(send_outbox_job, kwargs={"alerts": alerts}, result_ttl=600,
                                          failure_ttl=86400, description="Send the outbox")
            return "rq"
        except RedisError:
            log.exception("Could not queue the email sender on Redis; sending from a thread instead")
    if not app.config.get("EMAIL_SENDER_THREAD", True):
        return None
    _thread.start(app, alerts=alerts)
    return "thread"


def wake_on_commit(app: Flask) -> None:
    """Wake the sender whenever one of the app's sessions commits a unit of work that queued email, or
    posted a need or an offer (the sender then sends the immediate alerts first)."""
    factory = app.extensions["weave.sessionmaker"]

    @event.listens_for(factory, "after_flush")
    def _posted(session: Session, _context) -> None:
        from community.models import Need, Offer

        if any(isinstance(obj, Need | Offer) for obj in session.new):
            session.info[POSTED] = True

    @event.listens_for(factory, "after_commit")
    def _queued(session: Session) -> None:
        queued, posted = session.info.pop(EMAIL_QUEUED, False), session.info.pop(POSTED, False)
        if queued or posted:
            try:
                wake_sender(app, alerts=posted)
            except Exception:  # the email waits in the outbox for the next pass
                log.exception("Could not wake the email sender")

    @event.listens_for(factory, "after_rollback")
    def _dropped(session: Session) -> None:
        session.info.pop(EMAIL_QUEUED, None)
        session.info.pop(POSTED, None)
