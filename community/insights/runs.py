"""Analysis runs: queue a network analysis, run it with progress, keep its results per graph fingerprint.

A run is created ``queued`` by a web request or a command, and executed elsewhere (a background worker or
the command itself) by :func:`execute_run`, which opens its own sessions from a sessionmaker: progress and
stage are written in short transactions of their own so a page polling the run sees them move while the
analysis holds no transaction open. A run whose community has not changed since a finished run (same
fingerprint and parameters) reuses that run's results. A failed run records why and leaves every earlier
result in place; pages always read the latest *finished* run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from community.db import rowcount, session_scope, utcnow
from community.errors import NotFound, PermissionDenied, ValidationFailed
from community.i18n import _
from community.insights.coverage import DEFAULT_WINDOW_DAYS, coverage_cells, get_coverage, parse_window
from community.insights.network_results import labels_for
from community.insights.network_source import CommunityRecords, load_community
from community.models import AnalysisRun, RunStatus, User
from community.network.coverage import CoverageCell

__all__ = [
    "ENGINE_VERSION",
    "RunProgress",
    "create_run",
    "execute_run",
    "get_run",
    "latest_finished_run",
    "list_runs",
    "reap_stalled_runs",
    "run_parameters",
    "run_results",
    "unfinished_run",
]

log = logging.getLogger(__name__)

# Part of every fingerprint: bump it when the engine's output changes, so cached results are not reused.
ENGINE_VERSION = "2"
DEFAULT_SEED = 1
MAX_ERROR = 2000
# A run still queued or running after this long lost its worker (a restart, a crash): a new run replaces it.
ABANDONED_AFTER = timedelta(hours=1)
ABANDONED = _("The worker stopped before this run finished (it was still unfinished after an hour).")
# The process running an analysis writes a heartbeat this often (from a thread of its own, so a long step
# of the engine does not silence it); a running run without one for STALLED_AFTER lost its process — killed,
# out of memory, a machine restarted — and is marked failed by the next look at it or the next start.
HEARTBEAT_INTERVAL = 5.0
STALLED_AFTER = timedelta(seconds=30)
# Share of the progress bar each phase takes; the engine reports within its share.
LOADING_UNTIL, ANALYSIS_UNTIL = 10, 98
# Seconds between progress writes: often enough for a progress bar, rare enough to cost nothing.
PROGRESS_INTERVAL = 0.5


def create_run(
    session: Session,
    *,
    created_by: User | None,
    seed: int = DEFAULT_SEED,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> AnalysisRun:
    """Queue a run, or return the one already queued or running (two clicks start one analysis)."""
    if created_by is not None and not created_by.is_connector:
        raise PermissionDenied(_("Only council connectors can run the network analysis"))
    if not isinstance(seed, int) or seed < 0:
        raise ValidationFailed({"seed": _("The seed must be a whole number, 0 or more")})
    window_days = parse_window(window_days)
    reap_stalled_runs(session)
    existing = unfinished_run(session)
    if existing is not None and not _abandoned(existing):
        return existing
    if existing is not None:
        existing.status, existing.stage, existing.finished_at = RunStatus.FAILED, _("Failed"), utcnow()
        existing.error = ABANDONED
    run = AnalysisRun(
        parameters=json.dumps({"seed": seed, "window_days": window_days}, sort_keys=True),
        status=RunStatus.QUEUED,
        progress=0,
        stage=_("Waiting to start"),
        created_by_id=created_by.id if created_by else None,
    )
    session.add(run)
    session.flush()
    return run


def _abandoned(run: AnalysisRun) -> bool:
    return (run.started_at or run.created_at) < utcnow() - ABANDONED_AFTER


def unfinished_run(session: Session, *, now: datetime | None = None) -> AnalysisRun | None:
    """The run queued or running, if any; a running run whose heartbeat stopped does not count.

    A run with no heartbeat at all was started before heartbeats existed: the hour-long rule
    (``ABANDONED_AFTER``, applied by ``create_run``) still covers it.
    """
    alive_since = (now or utcnow()) - STALLED_AFTER
    return session.scalar(
        select(AnalysisRun)
        .where(or_(
            AnalysisRun.status == RunStatus.QUEUED,
            (AnalysisRun.status == RunStatus.RUNNING)
            & or_(AnalysisRun.heartbeat_at.is_(None), AnalysisRun.heartbeat_at >= alive_since),
        ))
        .order_by(AnalysisRun.id.desc())
        .limit(1)
    )


def reap_stalled_runs(session: Session, *, now: datetime | None = None) -> list[int]:
    """Mark failed, with the reason, every running run whose process has stopped; returns their ids.

    Results of earlier runs are untouched (pages read the latest *finished* run).
    """
    now = now or utcnow()
    stalled = list(session.scalars(
        select(AnalysisRun.id).where(
            AnalysisRun.status == RunStatus.RUNNING,
            AnalysisRun.heartbeat_at < now - STALLED_AFTER,
        )
    ))
    if stalled:
        log.warning("Analysis runs %s lost their process; marking them failed", stalled)
        session.execute(
            update(AnalysisRun)
            .where(AnalysisRun.id.in_(stalled), AnalysisRun.status == RunStatus.RUNNING)
            .values(status=RunStatus.FAILED, stage=_("Failed"), finished_at=now,
                    error=_("The process running this analysis stopped: no sign of life for %(seconds)s "
                            "seconds. Earlier results are kept; start a new run.",
                            seconds=int(STALLED_AFTER.total_seconds())))
            .execution_options(synchronize_session=False)
        )
        session.expire_all()
    return stalled


class _Heartbeat:
    """A daemon thread writing the run's heartbeat every ``HEARTBEAT_INTERVAL`` seconds until stopped."""

    def __init__(self, factory: sessionmaker[Session], run_id: int) -> None:
        self.factory, self.run_id = factory, run_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"weave-heartbeat-{run_id}", daemon=True)

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stopped.set()
        self.thread.join(timeout=HEARTBEAT_INTERVAL * 2)

    def _beat(self) -> None:
        while not self.stopped.wait(HEARTBEAT_INTERVAL):
            try:
                _set(self.factory, self.run_id, heartbeat_at=utcnow())
            except Exception:  # a missed beat is not fatal; the database may be back for the next one
                log.warning("Could not write the heartbeat of analysis run %s", self.run_id, exc_info=True)


def get_run(session: Session, run_id: int) -> AnalysisRun:
    run = session.get(AnalysisRun, run_id)
    if run is None:
        raise NotFound(_("Analysis run not found"))
    return run


def latest_finished_run(session: Session) -> AnalysisRun | None:
    return session.scalar(
        select(AnalysisRun)
        .where(AnalysisRun.status == RunStatus.FINISHED, AnalysisRun.results.is_not(None))
        .order_by(AnalysisRun.finished_at.desc(), AnalysisRun.id.desc())
        .limit(1)
    )


def list_runs(session: Session, *, limit: int = 20) -> list[AnalysisRun]:
    return list(session.scalars(select(AnalysisRun).order_by(AnalysisRun.id.desc()).limit(limit)))


def run_parameters(run: AnalysisRun) -> dict:
    return json.loads(run.parameters or "{}")


def run_results(run: AnalysisRun | None) -> dict | None:
    if run is None or not run.results:
        return None
    return json.loads(run.results)


OnProgress = Callable[[int, str], None]


class RunProgress:
    """The progress callback handed to the engine: writes percent and stage in their own transactions.

    A write is made when the whole percent or the stage changed and at least ``min_interval`` seconds
    have passed since the last one, so a chatty engine costs a few dozen tiny UPDATEs, not thousands, and
    a small community is not slowed down by a commit per stage.
    """

    def __init__(
        self, factory: sessionmaker[Session], run_id: int, *, low: int = 0, high: int = 100,
        on_progress: OnProgress | None = None, min_interval: float = PROGRESS_INTERVAL,
    ) -> None:
        self.factory, self.run_id = factory, run_id
        self.min_interval, self.written_at = min_interval, float("-inf")
        self.low, self.high = low, high
        self.on_progress = on_progress
        self.last: tuple[int, str] | None = None

    def __call__(self, percent: float, stage: str | None = None) -> None:
        scaled = int(self.low + (self.high - self.low) * max(0.0, min(100.0, float(percent))) / 100.0)
        stage = (stage or (self.last[1] if self.last else _("Analysing")))[:80]
        if self.last is not None and (scaled, stage) == self.last:
            return
        self.last = (scaled, stage)
        if time.monotonic() - self.written_at >= self.min_interval:
            _set(self.factory, self.run_id, progress=scaled, stage=stage)
            self.written_at = time.monotonic()
        if self.on_progress is not None:
            self.on_progress(scaled, stage)


def _set(factory: sessionmaker[Session], run_id: int, **values: Any) -> None:
    with session_scope(factory) as session:
        session.execute(update(AnalysisRun).where(AnalysisRun.id == run_id).values(**values))


Analyse = Callable[..., dict]


def execute_run(
    factory: sessionmaker[Session],
    run_id: int,
    *,
    now: datetime | None = None,
    analyse: Analyse | None = None,
    on_progress: OnProgress | None = None,
) -> str:
    """Run a queued analysis to the end; returns the final status (``finished`` or ``failed``).

    Safe to call twice for the same run: only the caller that moves it from queued to running goes on.
    ``analyse`` replaces the engine (tests use it to make a run fail); ``on_progress(percent, stage)`` is
    told of every step too (the command line prints them).
    """
    tell = on_progress or (lambda _percent, _stage: None)
    with session_scope(factory) as session:
        claimed = rowcount(session.execute(
            update(AnalysisRun)
            .where(AnalysisRun.id == run_id, AnalysisRun.status == RunStatus.QUEUED)
            .values(
                status=RunStatus.RUNNING, started_at=utcnow(), heartbeat_at=utcnow(), progress=1,
                stage=_("Reading the community"),
            )
        ))
    if claimed != 1:
        with session_scope(factory) as session:
            run = session.get(AnalysisRun, run_id)
            return run.status if run is not None else "missing"
    tell(1, _("Reading the community"))
    with _Heartbeat(factory, run_id):
        return _execute_claimed(factory, run_id, now=now, analyse=analyse, on_progress=on_progress, tell=tell)


def _execute_claimed(
    factory: sessionmaker[Session], run_id: int, *, now: datetime | None, analyse: Analyse | None,
    on_progress: OnProgress | None, tell: OnProgress,
) -> str:
    timings: dict[str, float] = {}
    try:
        started = time.perf_counter()
        with session_scope(factory) as session:
            parameters = run_parameters(get_run(session, run_id))
            moment = now or utcnow()
            records = load_community(session, now=_to_the_hour(moment))
            # Coverage is counted up to the moment itself, not the top of the hour: a need posted a minute
            # ago is demand the connector expects this run to see. The cells are in the fingerprint, so
            # runs in the same hour still share results whenever what they count is the same.
            cells = coverage_cells(
                get_coverage(session, window_days=parameters.get("window_days", DEFAULT_WINDOW_DAYS),
                             now=moment)
            )
        timings["load_seconds"] = round(time.perf_counter() - started, 3)
        fingerprint = community_fingerprint(records, cells, parameters)
        reused = _reuse(factory, run_id, fingerprint, timings)
        if reused:
            tell(100, _("Nothing has changed since the last finished run: its results were reused"))
            return "finished"
        _set(factory, run_id, fingerprint=fingerprint, progress=LOADING_UNTIL, stage=_(
            "Analysing the network",
        ))
        tell(LOADING_UNTIL, _("Analysing the network"))
        progress = RunProgress(
            factory, run_id, low=LOADING_UNTIL, high=ANALYSIS_UNTIL, on_progress=on_progress
        )
        started = time.perf_counter()
        analysis = (analyse or _run_engine)(records, cells, seed=parameters.get("seed", DEFAULT_SEED),
                                            progress=progress)
        timings["analysis_seconds"] = round(time.perf_counter() - started, 3)
        results = {
            "analysis": analysis,
            "coverage_gaps": [cell.to_dict() for cell in cells if cell.status == "gap"],
            "labels": labels_for(analysis, records),
            "areas": records.area_names,
            "categories": records.category_names,
            "counts": records.counts(),
            "computed_at": records.now.isoformat(),
        }
        _set(factory, run_id, status=RunStatus.FINISHED, progress=100, stage=_(
            "Finished",
        ), finished_at=utcnow(),
             results=json.dumps(results, sort_keys=True, default=str), timings=json.dumps(timings),
             error=None)
        tell(100, _("Finished"))
        return "finished"
    except Exception as error:  # any failure at all must be recorded on the run, then logged
        log.exception("Analysis run %s failed", run_id)
        message = f"{error.__class__.__name__}: {error}"[:MAX_ERROR]
        _set(factory, run_id, status=RunStatus.FAILED, stage=_("Failed"), finished_at=utcnow(), error=message,
             timings=json.dumps(timings))
        return "failed"


def _to_the_hour(moment: datetime) -> datetime:
    # Ties fade and coverage windows slide with time: describing the community as at the top of the hour
    # lets runs within the same hour over unchanged data share one fingerprint, and so one set of results.
    return moment.replace(minute=0, second=0, microsecond=0)


def community_fingerprint(
    records: CommunityRecords, cells: list[CoverageCell], parameters: dict[str, Any]
) -> str:
    """A hash of everything the engine is given: people, groups, ties, open needs, coverage cells, the
    moment (to the hour) and the parameters. The same fingerprint means the same results, so a run whose
    fingerprint matches a finished run's reuses its results instead of recomputing them.

    Hashing the records themselves, rather than the weighted graph built from them, costs a sort instead
    of a graph build (a fraction of a second for a city instead of seconds).
    """
    digest = hashlib.sha256()

    def add(rows: Iterable[tuple[str, ...]]) -> None:
        for row in sorted(rows):
            digest.update("\t".join(row).encode())
            digest.update(b"\n")
        digest.update(b"--\n")

    digest.update(f"{ENGINE_VERSION}\n{records.now.isoformat()}\n".encode())
    digest.update(json.dumps(parameters, sort_keys=True).encode())
    add((p.id, p.label) for p in records.people)
    add((g.id, g.label, ",".join(sorted(g.areas)), ",".join(sorted(g.categories))) for g in records.groups)
    add((t.a, t.b, t.kind, t.at.isoformat(), "1" if t.active else "0") for t in records.ties)
    add((n.person_id, n.area, n.category, n.need_id or "") for n in records.open_needs)
    add((c.area, c.category, c.status, str(c.demand)) for c in cells)
    add((code, name) for code, name in records.area_names.items())
    add((slug, name) for slug, name in records.category_names.items())
    return digest.hexdigest()


def _reuse(factory: sessionmaker[Session], run_id: int, fingerprint: str, timings: dict[str, float]) -> bool:
    with session_scope(factory) as session:
        previous = session.scalar(
            select(AnalysisRun)
            .where(
                AnalysisRun.fingerprint == fingerprint,
                AnalysisRun.status == RunStatus.FINISHED,
                AnalysisRun.results.is_not(None),
                AnalysisRun.id != run_id,
            )
            .order_by(AnalysisRun.id.desc())
            .limit(1)
        )
        if previous is None:
            return False
        run = get_run(session, run_id)
        run.fingerprint, run.results = fingerprint, previous.results
        run.status, run.progress, run.finished_at = RunStatus.FINISHED, 100, utcnow()
        run.stage = _("Nothing has changed since run %(id)s: its results were reused", id=previous.id)[:80]
        run.timings = json.dumps({**timings, "reused_run": previous.id})
        run.error = None
    return True


def _run_engine(
    records: CommunityRecords, cells: list[CoverageCell], *, seed: int, progress: OnProgress
) -> dict[str, Any]:
    """The one call into the network engine."""
    from community.network.analysis import run_analysis

    result = run_analysis(
        records.people,
        records.groups,
        records.ties,
        now=records.now,
        seed=seed,
        progress=progress,
        open_needs=records.open_needs,
        coverage_cells=cells,
        area_names=records.area_names,
        category_names=records.category_names,
    )
    return result.to_dict()
