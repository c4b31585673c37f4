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


def test_sampled_pairs_agree_with_exact_on_the_top_nodes(mid_size):
    G, ix, exact = mid_size
    assert G.number_of_nodes() > 3000

    sampled = betweenness(G, index=ix, exact_below=0, seed=1, samples=100_000)

    assert sampled.method == "pairs" and sampled.samples == 100_000
    assert len(set(exact.ranking(10)) & set(sampled.ranking(10))) >= 9
    assert len(set(exact.ranking(50)) & set(sampled.ranking(50))) >= 47
    top = exact.ranking(1)[0]
    assert sampled.scores[top] == pytest.approx(exact.scores[top], rel=0.05)


def test_sampled_pairs_are_the_same_for_a_seed_on_any_number_of_threads(mid_size):
    G, ix, _ = mid_size

    one = betweenness(G, index=ix, exact_below=0, seed=7, samples=30_000, threads=1)
    two = betweenness(G, index=ix, exact_below=0, seed=7, samples=30_000, threads=2)
    other_seed = betweenness(G, index=ix, exact_below=0, seed=8, samples=30_000, threads=2)

    assert one.scores == two.scores
    assert one.to_dict()["method"] == "pairs"
    # Positive control: the seed does steer the draws, so equal scores above are not vacuous.
    assert other_seed.scores != one.scores


def test_kadabra_agrees_with_exact_on_the_top_nodes(mid_size):
    G, ix, exact = mid_size

    sampled = betweenness(G, index=ix, exact_below=0, seed=1, estimator="kadabra", err=0.005)

    assert sampled.method == "kadabra" and sampled.samples > 10_000
    assert len(set(exact.ranking(10)) & set(sampled.ranking(10))) >= 8
    assert len(set(exact.ranking(50)) & set(sampled.ranking(50))) >= 45


def test_kadabra_is_deterministic_for_a_seed_on_one_thread(mid_size):
    G, ix, _ = mid_size

    a = betweenness(G, index=ix, exact_below=0, seed=7, estimator="kadabra", err=0.01)
    b = betweenness(G, index=ix, exact_below=0, seed=7, estimator="kadabra", err=0.01)

    assert a.samples == b.samples
    assert a.scores == b.scores
    assert a.to_dict()["method"] == "kadabra"


def test_an_unknown_estimator_is_refused():
    with pytest.raises(ValueError, match="unknown betweenness estimator"):
        betweenness(nx.path_graph(4), exact_below=0, estimator="guess")


@pytest.mark.parametrize("seed", range(4))
def test_folding_the_leaves_keeps_exact_betweenness_exact(seed):
    """Leaves, chains of leaves, a component of two and an isolated node: the folded exact scores
    equal NetworkX's, and the fold really does carry leaves (a positive control)."""
    from community.network.betweenness import LeafFold

    G = nx.gnm_random_graph(60, 75, seed=seed)
    G.add_edges_from([(100, 0), (101, 0), (102, 5), (103, 102), (200, 201)])
    G.add_node(300)

    result = betweenness(G)

    assert result.scores == pytest.approx(nx.betweenness_centrality(G), abs=1e-12)
    fold = LeafFold.of(GraphIndex.from_graph(G))
    assert fold.leaf_part.max() > 0


def test_default_sample_count_is_the_one_measured_to_keep_the_top_50():
    """The benchmark measured the default number of pairs (see ``DEFAULT_SAMPLES``): sampled runs
    draw it unless told."""
    from community.network.betweenness import DEFAULT_SAMPLES

    G = nx.relabel_nodes(nx.karate_club_graph(), str)

    sampled = betweenness(G, exact_below=0, seed=1)

    assert sampled.method == "pairs" and sampled.samples == DEFAULT_SAMPLES
    assert set(sampled.ranking(5)) == set(betweenness(G).ranking(5))
