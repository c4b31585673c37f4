"""Constraint and effective size equal NetworkX's on random and textbook graphs."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from community.network.structural_holes import burt_measures, constraint, effective_size


def _assert_same(ours: dict, theirs: dict) -> None:
    assert list(ours) == list(theirs)
    for node, value in theirs.items():
        if math.isnan(value):
            assert math.isnan(ours[node]), node
        else:
            assert ours[node] == pytest.approx(value, rel=1e-9, abs=1e-12), node


def _weighted(G: nx.Graph, seed: int) -> nx.Graph:
    rng = random.Random(seed)
    for u, v in G.edges():
        G[u][v]["weight"] = rng.uniform(0.05, 4.0)
    return G


def _random_graph(seed: int, directed: bool = False) -> nx.Graph:
    G = nx.gnm_random_graph(45, 110, seed=seed, directed=directed)
    if directed:
        # NetworkX's per-node path calls a node with in-ties but no out-ties
        # isolated (it looks at successors only); give every such node an
        # out-tie so the two definitions agree on which nodes are isolated.
        for v in list(G):
            if G.out_degree(v) == 0 and G.in_degree(v) > 0:
                G.add_edge(v, next(iter(G.predecessors(v))))
    G.add_nodes_from(["lonely", "also lonely"])
    return G


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("weight", [None, "weight"])
def test_constraint_matches_networkx_on_random_graphs(seed, weight):
    G = _weighted(_random_graph(seed), seed)

    _assert_same(constraint(G, weight=weight), nx.constraint(G, weight=weight))


@pytest.mark.parametrize("seed", range(6))
def test_effective_size_matches_networkx_on_random_unweighted_graphs(seed):
    G = _random_graph(seed)

    _assert_same(effective_size(G), nx.effective_size(G))


@pytest.mark.parametrize("seed", range(6))
def test_effective_size_matches_networkx_definition_on_random_weighted_graphs(seed):
    # NetworkX 3.6's all-nodes fast path divides by the wrong axis for weighted
    # graphs (networkx PR #8906); its per-node path is the reference.
    G = _weighted(_random_graph(seed), seed)

    _assert_same(
        effective_size(G, weight="weight"), nx.effective_size(G, nodes=list(G), weight="weight")
    )


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("weight", [None, "weight"])
def test_directed_graphs_match_networkx_per_node_definition(seed, weight):
    G = _weighted(_random_graph(seed, directed=True), seed)

    _assert_same(constraint(G, weight=weight), nx.constraint(G, nodes=list(G), weight=weight))
    _assert_same(
        effective_size(G, weight=weight), nx.effective_size(G, nodes=list(G), weight=weight)
    )


TEXTBOOK = {
    "karate club": nx.karate_club_graph,
    "florentine families": nx.florentine_families_graph,
    "davis southern women": nx.davis_southern_women_graph,
}


@pytest.mark.parametrize("name", sorted(TEXTBOOK))
def test_textbook_networks_unweighted(name):
    G = TEXTBOOK[name]()

    _assert_same(constraint(G), nx.constraint(G))
    _assert_same(effective_size(G), nx.effective_size(G))


def test_karate_club_weighted():
    # Zachary's graph carries interaction counts as "weight".
    G = nx.karate_club_graph()

    _assert_same(constraint(G, weight="weight"), nx.constraint(G, weight="weight"))
    _assert_same(
        effective_size(G, weight="weight"),
        nx.effective_size(G, nodes=list(G), weight="weight"),
    )


def test_subset_of_nodes_and_isolated_nodes():
    G = nx.path_graph(4)
    G.add_node(9)

    assert list(constraint(G, nodes=[1, 9])) == [1, 9]
    assert math.isnan(effective_size(G)[9])
    assert math.isnan(constraint(G)[9])


def test_negative_weights_are_refused():
    G = nx.Graph([(0, 1, {"weight": -1.0})])

    with pytest.raises(ValueError, match="negative"):
        burt_measures(G, "weight")


def test_memory_stays_sparse_on_a_large_sparse_graph():
    import tracemalloc

    # One dense 12,000 x 12,000 float matrix would take 1.15 GB.
    G = nx.gnm_random_graph(12_000, 36_000, seed=1)

    tracemalloc.start()
    try:
        nodes, cons, eff = burt_measures(G)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert len(nodes) == len(cons) == len(eff) == 12_000
    assert peak < 100 * 1024**2
