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

    assert set(result.points) == set(nx.articulation_points(G))
    assert {(b.a, b.b) for b in result.bridges} == {tuple(sorted(e)) for e in nx.bridges(G)}
    for v, point in result.points.items():
        rest = G.subgraph(nx.node_connected_component(G, v) - {v})
        pieces = sorted(nx.connected_components(rest), key=len, reverse=True)
        assert point.nodes_cut_off == sum(len(p) for p in pieces[1:])
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
    assert result.points["group:3"].sole_link == 1
    [piece] = cut_off_pieces(G, result, "user:priya")
    assert piece.groups == ("group:4", "group:5", "group:6") and piece.people == 0
    assert result.ranked()[0].node == "user:priya"
    assert cut_off_pieces(G, result, "group:1") == []
