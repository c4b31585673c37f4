"""Analysis runs: queued, executed with progress in their own transactions, cached by fingerprint, and a
failure that keeps the previous results and says why."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from community.db import make_sessionmaker, utcnow
from community.errors import PermissionDenied
from community.insights.runs import (
    ABANDONED,
    create_run,
    execute_run,
    get_run,
    latest_finished_run,
    run_results,
    unfinished_run,
)
from community.models import AnalysisRun
from tests.builders.groups import make_group, make_membership
from tests.builders.insights import SmallCommunity
from tests.builders.people import make_user
from tests.timings import without_timings

NOW = utcnow()


@pytest.fixture()
def factory(db):
    return make_sessionmaker(db)


@pytest.fixture()
def community(factory):
    """Two groups with a member each, committed so that the run's own sessions can read them."""
    with factory() as s:
        connector = make_user(s, role="connector")
        for name in ("Acton Larder", "Acton Lifts"):
            make_membership(s, user=make_user(s), group=make_group(s, name=name))
        s.commit()
    return connector


class FakeEngine:
    """Stands in for the engine where a test is about the run, not the analysis."""

    def __init__(self, factory, *, fail: Exception | None = None):
        self.factory, self.fail, self.calls, self.seen_progress = factory, fail, 0, []

    def __call__(self, records, cells, *, seed, progress):
        self.calls += 1
        progress(50, "Finding brokers")
        # What a page polling the run would read while the analysis is still going.
        with self.factory() as s:
            run = s.get(AnalysisRun, self.run_id)
            self.seen_progress.append((run.status, run.progress, run.stage))
        if self.fail is not None:
            raise self.fail
        return {"seed": seed, "people": len(records.people), "groups": [g.label for g in records.groups]}


def queue_run(factory, connector, **kwargs) -> int:
    with factory() as s:
        run = create_run(s, created_by=s.merge(connector), **kwargs)
        s.commit()
        return run.id


def execute(factory, run_id, engine):
    engine.run_id = run_id
    # A fixed moment: runs either side of an hour boundary would describe different moments.
    return execute_run(factory, run_id, analyse=engine, now=NOW)


def test_a_run_is_queued_and_a_second_request_gets_the_same_unfinished_run(session, community):
    connector = session.merge(community)
    first = create_run(session, created_by=connector)
    second = create_run(session, created_by=connector)

    assert first is second
    assert (first.status, first.progress, json.loads(first.parameters)) == (
        "queued", 0, {"seed": 1, "window_days": 90}
    )


def test_only_connectors_can_queue_a_run(session):
    with pytest.raises(PermissionDenied):
        create_run(session, created_by=make_user(session))


def test_a_run_left_unfinished_for_over_an_hour_is_failed_and_replaced(session, community):
    connector = session.merge(community)
    stuck = create_run(session, created_by=connector)
    stuck.status, stuck.started_at = "running", utcnow() - timedelta(hours=2)
    session.flush()

    fresh = create_run(session, created_by=connector)

    assert fresh.id != stuck.id
    assert (stuck.status, stuck.error) == ("failed", ABANDONED)
    assert unfinished_run(session) == fresh


def test_executing_a_run_writes_progress_as_it_goes_and_stores_the_results(factory, community):
    run_id = queue_run(factory, community, seed=7)
    engine = FakeEngine(factory)

    assert execute(factory, run_id, engine) == "finished"

    assert engine.seen_progress == [("running", 54, "Finding brokers")]
    with factory() as s:
        run = get_run(s, run_id)
        results = run_results(run)
        assert (run.status, run.progress, run.stage, run.error) == ("finished", 100, "Finished", None)
        assert run.started_at <= run.finished_at
        assert len(run.fingerprint) == 64
        assert results["analysis"] == {"seed": 7, "people": 3, "groups": ["Acton Larder", "Acton Lifts"]}
        assert results["counts"] == {"people": 3, "groups": 2, "ties": 2, "open_needs": 0}
        assert set(json.loads(run.timings)) == {"load_seconds", "analysis_seconds"}


def test_a_run_is_executed_once_even_if_handed_to_two_workers(factory, community):
    run_id = queue_run(factory, community)
    engine = FakeEngine(factory)
    execute(factory, run_id, engine)

    assert execute(factory, run_id, engine) == "finished"
    assert engine.calls == 1


def test_an_unchanged_community_reuses_the_last_results_and_a_changed_one_is_analysed(factory, community):
    engine = FakeEngine(factory)
    first = queue_run(factory, community)
    execute(factory, first, engine)
    second = queue_run(factory, community)
    execute(factory, second, engine)

    assert engine.calls == 1
    with factory() as s:
        old, new = get_run(s, first), get_run(s, second)
        assert (new.status, new.progress, new.fingerprint) == ("finished", 100, old.fingerprint)
        assert new.results == old.results
        assert new.stage == f"Nothing has changed since run {first}: its results were reused"
        assert json.loads(new.timings)["reused_run"] == first
        make_membership(s, user=make_user(s), group=make_group(s, name="Brentham Books"))
        s.commit()

    third = queue_run(factory, community)
    execute(factory, third, engine)

    assert engine.calls == 2
    with factory() as s:
        assert get_run(s, third).fingerprint != get_run(s, first).fingerprint


def test_other_parameters_are_a_different_fingerprint(factory, community):
    engine = FakeEngine(factory)
    execute(factory, queue_run(factory, community, seed=1), engine)
    execute(factory, queue_run(factory, community, seed=2), engine)

    assert engine.calls == 2


def test_a_failed_run_says_why_and_the_previous_results_stay_the_latest(factory, community):
    good = queue_run(factory, community)
    execute(factory, good, FakeEngine(factory))
    with factory() as s:
        make_group(s, name="A change, so the cache is not used")
        s.commit()
    bad = queue_run(factory, community)

    outcome = execute(factory, bad, FakeEngine(factory, fail=MemoryError("graph too big for this machine")))

    assert outcome == "failed"
    with factory() as s:
        failed = get_run(s, bad)
        assert (failed.status, failed.stage, failed.results) == ("failed", "Failed", None)
        assert failed.error == "MemoryError: graph too big for this machine"
        assert failed.finished_at is not None
        latest = latest_finished_run(s)
        assert latest.id == good
        assert run_results(latest)["analysis"]["groups"] == ["Acton Larder", "Acton Lifts"]


def test_there_is_no_latest_run_before_the_first_one_finishes(session):
    assert latest_finished_run(session) is None
    assert run_results(None) is None


def analysis_without_timings(factory, run_id) -> dict:
    with factory() as s:
        return without_timings(run_results(get_run(s, run_id))["analysis"])


def test_a_run_end_to_end_on_a_small_community_finds_its_gap_broker_and_introduction(factory):
    with factory() as s:
        place = SmallCommunity(s)
        s.commit()
    run_id = queue_run(factory, place.connector)

    assert execute_run(factory, run_id) == "finished"

    with factory() as s:
        results = run_results(get_run(s, run_id))
    analysis = results["analysis"]
    assert [g["label"] for g in analysis["isolated_groups"]] == ["Acton Larder"]
    assert analysis["unconnected_residents"][0]["person"] == f"user:{place.dee.id}"
    first = analysis["introductions"][0]
    assert {first["a"], first["b"]} == {f"group:{place.larder.id}", f"group:{place.lifts_group.id}"}
    # The lifts needs were posted moments ago: the run counts them, so lifts in the ward are thin.
    assert first["weak_cells"] == [["E05000001", "lifts-and-transport"]]
    assert analysis["brokers"][0]["reason"]
    assert results["labels"][f"group:{place.larder.id}"] == "Acton Larder"
    assert results["areas"] == {"E05000001": "Acton Central"}


def test_the_same_community_and_seed_give_the_same_results(factory):
    with factory() as s:
        place = SmallCommunity(s)
        s.commit()
    first = queue_run(factory, place.connector, seed=5)
    execute_run(factory, first)
    with factory() as s:
        s.get(AnalysisRun, first).fingerprint = None  # so the second run is analysed, not reused
        s.commit()
    second = queue_run(factory, place.connector, seed=5)
    execute_run(factory, second)

    assert analysis_without_timings(factory, first) == analysis_without_timings(factory, second)
    assert analysis_without_timings(factory, first)["seed"] == 5
