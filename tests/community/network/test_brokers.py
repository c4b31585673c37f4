"""Broker ranking and the plain-language reasons."""

from __future__ import annotations

from datetime import datetime

import networkx as nx

from community.network.betweenness import betweenness
from community.network.brokers import broker_reason, rank_brokers
from community.network.communities import detect_communities
from community.network.cutpoints import cut_points
from community.network.graph import GroupInfo, PersonInfo, Tie, build_graph
from community.network.indexed import GraphIndex
from community.network.structural_holes import burt_from_index

NOW = datetime(2025, 6, 1)
NAMES = {"N": "Northolt", "S": "Southall"}


def two_wards():
    """Four Northolt groups and three Southall groups; Priya belongs to all of them."""
    groups = [GroupInfo(f"group:{i}", f"North {i}", frozenset({"N"})) for i in range(1, 5)]
    groups += [GroupInfo(f"group:{i}", f"South {i}", frozenset({"S"})) for i in range(5, 8)]
    people = [PersonInfo("user:priya", "Priya")]
    ties = [Tie("user:priya", g.id, "membership", NOW, active=True) for g in groups]
    ties += [
        Tie("group:1", "group:2", "partnership", NOW, True),
        Tie("group:3", "group:4", "partnership", NOW, True),
        Tie("group:2", "group:3", "partnership", NOW, True),
        Tie("group:5", "group:6", "partnership", NOW, True),
        Tie("group:6", "group:7", "partnership", NOW, True),
    ]
    return build_graph(people, groups, ties, now=NOW)


def test_reason_names_the_wards_on_each_side_and_who_depends_on_her():
    G = two_wards()
    membership = {f"group:{i}": 0 for i in range(1, 5)} | {f"group:{i}": 1 for i in range(5, 8)}

    text = broker_reason(G, "user:priya", membership, groups_cut_off=3, area_names=NAMES)

    assert text == (
        "links 4 groups in Northolt with 3 in Southall; "
        "without Priya, 3 groups would lose touch with the rest"
    )


def test_reason_names_every_ward_a_side_spans_from_the_data():
    # One cluster of three groups over Acton Central, East Acton and South Acton; another in Southall.
    G = nx.Graph()
    wards = {"group:1": {"AC"}, "group:2": {"EA"}, "group:3": {"SA", "AC"}, "group:4": {"S"}}
    for g, w in wards.items():
        G.add_node(g, kind="group", label=g, areas=frozenset(w))
    G.add_node("user:ola", kind="person", label="Ola")
    G.add_edges_from(("user:ola", g) for g in wards)
    names = {"AC": "Acton Central", "EA": "East Acton", "SA": "South Acton", "S": "Southall"}
    membership = {"group:1": 0, "group:2": 0, "group:3": 0, "group:4": 1}

    text = broker_reason(G, "user:ola", membership, groups_cut_off=1, people_cut_off=2,
                         area_names=names)

    # Not "3 groups in Acton Central": only two of them serve it.
    assert text == (
        "links 3 groups in 3 wards: Acton Central, East Acton and South Acton with 1 in Southall; "
        "without Ola, 1 group and 2 people would lose touch with the rest"
    )
    two = broker_reason(G, "user:ola", {"group:1": 0, "group:2": 0, "group:3": 1, "group:4": 1},
                        area_names=names)
    assert two == (
        "links 2 groups in 3 wards: Acton Central, South Acton and Southall "
        "with 2 in Acton Central and East Acton"
    )


def test_reason_for_someone_with_no_groups_nearby():
    G = nx.star_graph(3)
    nx.set_node_attributes(G, "person", "kind")
    nx.set_node_attributes(G, {0: "Hub"}, "label")

    assert broker_reason(G, 0, {0: 0, 1: 0, 2: 1, 3: 1}, sole_link=3) == (
        "links 3 people across 2 clusters; Hub is the only tie of 3 people"
    )


def test_rank_brokers_end_to_end():
    G = two_wards()
    ix = GraphIndex.from_graph(G)
    cons, eff = burt_from_index(ix)

    brokers = rank_brokers(
        G,
        betweenness(G, index=ix),
        cons,
        eff,
        detect_communities(G, seed=0, index=ix),
        cut_points(G, index=ix),
        index=ix,
        area_names=NAMES,
    )

    top = brokers[0]
    assert top.node == "user:priya" and top.rank == 1 and top.kind == "person"
    assert top.articulation_point is True
    assert top.groups_cut_off == ("group:5", "group:6", "group:7")
    assert top.people_cut_off == 0
    assert top.constraint is not None and top.effective_size > 1
    assert top.reason == (
        "links 4 groups in Northolt with 3 in Southall; "
        "without Priya, 3 groups would lose touch with the rest"
    )
    assert [b.rank for b in brokers] == list(range(1, len(brokers) + 1))


def test_reason_for_a_helper_reaches_groups_through_the_people_she_helped():
    G = nx.Graph()
    G.add_node("user:h", kind="person", label="Hana")
    for i, ward in enumerate("NNS"):
        G.add_node(f"user:{i}", kind="person", label=f"R{i}")
        G.add_node(f"group:{i}", kind="group", label=f"G{i}", areas=frozenset({ward}))
        G.add_edges_from([("user:h", f"user:{i}"), (f"user:{i}", f"group:{i}")])

    text = broker_reason(G, "user:h", {"group:0": 0, "group:1": 0, "group:2": 1}, area_names=NAMES)

    assert text == "through 3 contacts, links 2 groups in Northolt with 1 in Southall"
    one_side = broker_reason(G, "user:h", {}, area_names={"N": "Northolt", "S": "Northolt"})
    assert one_side == "through 3 contacts, reaches 3 groups in Northolt"


def test_coordinators_do_not_make_every_group_a_cut_point():
    """Every group has its own coordinator (a one-tie person): only Priya, who joins the two
    wards, is flagged; the groups' reasons mention their coordinator, not a split."""
    G = two_wards()
    for i in range(1, 8):
        G.add_node(f"user:c{i}", kind="person", label=f"Coordinator {i}")
        G.add_edge(f"group:{i}", f"user:c{i}", weight=1.0)
    ix = GraphIndex.from_graph(G)
    cons, eff = burt_from_index(ix)

    brokers = rank_brokers(G, betweenness(G, index=ix), cons, eff,
                           detect_communities(G, seed=0, index=ix), cut_points(G, index=ix),
                           index=ix, area_names=NAMES)

    flagged = {b.node for b in brokers if b.articulation_point}
    assert flagged == {"user:priya"}
    assert len(brokers) > 5  # a positive control: the groups are brokers too, just not cut points
    priya = next(b for b in brokers if b.node == "user:priya")
    assert (len(priya.groups_cut_off), priya.people_cut_off) == (3, 3)
    group = next(b for b in brokers if b.kind == "group")
    assert group.sole_link == 1 and "is the only tie of 1 person" in group.reason
