"""Structural holes, isolated groups and residents nobody knows, on hand-built cases."""

from __future__ import annotations

from datetime import datetime

from community.network.communities import detect_communities
from community.network.gaps import isolated_groups, structural_holes, unconnected_residents
from community.network.graph import GroupInfo, OpenNeed, PersonInfo, Tie, build_graph

NOW = datetime(2025, 6, 1)
NAMES = {"N": "Northolt", "S": "Southall", "G": "Greenford"}


def tie(a, b, kind="partnership"):
    return Tie(a, b, kind, NOW, active=kind in ("membership", "partnership"))


def two_clusters(links_between: int):
    """Two tight clusters of groups that both serve Northolt."""
    groups = [
        GroupInfo(f"group:{i}", f"West {i}", frozenset({"N", "G"}), frozenset({"food"}))
        for i in range(1, 4)
    ] + [
        GroupInfo(f"group:{i}", f"East {i}", frozenset({"N", "S"}), frozenset({"housing"}))
        for i in range(4, 7)
    ]
    ties = [
        tie("group:1", "group:2"),
        tie("group:2", "group:3"),
        tie("group:1", "group:3"),
        tie("group:4", "group:5"),
        tie("group:5", "group:6"),
        tie("group:4", "group:6"),
    ]
    ties += [tie(f"group:{1 + k % 3}", f"group:{4 + k % 3}") for k in range(links_between)]
    return build_graph([], groups, ties, now=NOW)


def test_clusters_serving_the_same_ward_with_no_tie_are_a_hole():
    G = two_clusters(0)

    [hole] = structural_holes(G, detect_communities(G), area_names=NAMES)

    assert hole.shared_areas == ("N",)
    assert hole.ties_between == 0
    assert len(hole.groups_a) == len(hole.groups_b) == 3
    assert "all serve Northolt" in hole.reason and "no tie" in hole.reason


def test_one_tie_still_a_hole_two_ties_not():
    G1, G2 = two_clusters(1), two_clusters(2)

    [hole] = structural_holes(G1, detect_communities(G1))
    assert hole.ties_between == 1 and "only 1 tie" in hole.reason
    assert structural_holes(G2, detect_communities(G2)) == []


def test_clusters_in_different_wards_are_not_a_hole():
    groups = [
        GroupInfo(f"group:{i}", name, frozenset({ward}))
        for i, (name, ward) in enumerate([("A", "N"), ("B", "N"), ("C", "S"), ("D", "S")], 1)
    ]
    G = build_graph([], groups, [tie("group:1", "group:2"), tie("group:3", "group:4")], now=NOW)

    assert structural_holes(G, detect_communities(G)) == []


def test_isolated_groups():
    people = [PersonInfo("user:1", "Ann"), PersonInfo("user:2", "Bo")]
    groups = [
        GroupInfo("group:1", "Lonely", frozenset({"N"})),
        GroupInfo("group:2", "Members only", frozenset({"N"})),
        GroupInfo("group:3", "Partnered", frozenset({"N"})),
        GroupInfo("group:4", "Partner", frozenset({"N"})),
        GroupInfo("group:5", "Helps", frozenset({"S"})),
    ]
    ties = [
        tie("user:1", "group:2", "membership"),
        tie("group:3", "group:4"),
        tie("group:5", "user:2", "helped"),
    ]
    G = build_graph(people, groups, ties, now=NOW)

    found = {g.group: g for g in isolated_groups(G, area_names=NAMES)}

    assert sorted(found) == ["group:1", "group:2"]
    assert "no ties to anyone" in found["group:1"].reason and "Northolt" in found["group:1"].reason
    assert found["group:2"].members == 1 and "no partnerships" in found["group:2"].reason


def test_unconnected_residents_and_who_could_help():
    people = [PersonInfo("user:1", "Ann"), PersonInfo("user:2", "Bo"), PersonInfo("user:3", "Cy")]
    groups = [
        GroupInfo("group:1", "Busy pantry", frozenset({"N"}), frozenset({"food"})),
        GroupInfo("group:2", "Quiet pantry", frozenset({"N"}), frozenset({"food"})),
    ]
    G = build_graph(people, groups, [tie("user:1", "group:1", "membership")], now=NOW)
    needs = [
        OpenNeed("user:2", "N", "food"),
        OpenNeed("user:2", "N", "food", need_id="need:2"),
        OpenNeed("user:1", "N", "food"),  # has a tie: not unconnected
        OpenNeed("user:3", "S", "legal"),  # nobody serves it
        OpenNeed("user:404", "N", "food"),  # not even in the graph
    ]

    found = unconnected_residents(G, needs)

    assert [r.person for r in found] == ["user:2", "user:3", "user:404"]
    assert found[0].needs == (("N", "food"),)
    assert found[0].could_help == ("group:1", "group:2")  # best connected first
    assert found[1].could_help == ()


def test_a_group_with_no_ties_is_isolated_not_a_hole():
    groups = [
        GroupInfo("group:1", "A", frozenset({"N"})),
        GroupInfo("group:2", "B", frozenset({"N"})),
        GroupInfo("group:3", "Newcomer", frozenset({"N"})),
    ]
    G = build_graph([], groups, [tie("group:1", "group:2")], now=NOW)

    assert structural_holes(G, detect_communities(G)) == []
    assert [g.group for g in isolated_groups(G)] == ["group:3"]
