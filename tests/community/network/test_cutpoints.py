"""Articulation points, bridges and who they would cut off."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from community.network.cutpoints import cut_off_pieces, cut_points


def _labelled(G: nx.Graph, seed: int) -> nx.Graph:
    rng = random.Random(seed)
    G = nx.relabel_nodes(G, {n: f"n{n}" for n in G})
    for n in G:
        G.nodes[n]["kind"] = "group" if rng.random() < 0.3 else "person"
    return G


@pytest.mark.parametrize("seed", range(12))
def test_matches_networkx_and_brute_force(seed):
    G = _labelled(nx.gnm_random_graph(50, 58, seed=seed), seed)

    result = cut_points(G)

    def kept(v):
        """Brute force: the pieces removing v cuts off, less lone one-tie people."""
        rest = G.subgraph(nx.node_connected_component(G, v) - {v})
        pieces = sorted(
            nx.connected_components(rest),
            key=lambda p: (len(p), sum(G.nodes[x]["kind"] == "group" for x in p)),
            reverse=True,
        )
        return [p for p in pieces[1:] if len(p) > 1 or G.nodes[next(iter(p))]["kind"] == "group"]

    expected = {v for v in nx.articulation_points(G) if kept(v)}
    assert set(result.points) == expected
    assert expected  # a positive control: these graphs do have cut points
    assert set(nx.articulation_points(G)) - expected or seed  # and some are only leaves' links
    assert {(b.a, b.b) for b in result.bridges} == {tuple(sorted(e)) for e in nx.bridges(G)}
    for v, point in result.points.items():
        assert point.nodes_cut_off == sum(len(p) for p in kept(v))
        assert point.sole_link == sum(
            1 for u in G[v] if G.degree(u) == 1 and G.nodes[u]["kind"] == "person"
        )
        listed = cut_off_pieces(G, result, v)
        assert sum(len(p.nodes) for p in listed) == point.nodes_cut_off
        assert sum(len(p.groups) for p in listed) == point.groups_cut_off
    for bridge in result.bridges:
        H = G.copy()
        H.remove_edge(bridge.a, bridge.b)
        sides = [nx.node_connected_component(H, x) for x in (bridge.a, bridge.b)]
        assert bridge.side_nodes == min(len(s) for s in sides)


def test_hand_built_village():
    # Two triangles of groups joined only through Priya; Bo hangs off group:3.
    G = nx.Graph()
    for g in ("group:1", "group:2", "group:3", "group:4", "group:5", "group:6"):
        G.add_node(g, kind="group")
    for p in ("user:priya", "user:bo"):
        G.add_node(p, kind="person")
    G.add_edges_from([("group:1", "group:2"), ("group:2", "group:3"), ("group:1", "group:3")])
    G.add_edges_from([("group:4", "group:5"), ("group:5", "group:6"), ("group:4", "group:6")])
    G.add_edges_from([("group:3", "user:priya"), ("user:priya", "group:4"), ("group:3", "user:bo")])

    result = cut_points(G)

    priya = result.points["user:priya"]
    assert (priya.nodes_cut_off, priya.groups_cut_off, priya.pieces_cut_off) == (3, 3, 1)
    # group:3 is Bo's only tie, but Bo has nothing beyond it: he is not counted
    # among those group:3 cuts off (its triangle partners are).
    three = result.points["group:3"]
    assert (three.nodes_cut_off, three.groups_cut_off, three.sole_link) == (2, 2, 1)
    assert result.sole_ties == {"group:3": 1}
    [piece] = cut_off_pieces(G, result, "user:priya")
    assert piece.groups == ("group:4", "group:5", "group:6") and piece.people == 0
    assert result.ranked()[0].node == "user:priya"
    assert cut_off_pieces(G, result, "group:1") == []


def _group(G, name, ward="W"):
    G.add_node(name, kind="group", label=name, areas=frozenset({ward}))


def _person(G, name):
    G.add_node(name, kind="person", label=name)


def test_groups_run_by_one_coordinator_each_are_not_cut_points():
    # Four groups in a ring, each with its own coordinator who belongs to nothing else,
    # and one chain group reached only through group:4.
    G = nx.Graph()
    for i in range(1, 6):
        _group(G, f"group:{i}")
        _person(G, f"user:c{i}")
        G.add_edge(f"group:{i}", f"user:c{i}")
    G.add_edges_from([("group:1", "group:2"), ("group:2", "group:3"), ("group:3", "group:4"),
                      ("group:4", "group:1"), ("group:4", "group:5")])

    result = cut_points(G)

    assert set(nx.articulation_points(G)) == {f"group:{i}" for i in range(1, 6)}
    assert set(result.points) == {"group:4"}  # the only one that separates another group
    point = result.points["group:4"]
    assert (point.groups_cut_off, point.people_cut_off) == (1, 1)  # group:5 and its coordinator
    assert result.sole_ties == {f"group:{i}": 1 for i in range(1, 6)}


def test_a_person_with_ties_beyond_counts_and_a_lone_group_counts():
    G = nx.Graph()
    _group(G, "group:1")
    _group(G, "group:2")
    _group(G, "group:3")
    _group(G, "group:4")
    _group(G, "group:lonely")
    for p in ("user:a", "user:b", "user:c", "user:hub"):
        _person(G, p)
    G.add_edges_from([("group:1", "group:2"), ("group:1", "user:hub"), ("group:2", "user:hub")])
    G.add_edges_from([("group:1", "group:3"), ("group:3", "group:4"), ("group:4", "group:2")])
    # Helped ties: a helps b who helps c; a's link to the network is the hub.
    G.add_edges_from([("user:hub", "user:a"), ("user:a", "user:b"), ("user:b", "user:c")])
    # A group whose only member is the hub.
    G.add_edge("user:hub", "group:lonely")

    result = cut_points(G)

    hub = result.points["user:hub"]
    assert (hub.groups_cut_off, hub.people_cut_off, hub.pieces_cut_off) == (1, 3, 2)
    assert "user:a" in result.points and result.points["user:a"].people_cut_off == 2
    assert "user:b" not in result.points  # only c, who has no other tie, hangs off b
