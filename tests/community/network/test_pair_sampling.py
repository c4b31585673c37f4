"""Sampled pairs: unbiased against NetworkX, every shortest path counted, and reproducible."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from community.network.pair_sampling import CHUNK, _blocks, _deal, pair_betweenness, renumbered


def _csr(G):
    n = G.number_of_nodes()
    A = nx.to_scipy_sparse_array(G, nodelist=range(n), format="csr")
    A.sort_indices()
    return A.indptr, A.indices


def _exact(G):
    raw = nx.betweenness_centrality(G, normalized=False)
    return np.array([raw[i] for i in range(G.number_of_nodes())])


def test_the_estimate_converges_on_exact_betweenness_with_leaves_components_and_a_loner():
    G = nx.gnm_random_graph(80, 120, seed=2)
    G.add_edges_from([(80, 0), (81, 80), (82, 83)])  # a chain of leaves; a component of two
    G.add_node(84)  # nobody's tie
    exact = _exact(G)

    estimate, drawn = pair_betweenness(*_csr(G), samples=200_000, seed=1)

    assert drawn == 200_000
    assert np.abs(estimate - exact).sum() / exact.sum() < 0.02
    assert estimate[84] == 0 and estimate[82] == estimate[83] == 0
    assert estimate[80] == pytest.approx(exact[80], rel=0.05)


def test_every_shortest_path_of_a_pair_gets_its_share():
    """On a square, opposite corners have two shortest paths, one through each other corner. Every
    draw of a pair gives both of them half, so opposite corners always score the same; following
    one random path per pair would give them different counts."""
    G = nx.cycle_graph(4)

    # Ten chunks: the spread of the estimate is then about 0.6 %, well inside the 5 % asked.
    estimate, _ = pair_betweenness(*_csr(G), samples=10 * CHUNK, seed=3)

    assert estimate[1] == estimate[3] > 0 and estimate[0] == estimate[2] > 0
    assert estimate == pytest.approx(_exact(G), rel=0.05)


def test_the_same_seed_gives_the_same_scores_on_any_number_of_threads():
    G = nx.gnm_random_graph(300, 700, seed=5)
    indptr, indices = _csr(G)

    one, _ = pair_betweenness(indptr, indices, samples=3 * CHUNK, seed=4, threads=1)
    two, _ = pair_betweenness(indptr, indices, samples=3 * CHUNK, seed=4, threads=2)
    other, _ = pair_betweenness(indptr, indices, samples=3 * CHUNK, seed=5, threads=2)

    assert np.array_equal(one, two)
    assert not np.array_equal(one, other)  # positive control: the seed steers the draws


def test_exactly_the_samples_asked_for_are_drawn():
    G = nx.path_graph(5)

    _, one = pair_betweenness(*_csr(G), samples=1, seed=0)
    _, odd = pair_betweenness(*_csr(G), samples=CHUNK + 7, seed=0)

    assert (one, odd) == (1, CHUNK + 7)


@pytest.mark.parametrize(
    "G",
    [
        nx.les_miserables_graph(),
        nx.barabasi_albert_graph(150, 2, seed=3),
        nx.disjoint_union(nx.grid_2d_graph(5, 6), nx.path_graph(40)),  # two components
        nx.path_graph(300),  # balls far deeper than the levels a byte holds
    ],
    ids=["les-miserables", "hubs", "grid-and-path", "long-path"],
)
def test_every_ordered_pair_once_gives_exact_betweenness(G):
    """The head's ball is kept and grown across its tails, and a tail may lie inside it: with every
    ordered pair taken once, in shuffled order, the sum must be exact, whatever the ball did."""
    G = nx.convert_node_labels_to_integers(G)
    n = G.number_of_nodes()
    indptr, indices = _csr(G)
    rng = np.random.default_rng(0)
    heads = rng.permutation(n)
    tails = np.concatenate([rng.permutation(n) for _ in range(n)])
    offs = np.arange(n + 1) * n
    acc = np.zeros(n)

    _blocks(indptr.astype(np.int64), indices.astype(np.int32), np.arange(n), heads, tails, offs, 0, n, acc)

    assert acc / 2 == pytest.approx(_exact(G), rel=1e-9, abs=1e-9)
    # positive control: one head's block left out is no longer exact
    short = np.zeros(n)
    _blocks(indptr.astype(np.int64), indices.astype(np.int32), np.arange(n), heads, tails, offs, 1, n, short)
    assert short / 2 != pytest.approx(_exact(G), rel=1e-9, abs=1e-9)


def test_fewer_than_three_people_with_ties_have_no_betweenness():
    G = nx.Graph()
    G.add_edge(0, 1)
    G.add_node(2)

    estimate, drawn = pair_betweenness(*_csr(G), samples=10, seed=0)

    assert drawn == 0 and not estimate.any()


def test_a_negative_seed_is_a_seed_like_any_other():
    G = nx.path_graph(6)

    first, _ = pair_betweenness(*_csr(G), samples=CHUNK, seed=-3)
    again, _ = pair_betweenness(*_csr(G), samples=CHUNK, seed=-3)

    assert first.any() and np.array_equal(first, again)


def test_every_node_heads_one_block_and_is_a_tail_equally_often():
    heads, tails, offs = _deal(7, 7 * 5 + 3, seed=1)

    assert sorted(heads.tolist()) == list(range(7))
    assert np.bincount(tails[: 7 * 5], minlength=7).tolist() == [5] * 7
    # the tails are shared out evenly: every block has 5 or 6
    assert set(np.diff(offs).tolist()) == {5, 6} and offs[-1] == 7 * 5 + 3
    # positive control: the tails are shuffled afresh each round
    assert not np.array_equal(tails[:7], tails[7:14])


def _bandwidth(indptr, indices):
    """How far apart in number the farthest two neighbours are."""
    rows = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
    return int(np.abs(indices.astype(np.int64) - rows).max())


def test_renumbering_keeps_every_tie_and_moves_neighbours_together():
    scattered = {(r, c): (7 * (12 * r + c)) % 144 for r in range(12) for c in range(12)}
    G = nx.relabel_nodes(nx.grid_2d_graph(12, 12), scattered)
    indptr, indices = _csr(G)

    new_indptr, new_indices, renumber = renumbered(indptr, indices)

    rows = np.repeat(np.arange(144), np.diff(new_indptr))
    new_ties = set(zip(rows.tolist(), new_indices.tolist(), strict=True))
    assert new_ties == {(int(renumber[u]), int(renumber[v])) for u, v in G.edges()} | {
        (int(renumber[v]), int(renumber[u])) for u, v in G.edges()
    }
    # positive control: the scattered numbering puts neighbours far apart; the new one keeps them close
    assert _bandwidth(new_indptr, new_indices) < _bandwidth(indptr, indices) / 4
