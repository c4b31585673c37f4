"""A running analysis says it is alive; one that stops saying so is marked failed, and a new run may start.

The whole story with a real killed process is in tests/faults/; these are the rules, with the clock given.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest

from community.db import make_sessionmaker, utcnow
from community.insights import runs
from community.insights.runs import (
    STALLED_AFTER,
    create_run,
    execute_run,
    latest_finished_run,
    reap_stalled_runs,
    unfinished_run,
)
from community.models import AnalysisRun, RunStatus
from tests.builders.people import make_user


def running_run(session, *, heartbeat_ago: timedelta, now) -> AnalysisRun:
    run = AnalysisRun(status=RunStatus.RUNNING, progress=23, stage="Analysing", parameters="{}",
                      started_at=now - timedelta(minutes=5), heartbeat_at=now - heartbeat_ago)
    session.add(run)
    session.flush()
    return run


def test_a_run_without_a_heartbeat_for_too_long_is_failed_with_the_reason(session):
    now = utcnow()
    finished = AnalysisRun(status=RunStatus.FINISHED, progress=100, stage="Finished", parameters="{}",
                           finished_at=now - timedelta(days=1), results=json.dumps({"counts": {}}))
    session.add(finished)
    alive = running_run(session, heartbeat_ago=STALLED_AFTER - timedelta(seconds=5), now=now)
    assert reap_stalled_runs(session, now=now) == []
    assert unfinished_run(session, now=now).id == alive.id

    later = now + timedelta(seconds=10)
    assert unfinished_run(session, now=later) is None  # the start button comes back at once
    assert reap_stalled_runs(session, now=later) == [alive.id]
    session.refresh(alive)
    assert alive.status == RunStatus.FAILED and alive.finished_at is not None
    assert "stopped: no sign of life for 30 seconds" in alive.error
    assert latest_finished_run(session).id == finished.id  # earlier results stay


def test_starting_a_run_replaces_a_stalled_one_instead_of_handing_it_back(session):
    connector = make_user(session, role="connector")
    stalled = running_run(session, heartbeat_ago=STALLED_AFTER * 2, now=utcnow())
    fresh = create_run(session, created_by=connector)
    assert fresh.id != stalled.id and fresh.status == RunStatus.QUEUED
    session.refresh(stalled)
    assert stalled.status == RunStatus.FAILED


def test_a_live_run_is_still_handed_back_to_a_second_start(session):
    connector = make_user(session, role="connector")
    alive = running_run(session, heartbeat_ago=timedelta(seconds=1), now=utcnow())
    assert create_run(session, created_by=connector).id == alive.id


def test_the_heartbeat_is_written_while_the_engine_works_silently(db, monkeypatch):
    monkeypatch.setattr(runs, "HEARTBEAT_INTERVAL", 0.05)
    factory = make_sessionmaker(db)
    with factory() as s:
        run = create_run(s, created_by=None)
        s.commit()
        run_id = run.id
    beats = []

    def silent(records, cells, *, seed, progress):
        # A long step with no progress at all: only the heartbeat thread can say the run is alive.
        for _ in range(3):
            time.sleep(0.3)
            with factory() as s:
                beats.append(s.get(AnalysisRun, run_id).heartbeat_at)
        return {}

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(runs, "_run_engine", silent)
        assert execute_run(factory, run_id) == "finished"
    assert beats[0] is not None and beats[0] < beats[1] < beats[2]
