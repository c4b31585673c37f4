"""Exact and sampled betweenness."""

from __future__ import annotations

import networkx as nx
import pytest

from community.network.betweenness import betweenness
from community.network.indexed import GraphIndex

from ._city import small_city_graph


def test_exact_matches_networkx_on_karate_club():
    G = nx.karate_club_graph()
    expected = nx.betweenness_centrality(G)

    result = betweenness(G)

    assert result.method == "exact"
    assert result.scores == pytest.approx(expected, rel=1e-9, abs=1e-12)
    ranked = sorted(expected, key=lambda n: (-round(expected[n], 12), str(n)))
    assert result.ranking() == ranked


def test_exact_matches_networkx_with_string_ids_and_isolated_nodes():
    G = nx.relabel_nodes(nx.florentine_families_graph(), lambda n: f"user:{n}")
    G.add_node("user:nobody")

    assert betweenness(G).scores == pytest.approx(nx.betweenness_centrality(G))


@pytest.fixture(scope="module")
def mid_size():
    G = small_city_graph()
    ix = GraphIndex.from_graph(G)
    return G, ix, betweenness(G, index=ix)


def test_kadabra_agrees_with_exact_on_the_top_nodes(mid_size):
    G, ix, exact = mid_size
    assert G.number_of_nodes() > 3000

    sampled = betweenness(G, index=ix, exact_below=0, seed=1, err=0.005)

    assert sampled.method == "kadabra" and sampled.samples > 10_000
    assert len(set(exact.ranking(10)) & set(sampled.ranking(10))) >= 8
    assert len(set(exact.ranking(50)) & set(sampled.ranking(50))) >= 45
    top = exact.ranking(1)[0]
    assert sampled.scores[top] == pytest.approx(exact.scores[top], rel=0.15)


def test_kadabra_is_deterministic_for_a_seed(mid_size):
    G, ix, _ = mid_size

    a = betweenness(G, index=ix, exact_below=0, seed=7, err=0.01)
    b = betweenness(G, index=ix, exact_below=0, seed=7, err=0.01)

    assert a.samples == b.samples
    assert a.scores == b.scores
    assert a.to_dict()["method"] == "kadabra"
