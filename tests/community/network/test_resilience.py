"""What happens if someone leaves, on a hand-built village."""

from __future__ import annotations

from datetime import datetime

from community.network.communities import detect_communities
from community.network.graph import GroupInfo, PersonInfo, Tie, build_graph
from community.network.resilience import most_critical, what_if_removed

NOW = datetime(2025, 6, 1)
NAMES = {"N": "Northolt", "S": "Southall"}


def tie(a, b, kind="partnership"):
    return Tie(a, b, kind, NOW, active=kind != "helped")


def village():
    """Northolt's four groups, and Southall's two reached only through Priya.

    Southall Legal is the only group offering legal help anywhere; Bo's only
    tie is Pantry.
    """
    groups = [
        GroupInfo("group:1", "Pantry", frozenset({"N"}), frozenset({"food"})),
        GroupInfo("group:2", "Roof", frozenset({"N"}), frozenset({"housing"})),
        GroupInfo("group:3", "Soup", frozenset({"N"}), frozenset({"food"})),
        GroupInfo("group:4", "Friends", frozenset({"N"}), frozenset({"befriending"})),
        GroupInfo("group:5", "Southall Legal", frozenset({"S"}), frozenset({"legal"})),
        GroupInfo("group:6", "Southall Food", frozenset({"S"}), frozenset({"food"})),
    ]
    people = [PersonInfo("user:priya", "Priya"), PersonInfo("user:bo", "Bo")]
    ties = [
        tie("group:1", "group:2"),
        tie("group:2", "group:3"),
        tie("group:3", "group:4"),
        tie("group:4", "group:1"),
        tie("group:5", "group:6"),
        tie("user:priya", "group:4", "membership"),
        tie("user:priya", "group:5", "membership"),
        tie("user:bo", "group:1", "membership"),
    ]
    G = build_graph(people, groups, ties, now=NOW)
    return G, groups


def test_removing_the_broker_cuts_off_a_ward_and_its_only_legal_help():
    G, groups = village()
    comms = detect_communities(G, seed=0)

    impact = what_if_removed(
        G,
        "user:priya",
        groups,
        communities=comms,
        area_names=NAMES,
        category_names={"legal": "legal advice"},
    )

    assert impact.groups_cut_off == ("group:5", "group:6")
    assert impact.nodes_cut_off == 2 and impact.people_cut_off == 0
    assert impact.cells_left_without_group == ()
    assert impact.cells_cut_off == (("S", "food"), ("S", "legal"))
    assert impact.group_pairs_disconnected == 4 * 2
    assert impact.harm == 2
    if comms.membership["group:1"] != comms.membership["group:5"]:
        assert impact.communities_disconnected
    assert "Southall Legal" in impact.reason and "legal advice in Southall" in impact.reason


def test_removing_a_sole_server_leaves_its_cells_empty():
    G, groups = village()

    impact = what_if_removed(G, "group:2", groups, area_names=NAMES)

    assert impact.cells_left_without_group == (("N", "housing"),)
    assert impact.groups_cut_off == ()  # the ring of Northolt groups holds
    assert "only group offering housing in Northolt" in impact.reason


def test_removing_someone_whose_absence_changes_nothing():
    G, groups = village()

    impact = what_if_removed(G, "user:bo", groups)

    assert impact.harm == 0 and impact.nodes_cut_off == 0
    assert impact.reason == "Nobody would be cut off if Bo left."


def test_pantry_is_bos_only_link():
    G, groups = village()

    impact = what_if_removed(G, "group:1", groups)

    # Bo has no tie beyond Pantry, so Pantry cuts nobody off; Bo is named apart.
    assert impact.nodes_cut_off == 0 and impact.people_cut_off == 0 and impact.harm == 0
    assert impact.sole_tie_people == 1
    assert impact.reason == "1 person whose only tie is Pantry would have none left."


def test_most_critical_ranks_by_harm():
    G, groups = village()

    ranked = most_critical(G, groups, top=3)

    # Friends cuts off Southall's two groups and is the only befriending
    # group (3); Priya cuts off the same two groups (2); Southall Legal cuts
    # off Southall Food and is the only legal help (2), but cuts off fewer
    # nodes than Priya, who takes both groups with her.
    assert [i.node for i in ranked] == ["group:4", "user:priya", "group:5"]
    assert [i.harm for i in ranked] == [3, 2, 2]


def test_unknown_node_is_refused():
    import pytest

    G, groups = village()

    with pytest.raises(ValueError, match="not in the graph"):
        what_if_removed(G, "user:404", groups)
