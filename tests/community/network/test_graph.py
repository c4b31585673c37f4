"""Building the weighted graph and fingerprinting it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import networkx as nx
import pytest

from community.network.graph import (
    GroupInfo,
    PersonInfo,
    Tie,
    build_graph,
    graph_fingerprint,
    tie_contribution,
    tie_table,
)
from community.network.indexed import GraphIndex

NOW = datetime(2025, 6, 1)
PEOPLE = [PersonInfo("user:1", "Ann"), PersonInfo("user:2", "Bo")]
GROUPS = [
    GroupInfo("group:1", "Pantry", frozenset({"W1"}), frozenset({"food"})),
    GroupInfo("group:2", "Roof", frozenset({"W1", "W2"}), frozenset({"housing"})),
]


def days_ago(n: float) -> datetime:
    return NOW - timedelta(days=n)


def test_occurrences_fade_linearly_to_nothing_over_a_year():
    def weight(age):
        return tie_contribution(Tie("user:1", "user:2", "helped", days_ago(age)), NOW)

    assert weight(0) == 1.0
    assert weight(73) == pytest.approx(0.8)
    assert weight(365) == 0.0
    assert weight(800) == 0.0
    assert weight(-3) == 1.0  # dated in the future: counts as new


def test_active_membership_counts_in_full_however_old():
    tie = Tie("user:1", "group:1", "membership", days_ago(3000), active=True)

    assert tie_contribution(tie, NOW) == 1.0


def test_weights_add_up_kinds_are_kept_and_faded_ties_dropped():
    ties = [
        Tie("user:1", "group:1", "membership", days_ago(900), active=True),
        Tie("group:1", "user:1", "helped", days_ago(182.5)),
        Tie("user:1", "user:2", "helped", days_ago(400)),
        Tie("group:1", "group:2", "partnership", days_ago(36.5)),
    ]

    G = build_graph(PEOPLE, GROUPS, ties, now=NOW)

    assert G.edges["user:1", "group:1"]["weight"] == pytest.approx(1.5)
    assert G.edges["user:1", "group:1"]["kinds"] == ("helped", "membership")
    assert G.edges["user:1", "group:1"]["occurrences"] == 2
    assert G.edges["group:1", "group:2"]["weight"] == pytest.approx(0.9)
    assert not G.has_edge("user:1", "user:2")
    assert G.nodes["group:2"]["areas"] == frozenset({"W1", "W2"})
    assert G.nodes["user:2"] == {"kind": "person", "label": "Bo"}


def test_unknown_nodes_and_self_ties_are_skipped_and_counted():
    ties = [
        Tie("user:1", "user:99", "helped", NOW),
        Tie("user:1", "user:1", "helped", NOW),
        Tie("user:1", "user:2", "helped", NOW),
    ]

    G = build_graph(PEOPLE, GROUPS, ties, now=NOW)

    assert G.graph["skipped_ties"] == 2
    assert G.number_of_edges() == 1


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="unknown tie kind"):
        build_graph(PEOPLE, GROUPS, [Tie("user:1", "user:2", "hug", NOW)], now=NOW)
    with pytest.raises(ValueError, match="timezone"):
        build_graph(
            PEOPLE, GROUPS, [Tie("user:1", "user:2", "helped", NOW)], now=NOW.replace(tzinfo=UTC)
        )
    with pytest.raises(ValueError, match="both a person and a group"):
        build_graph(PEOPLE, [GroupInfo("user:1", "Clash")], [], now=NOW)


def test_fingerprint_ignores_order_but_not_content():
    ties = [
        Tie("user:1", "group:1", "membership", NOW, active=True),
        Tie("group:2", "group:1", "partnership", days_ago(10)),
    ]
    a = build_graph(PEOPLE, GROUPS, ties, now=NOW)
    b = build_graph(PEOPLE[::-1], GROUPS[::-1], ties[::-1], now=NOW)

    assert graph_fingerprint(a) == graph_fingerprint(b)
    assert list(a) == list(b)  # nodes are stored in sorted order

    later = build_graph(PEOPLE, GROUPS, ties, now=NOW + timedelta(days=30))
    renamed = build_graph(
        PEOPLE, [GROUPS[0], GroupInfo("group:2", "Roof", frozenset({"W3"}))], ties, now=NOW
    )
    assert graph_fingerprint(later) != graph_fingerprint(a)
    assert graph_fingerprint(renamed) != graph_fingerprint(a)


def _built_one_tie_at_a_time(people, groups, ties, now):
    """The per-tie running sum that ``build_graph`` replaced with numpy, as the reference."""
    known = {p.id for p in people} | {g.id for g in groups}
    acc: dict = {}
    for t in ties:
        if t.a == t.b or t.a not in known or t.b not in known:
            continue
        key = (t.a, t.b) if t.a < t.b else (t.b, t.a)
        entry = acc.setdefault(key, [0.0, set(), 0])
        entry[0] += tie_contribution(t, now)
        entry[1].add(t.kind)
        entry[2] += 1
    return [
        (u, v, {"weight": round(w, 12), "kinds": tuple(sorted(k)), "occurrences": n})
        for (u, v), (w, k, n) in acc.items()
        if w > 0.0
    ]


@pytest.mark.parametrize("aware", [False, True])
def test_numpy_accumulation_equals_adding_ties_one_at_a_time(aware):
    import random

    rng = random.Random(5)
    now = NOW.replace(tzinfo=UTC) if aware else NOW
    people = [PersonInfo(f"user:{i}", f"P{i}") for i in range(40)]
    groups = [GroupInfo(f"group:{i}", f"G{i}") for i in range(8)]
    ids = [n.id for n in people + groups] + ["user:999"]  # one unknown id: skipped
    kinds = sorted(("membership", "partnership", "helped", "introduction"))
    ties = [
        Tie(
            rng.choice(ids),
            rng.choice(ids),
            rng.choice(kinds),
            now - timedelta(days=rng.uniform(-20, 500), microseconds=rng.randrange(10**6)),
            rng.random() < 0.3,
        )
        for _ in range(3000)
    ]

    G = build_graph(people, groups, ties, now=now)

    expected = _built_one_tie_at_a_time(people, groups, ties, now)
    # Positive controls: the case has repeated pairs, mixed kinds, faded and future ties.
    assert max(e[2]["occurrences"] for e in expected) > 3
    assert any(len(e[2]["kinds"]) > 1 for e in expected)
    assert len(expected) < len({tuple(sorted((t.a, t.b))) for t in ties if t.a != t.b})
    # Same values, and edges added in the order of their first tie (so every node lists
    # its neighbours in the same order).
    reference = nx.Graph()
    reference.add_nodes_from(sorted(n.id for n in people + groups))
    reference.add_edges_from(expected)
    assert list(G.edges(data=True)) == list(reference.edges(data=True))
    assert [list(G[n]) for n in G] == [list(reference[n]) for n in reference]
    assert G.graph["skipped_ties"] == sum(
        t.a == t.b or "user:999" in (t.a, t.b) for t in ties
    )


def test_the_table_indexes_the_graph_without_its_lone_people():
    """run_analysis starts betweenness from the table's index before the graph exists, so the two
    must agree node for node and tie for tie."""
    people = [PersonInfo(f"user:{i}", f"P{i}") for i in range(6)]
    groups = [GroupInfo(f"group:{i}", f"G{i}") for i in range(3)]
    ties = [
        Tie("user:0", "group:0", "membership", NOW, active=True),
        Tie("user:0", "group:0", "helped", days_ago(10)),
        Tie("user:1", "group:0", "membership", NOW, active=True),
        Tie("user:1", "user:0", "helped", days_ago(30)),
        Tie("group:0", "group:1", "partnership", days_ago(2)),
        Tie("user:3", "group:1", "helped", days_ago(400)),  # faded away: user:3 has no tie left
        Tie("user:4", "user:404", "helped", days_ago(1)),  # unknown end: skipped
        Tie("user:5", "user:5", "helped", days_ago(1)),  # self-tie: skipped
    ]
    whole = build_graph(people, groups, ties, now=NOW)
    G = build_graph(people, groups, ties, now=NOW, network_only=True)
    expected = GraphIndex.from_graph(G)

    got = tie_table(people, groups, ties, now=NOW).index()

    # The rule by hand: user:2 never had a tie, user:3's faded, user:4's and user:5's were skipped;
    # group:2 has no tie but is a group, so it stays.
    lone = {"user:2", "user:3", "user:4", "user:5"}
    assert set(whole) - set(G) == lone and "group:2" in G
    assert dict(G.nodes(data=True)) == {n: d for n, d in whole.nodes(data=True) if n not in lone}
    assert sorted(G.edges(data=True)) == sorted(whole.edges(data=True))
    assert got.nodes == expected.nodes and got.index == expected.index
    assert got.src.tolist() == expected.src.tolist()
    assert got.dst.tolist() == expected.dst.tolist()
    assert got.weight.tolist() == expected.weight.tolist()
