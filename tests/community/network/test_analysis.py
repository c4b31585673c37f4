"""run_analysis end to end on a small synthetic city."""

from __future__ import annotations

import json

import pytest

from community.network import STAGES, run_analysis
from tests.timings import without_timings

from ._city import small_city


def _run(city, **kwargs):
    return run_analysis(
        city.people,
        city.groups,
        city.ties,
        now=city.now,
        open_needs=city.open_needs,
        coverage_cells=city.coverage_cells,
        area_names=city.area_names,
        **kwargs,
    )


@pytest.fixture(scope="module")
def city():
    return small_city(seed=5, n_people=1500, n_groups=100)


def test_end_to_end(city):
    calls = []

    result = _run(city, seed=3, progress=lambda p, s: calls.append((p, s)))

    assert calls == list(STAGES)
    assert list(result.timings) == [name for _, name in STAGES[:-1]]
    assert result.betweenness["method"] == "exact"
    assert result.counts["groups"] == 100
    # People with no tie are left out of the network, and counted apart.
    assert result.counts["people_without_ties"] > 0
    assert result.counts["people"] + result.counts["people_without_ties"] == 1500
    assert len(result.brokers) == 50
    assert all(b.reason for b in result.brokers)
    assert result.communities.communities and result.introductions and result.critical
    assert len(result.unconnected_residents) > 0
    assert len(result.fingerprint) == 64
    text = json.dumps(result.to_dict(), allow_nan=False)
    assert json.loads(text)["brokers"][0]["rank"] == 1


def test_same_seed_same_result_with_sampled_betweenness(city):
    a = _run(city, seed=9, exact_below=0, samples=20_000).to_dict()
    b = _run(city, seed=9, exact_below=0, samples=20_000).to_dict()

    assert a["betweenness"]["method"] == "pairs" and a["betweenness"]["samples"] == 20_000
    assert without_timings(a) == without_timings(b)


def test_empty_community():
    from datetime import datetime

    result = run_analysis([], [], [], now=datetime(2025, 1, 1))

    assert result.brokers == [] and result.counts["nodes"] == 0
    json.dumps(result.to_dict(), allow_nan=False)


def test_input_order_does_not_change_the_result(city):
    import random

    rng = random.Random(0)
    people, groups, ties = list(city.people), list(city.groups), list(city.ties)
    for records in (people, groups, ties):
        rng.shuffle(records)

    a = _run(city, seed=4).to_dict()
    b = run_analysis(
        people,
        groups,
        ties,
        now=city.now,
        seed=4,
        open_needs=city.open_needs[::-1],
        coverage_cells=city.coverage_cells[::-1],
        area_names=city.area_names,
    ).to_dict()

    assert without_timings(a) == without_timings(b)


def test_an_isolated_account_changes_no_score():
    """Adding people with no tie (a connector's account, a new resident) changes no broker's score;
    a group with no tie is still part of the network."""
    from dataclasses import replace

    from community.network.graph import GroupInfo, PersonInfo

    city = small_city(seed=2, n_people=400, n_groups=30)
    before = _run(city, seed=1)
    extra = [PersonInfo(f"user:new{i}", f"New {i}") for i in range(50)]
    lonely_group = GroupInfo("group:new", "Brand New Group", frozenset({"E05013500"}))
    after = _run(replace(city, people=[*city.people, *extra], groups=[*city.groups, lonely_group]),
                 seed=1)

    assert after.counts["people"] == before.counts["people"]
    assert after.counts["people_without_ties"] == before.counts["people_without_ties"] + 50
    assert after.counts["groups"] == before.counts["groups"] + 1
    assert "group:new" in {g.group for g in after.isolated_groups}
    scores = {b.node: b.betweenness for b in before.brokers}
    moved = {b.node: b.betweenness for b in after.brokers}
    # One more node (the lonely group) changes the normalisation by a known factor only.
    n = before.counts["nodes"]
    factor = ((n - 1) * (n - 2)) / (n * (n - 1))
    assert list(moved) == list(scores)
    assert all(abs(moved[k] - scores[k] * factor) < 1e-6 for k in scores)


def test_introductions_ranked_before_betweenness_are_those_suggested_after_it(city):
    from community.network.betweenness import betweenness
    from community.network.communities import detect_communities
    from community.network.graph import build_graph
    from community.network.introductions import suggest_introductions

    result = _run(city, seed=3)

    G = build_graph(city.people, city.groups, city.ties, now=city.now, network_only=True)
    comms = detect_communities(G, seed=3, area_names=city.area_names)
    expected = suggest_introductions(
        G,
        comms,
        betweenness=betweenness(G, seed=3).scores,
        coverage_cells=city.coverage_cells,
        area_names=city.area_names,
    )
    # Positive control: some introducer was chosen by betweenness, so it took part.
    assert any(i.introducer for i in expected)
    assert result.introductions == expected
