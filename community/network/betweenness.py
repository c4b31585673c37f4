"""Betweenness centrality: exact on small graphs, sampled pairs on large ones.

Large graphs are sampled by :mod:`.pair_sampling` (random pairs, every shortest
path between them counted; unbiased, and the same scores on any number of
threads). networkit's KADABRA, which the engine used before, stays available
as ``estimator="kadabra"`` so the benchmark can compare the two.

Measured for the pairs estimator (``benchmarks/network.py``, top 50 against
exact betweenness), with the ends dealt so that every node is an end about
equally often and each head's search kept for its block of tails (see
:mod:`.pair_sampling`). Synthetic city seeds 0-9, then the city demo, each
sampled with its own seed:

* 1,200,000 pairs (the default), heads kept for their blocks: 50, 49, 49,
  49, 49, 49, 48, 50, 48 and 50 of 50; the demo 49. Before the blocks (the
  same dealing, a fresh search per pair): 49, 49, 49, 49, 48, 48, 49, 50, 50
  and 48; the demo 50. The blocks change the draws, not their spread: on
  city seed 4, eight seeds at 200,000 pairs, the top 50's scores have a
  relative spread of 2.2 % either way (2.6 % for ranks 51-200).
* How many pairs: before the blocks, with every seed sampled with seed 0,
  the prefixes of one run gave, at 1,200,000: 50, 49, 50, 48, 49, 49, 48,
  50, 49, 50 (demo 50); at 1,000,000 seed 6 fell to 47; at 800,000 seeds 5
  and 6 did; at 1,600,000: 48-50 (demo 50). So 1,200,000 is the smallest
  count tried that kept every seed at 48 or more.
* Before the ends were dealt (drawn independently), 1,600,000 pairs gave the
  city 48-50 and the demo 49, and 1,000,000 left the demo at 47: dealing
  roughly halves the variance of the top 50's scores (city seed 4), less for
  the nodes near the 50th, whose scores depend on both ends at once.

The misses are near-ties: every wrongly chosen broker's exact score was
within 3 % of the 50th. The sample count is fixed, not adaptive: how close
the near-ties are decides the agreement, and no stopping rule can see that.

Why the count does not grow with the graph: at London scale (800,000
nodes) the 50th broker lies on 0.036 % of all pairs, against 0.37 % at city
scale, so a pair is ten times less likely to tell it anything and the same
precision would need about ten times the pairs. Against a 48,000,000-pair
estimate of London seed 0 (``benchmarks/sampled_agreement.py``), 1,200,000
pairs kept 49, 47, 47 and 49 of the top 50 for sampling seeds 0-3, and
2,400,000 pairs (twice the time) 47, 48, 47 and 48: doubling buys nothing
visible. 12,000,000 pairs kept 50 of 50 for seeds 0 and 1, but took
284-289 s of both cores on their own: ten times does not fit the three
minutes London is allowed.

On the 2-core machine of 2026-12-06 (an AMD EPYC; the machine of the stop
before took 1.45 times as long with the same engine) a pair takes about
4.6 us of one thread at city scale and 25 us at county scale; the issue
notes have the whole analysis at county and London scale.

Betweenness here counts shortest paths by number of hops. Tie weights say how
strong a tie is, not how long, and KADABRA has no weighted mode, so using hops
keeps the exact and sampled rankings comparable. Scores use NetworkX's
normalisation (``normalized=True``, endpoints excluded) in both modes.

Notes on networkit 11.3's KADABRA, measured on the 32,000-node benchmark graph:

* It is reproducible for a seed only when run on one thread (with two threads
  the number of samples, and so the scores, change from run to run whatever
  ``deterministic`` says), so one thread is the default.
* Our measurements for the top 50 against exact betweenness (synthetic city,
  a loaded machine): err 0.003 (109,000 samples) agreed on 46 and 47 of 50
  for two sampling seeds of graph seed 0; err 0.002 (about 220,000) on 48,
  48, 47 and 48 for graph seeds 0-3; err 0.0015 (about 350,000) on 48 for
  each of seeds 0-3 but on 46, 47, 47, 48, 47 and 47 for seeds 4-9 (the city
  demo: 49). The misses are near-ties (exact ranks 51-71, 0.4-6 % below the
  50th), and the error is plain sampling noise: KADABRA's score over the
  exact one is 1.04 +- 0.027 for groups and people alike, the 2.7 % that
  350,000 samples give a node on 0.4 % of paths (so the bias below is small
  beside it); simulating that noise on the exact scores of seeds 4, 5 and 9
  gives 48 or more with probability only 0.16-0.36. err 0.001 gave 47, 48,
  47 and 48 on seeds 4, 5, 6 and 9. err 0.0007 (about 1.4 million samples,
  40-66 s of CPU against 16-20 s) gave 48, 48, 49, 49, 49, 48, 48, 50, 49
  and 49 on seeds 0-9 and 50 on the demo, so 0.0007 is the default (at
  county scale it drew 1.1 million samples and run_analysis took 186 s of
  CPU against 72 s at 0.0015, far over the 30 s county target). Brandes from
  sources drawn in proportion to their folded leaves (500, 1,000, 2,000
  trees, a third to twice KADABRA's time) agreed on only 28, 37 and 42:
  nodes near a source take most of its dependency, so whole trees are a
  noisy sample; generalised linear-scaling source sampling (networkit
  EstimateBetweenness) did no better (36 and 38 with 500 and 1,500 trees on
  seed 4), and exact igraph costs about 190 s of CPU per city graph
  (networkit's exact is three times slower still).
* Its undirected scores are twice the share of sampled paths through a node;
  we halve them. They still come out a few per cent high (2-4 %), because the
  samples of its warm-up phase are counted without being added to the total.
* When it walks back along a sampled path it picks among a node's
  predecessors with the wrong weights (``nPaths[target]`` instead of the
  predecessor's own path count), so where there are many equally short paths
  it is biased by a per cent or two whatever the sample size. Ranks that far
  apart are near-ties, but it caps how well the sampled top 50 can match the
  exact one (48-50 of 50 at err 0.0007 in our benchmark).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any

import networkit
import networkx as nx
import numpy as np

from .indexed import GraphIndex
from .pair_sampling import pair_betweenness

__all__ = [
    "DEFAULT_EXACT_BELOW",
    "LeafFold",
    "DEFAULT_KADABRA_DELTA",
    "DEFAULT_KADABRA_ERR",
    "DEFAULT_SAMPLES",
    "BetweennessResult",
    "betweenness",
]

DEFAULT_EXACT_BELOW = 5_000
DEFAULT_KADABRA_ERR = 0.0007
DEFAULT_KADABRA_DELTA = 0.1
DEFAULT_SAMPLES = 1_200_000


@dataclass(frozen=True)
class BetweennessResult:
    """Betweenness scores with a note of how they were obtained.

    ``values`` is aligned with ``nodes``; ``method`` is ``"exact"`` or
    ``"pairs"`` or ``"kadabra"``; ``samples`` is the number of pairs (or
    KADABRA's paths) drawn (``None`` when exact).
    """

    nodes: tuple[str, ...]
    values: np.ndarray = field(repr=False)
    method: str
    library: str
    samples: int | None = None
    err: float | None = None
    delta: float | None = None
    seed: int | None = None
    seconds: float = 0.0

    @property
    def scores(self) -> dict[str, float]:
        """Node to normalised betweenness."""
        return dict(zip(self.nodes, self.values.tolist(), strict=True))

    def ranking(self, top: int | None = None) -> list[str]:
        """Nodes by descending score, ties broken by node order.

        Scores are compared to 12 decimal places so that exact ties stay ties
        whatever the summation order of the library.
        """
        order = np.lexsort((np.arange(len(self.values)), -np.round(self.values, 12)))
        return [self.nodes[i] for i in order[:top]]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary of the method (scores are reported per broker)."""
        return {
            "method": self.method,
            "library": self.library,
            "samples": self.samples,
            "err": self.err,
            "delta": self.delta,
            "seed": self.seed,
            "seconds": round(self.seconds, 3),
            "nodes": len(self.nodes),
        }


def _scale(n: int) -> float:
    # igraph counts each unordered pair once; NetworkX's normalised value is
    # that count over (n - 1)(n - 2) / 2 pairs not involving the node.
    return 2.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0


def _exact(ix: GraphIndex) -> np.ndarray:
    if ix.n == 0:
        return np.zeros(0)
    return _exact_folded(ix)


def _kadabra(
    ix: GraphIndex, err: float, delta: float, seed: int, threads: int, top_k: int
) -> tuple[np.ndarray, int]:
    previous = networkit.getMaxNumberOfThreads()
    try:
        networkit.setNumberOfThreads(threads)
        # KADABRA refuses to run unless seeds are per thread (useThreadId=True).
        networkit.setSeed(seed, True)
        kb = networkit.centrality.KadabraBetweenness(ix.to_networkit(), err, delta, True, top_k)
        kb.run()
        samples = int(kb.getNumberOfIterations())
        if top_k:
            values = np.zeros(ix.n)
            values[np.asarray(kb.topkNodesList(), dtype=np.int64)] = kb.topkScoresList()
        else:
            values = np.asarray(kb.scores(), dtype=np.float64)
    finally:
        networkit.setNumberOfThreads(previous)
    n = ix.n
    # KADABRA reports 2 x the share of ordered pairs whose sampled path runs
    # through the node; the unordered-pair count is share * n (n - 1) / 2.
    return values / 2.0 * (n * (n - 1) / 2.0) * _scale(n), samples


@dataclass(frozen=True)
class LeafFold:
    """Degree-one leaves folded into the node they hang from.

    ``weight[s]`` is ``1 +`` the number of leaves hanging from ``s`` for a node
    with two or more ties, and 0 otherwise (leaves, isolated nodes, and both
    ends of a component of two). ``leaf_part`` is the exact unordered-pair
    betweenness every node gets from the paths that start at its own leaves.

    A leaf ``l`` hanging from ``a`` reaches everyone through ``a``, so its
    shortest-path tree is ``a``'s with ``l`` on top: the dependency of any
    other node on ``l`` equals its dependency on ``a``, and ``a`` itself
    lies on every one of ``l``'s paths (its component's size less 2). So

        B(v) = 1/2 [ sum over s of weight[s] * delta_s(v) + leaves(v) * (size(v) - 2) ]

    exactly, with only the non-leaf nodes as sources.
    """

    weight: np.ndarray
    leaf_part: np.ndarray

    @classmethod
    def of(cls, ix: GraphIndex) -> LeafFold:
        """Fold the leaves of an indexed graph."""
        degree = ix.degree
        leaf = degree == 1
        hang = np.full(ix.n, -1, dtype=np.int64)
        hang[ix.src[leaf[ix.src]]] = ix.dst[leaf[ix.src]]
        hang[ix.dst[leaf[ix.dst]]] = ix.src[leaf[ix.dst]]
        # A leaf whose one neighbour is also a leaf (a component of two) lies on no path.
        hanging = leaf & (hang >= 0)
        hanging[hanging] = ~leaf[hang[hanging]]
        leaves = np.bincount(hang[hanging], minlength=ix.n)
        labels = ix.components()
        size = np.bincount(labels, minlength=1)[labels] if ix.n else np.zeros(0, dtype=np.int64)
        weight = np.where(degree >= 2, 1 + leaves, 0).astype(np.float64)
        leaf_part = 0.5 * leaves * np.maximum(size - 2, 0)
        return cls(weight, leaf_part.astype(np.float64))


def _from_sources(ix: GraphIndex, sources: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Unordered-pair sum of ``weights[s] * delta_s`` over the sources, grouped by weight."""
    g = ix.to_igraph()
    total = np.zeros(ix.n)
    for w in np.unique(weights):
        chosen = np.sort(sources[weights == w])
        if chosen.size:
            total += w * np.asarray(
                g.betweenness(directed=False, sources=chosen.tolist()), dtype=np.float64
            )
    return total


def _exact_folded(ix: GraphIndex) -> np.ndarray:
    fold = LeafFold.of(ix)
    sources = np.flatnonzero(fold.weight > 0)
    raw: np.ndarray = _from_sources(ix, sources, fold.weight[sources]) + fold.leaf_part
    return raw * _scale(ix.n)


def _pairs(ix: GraphIndex, samples: int, seed: int, threads: int) -> tuple[np.ndarray, int]:
    A = ix.adjacency(False)  # CSR with sorted indices
    raw, drawn = pair_betweenness(A.indptr, A.indices, samples=samples, seed=seed, threads=threads)
    return raw * _scale(ix.n), drawn


def betweenness(
    G: nx.Graph[str] | None,
    *,
    exact_below: int = DEFAULT_EXACT_BELOW,
    seed: int = 0,
    samples: int = DEFAULT_SAMPLES,
    threads: int | None = None,
    estimator: str = "pairs",
    err: float = DEFAULT_KADABRA_ERR,
    delta: float = DEFAULT_KADABRA_DELTA,
    top_k: int = 0,
    index: GraphIndex | None = None,
) -> BetweennessResult:
    """Betweenness of every node, exact (igraph, leaves folded) or sampled.

    Exact Brandes runs from the non-leaf nodes only, each weighted by the
    leaves it carries, plus the leaves' own part in closed form
    (:class:`LeafFold`): the same scores, fewer shortest-path trees.

    Parameters
    ----------
    G : networkx.Graph or None
        Undirected graph; weights are ignored (hop distance). May be ``None``
        when ``index`` is given (``run_analysis`` starts before the graph is built).
    exact_below : int
        Graphs with fewer nodes get exact Brandes betweenness.
    seed : int
        Seed for sampling; the same seed gives the same scores.
    samples : int
        Pairs drawn by the ``"pairs"`` estimator (exactly this many).
    threads : int, optional
        Threads for sampling. The ``"pairs"`` estimator gives the same scores
        on any number (default: every core); KADABRA only on one (its default).
    estimator : str
        ``"pairs"`` (:mod:`.pair_sampling`) or ``"kadabra"`` (networkit).
    err, delta : float
        KADABRA's additive error bound on normalised scores, holding with
        probability ``1 - delta``.
    top_k : int
        If positive, KADABRA only separates the top ``top_k`` nodes and
        the rest score 0.
    index : GraphIndex, optional
        Pre-built index of ``G`` to skip the conversion.

    Returns
    -------
    BetweennessResult

    Examples
    --------
    >>> res = betweenness(nx.path_graph(4))
    >>> res.method, res.values.round(3).tolist()
    ('exact', [0.0, 0.667, 0.667, 0.0])
    >>> res = betweenness(nx.path_graph(4), exact_below=0, samples=20_000)
    >>> res.method, res.samples, res.values.round(1).tolist()
    ('pairs', 20000, [0.0, 0.7, 0.7, 0.0])
    >>> res = betweenness(nx.path_graph(4), exact_below=0, estimator="kadabra", err=0.05)
    >>> res.method, res.samples > 0
    ('kadabra', True)
    """
    if index is None:
        if G is None:
            raise ValueError("betweenness needs a graph or its index")
        index = GraphIndex.from_graph(G)
    ix = index
    start = time.perf_counter()
    if ix.n < exact_below or ix.n < 3:
        values = _exact(ix)
        return BetweennessResult(
            ix.nodes, values, "exact", "igraph", seconds=time.perf_counter() - start
        )
    if estimator == "pairs":
        values, drawn = _pairs(ix, samples, seed, threads or os.cpu_count() or 1)
        return BetweennessResult(
            ix.nodes, values, "pairs", "numba", samples=drawn, seed=seed,
            seconds=time.perf_counter() - start,
        )
    if estimator != "kadabra":
        raise ValueError(f"unknown betweenness estimator {estimator!r}")
    values, drawn = _kadabra(ix, err, delta, seed, threads or 1, top_k)
    return BetweennessResult(
        ix.nodes,
        values,
        "kadabra",
        "networkit",
        samples=drawn,
        err=err,
        delta=delta,
        seed=seed,
        seconds=time.perf_counter() - start,
    )
