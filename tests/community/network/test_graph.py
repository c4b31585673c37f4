"""Building the weighted graph and fingerprinting it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from community.network.graph import (
    GroupInfo,
    PersonInfo,
    Tie,
    build_graph,
    graph_fingerprint,
    tie_contribution,
)

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
