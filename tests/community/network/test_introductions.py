"""Suggested introductions on hand-built cases."""

from __future__ import annotations

from datetime import datetime

import networkx as nx

from community.network.communities import detect_communities
from community.network.coverage import CoverageCell
from community.network.graph import GroupInfo, PersonInfo, Tie, build_graph
from community.network.introductions import suggest_introductions

NOW = datetime(2025, 6, 1)


def tie(a, b, kind="membership"):
    return Tie(a, b, kind, NOW, active=kind in ("membership", "partnership"))


def build(groups, ties=(), people=()):
    G = build_graph(people, groups, ties, now=NOW)
    return G, detect_communities(G, seed=1)


FOOD = GroupInfo("group:1", "Pantry", frozenset({"N", "S"}), frozenset({"food"}))
ROOF = GroupInfo("group:2", "Roof", frozenset({"N"}), frozenset({"housing"}))
SOUP = GroupInfo("group:3", "Soup run", frozenset({"N"}), frozenset({"food"}))
FAR = GroupInfo("group:4", "Far away", frozenset({"W"}), frozenset({"legal"}))


def test_complementary_groups_sharing_a_ward_are_suggested():
    G, comms = build([FOOD, ROOF, SOUP, FAR])

    pairs = [(i.a, i.b) for i in suggest_introductions(G, comms)]

    # Same categories (1, 3) and no shared ward (with 4) never qualify; Roof
    # and Soup run share all their wards, Pantry and Roof only half.
    assert pairs == [("group:2", "group:3"), ("group:1", "group:2")]


def test_weak_cells_raise_the_score_and_are_named():
    G, comms = build([FOOD, ROOF, SOUP])
    cells = [CoverageCell("N", "housing", "thin", 12), CoverageCell("S", "housing", "gap", 3)]

    plain = {(i.a, i.b): i.score for i in suggest_introductions(G, comms)}
    intros = suggest_introductions(G, comms, coverage_cells=cells, area_names={"N": "Northolt"})
    pantry_roof = next(i for i in intros if (i.a, i.b) == ("group:1", "group:2"))

    # Only Northolt is shared between Pantry and Roof, so the gap in S does not count.
    assert pantry_roof.weak_cells == (("N", "housing"),)
    assert pantry_roof.score == plain["group:1", "group:2"] + 3
    assert pantry_roof.a_adds == ("food",) and pantry_roof.b_adds == ("housing",)
    assert "Help is short for housing in Northolt" in pantry_roof.reason


def test_partners_are_never_suggested():
    G, comms = build([FOOD, ROOF], [tie("group:1", "group:2", "partnership")])

    assert suggest_introductions(G, comms) == []


def test_shared_member_in_the_same_cluster_is_close_enough_already():
    people = [PersonInfo("user:1", "Ann")]
    G, comms = build([FOOD, ROOF], [tie("user:1", "group:1"), tie("user:1", "group:2")], people)
    assert comms.membership["group:1"] == comms.membership["group:2"]

    assert suggest_introductions(G, comms) == []


def test_introducer_is_the_common_contact_with_highest_betweenness():
    # Two clusters whose only common contacts are Ann and Bo; Bo is the bigger broker.
    people = [PersonInfo(f"user:{n}", n) for n in ("ann", "bo", "x1", "x2", "y1", "y2")]
    ties = [
        tie("user:ann", "group:1"),
        tie("user:ann", "group:2"),
        tie("user:bo", "group:1"),
        tie("user:bo", "group:2"),
    ]
    for side, group in (("x", "group:1"), ("y", "group:2")):
        a, b = f"user:{side}1", f"user:{side}2"
        ties += [tie(a, group), tie(b, group), tie(a, b, "helped")]
    G = build_graph(people, [FOOD, ROOF], ties, now=NOW)
    comms = detect_communities(G, seed=1)
    if comms.membership["group:1"] == comms.membership["group:2"]:
        comms.membership["group:2"] = comms.membership["group:1"] + 1  # force "far apart"

    [intro] = suggest_introductions(G, comms, betweenness={"user:ann": 0.1, "user:bo": 0.3})

    assert intro.introducer == "user:bo"
    assert "bo knows both" in intro.reason


def test_top_limits_and_order_is_stable():
    groups = [
        GroupInfo(f"group:{i}", f"G{i}", frozenset({"N"}), frozenset({f"c{i}"})) for i in range(30)
    ]
    G, comms = build(groups)

    first = suggest_introductions(G, comms, top=7)
    again = suggest_introductions(G, comms, top=7)

    assert len(first) == 7 and first == again
    assert [i.score for i in first] == sorted((i.score for i in first), reverse=True)


def test_empty_inputs():
    assert suggest_introductions(nx.Graph(), detect_communities(nx.Graph())) == []


def test_lookup_reads_products_whose_indices_are_unsorted_and_duplicated():
    import numpy as np
    import scipy.sparse as sp

    from community.network.introductions import _lookup

    # Column indices out of order and one entry split in two, as sparse products leave them.
    M = sp.csr_array(
        (np.array([5.0, 2.0, 1.0, 3.0]), np.array([3, 0, 3, 1]), np.array([0, 3, 4])), shape=(2, 4)
    )
    assert not M.has_sorted_indices  # positive control: the case the sort is for

    got = _lookup(M, np.array([0, 0, 0, 1, 1]), np.array([3, 0, 2, 1, 0]))

    assert got.tolist() == [6.0, 2.0, 0.0, 3.0, 0.0]


def test_pair_dots_read_the_product_without_making_it():
    import numpy as np
    import scipy.sparse as sp

    from community.network.introductions import _lookup, _pair_dots

    rng = np.random.default_rng(3)
    M = sp.csr_array((rng.random((300, 12)) < 0.3).astype(float))
    i, j = rng.integers(0, 300, 5_000), rng.integers(0, 300, 5_000)
    expected = _lookup((M @ M.T).tocsr(), i, j)
    assert expected.sum() > 0
    assert np.array_equal(_pair_dots(M, i, j, chunk=777), expected)
    assert len(_pair_dots(M, i[:0], j[:0])) == 0
