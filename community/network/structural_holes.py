"""Burt's constraint and effective size, equal to NetworkX's but sparse.

NetworkX's all-nodes path divides a sparse matrix by a dense column (which
makes it dense) and calls ``toarray()`` on an n x n product, so a
32,000-node graph needs well over 15 GB. Here every product stays sparse
and is only read where an edge exists, so memory grows with the number of
two-step paths instead of n squared.

Definitions follow NetworkX 3.6: with ``M = A + A.T`` the mutual weights,
``P = M / rowsum(M)`` and ``Q = M / rowmax(M)``::

    constraint(u)     = sum over v tied to u of (P[u, v] + (P @ P)[u, v]) ** 2
    effective_size(u) = sum over v tied to u of (1 - (P @ Q.T)[u, v])

and both are NaN for nodes with no tie to another node. Edge weights must not
be negative; zero-weight edges do not count as ties, as in NetworkX's
all-nodes path.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TypeVar

import networkx as nx
import numpy as np
import scipy.sparse as sp

from .indexed import GraphIndex

__all__ = ["burt_from_index", "burt_measures", "constraint", "effective_size"]

# These work on any NetworkX graph, as NetworkX's own functions do, not only on the community graph.
N = TypeVar("N", bound=Hashable)


def _edge_arrays(
    G: nx.Graph[N], weight: str | None
) -> tuple[list[N], np.ndarray, np.ndarray, np.ndarray]:
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    m = G.number_of_edges()
    rows = np.empty(m, dtype=np.int64)
    cols = np.empty(m, dtype=np.int64)
    vals = np.ones(m, dtype=np.float64)
    if weight is None:
        for k, (u, v) in enumerate(G.edges()):
            rows[k] = index[u]
            cols[k] = index[v]
    else:
        for k, (u, v, w) in enumerate(G.edges(data=weight, default=1)):
            rows[k] = index[u]
            cols[k] = index[v]
            vals[k] = w
    return nodes, rows, cols, vals


def _mutual_weights(n: int, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray) -> sp.csr_array:
    if (vals < 0).any():
        raise ValueError("edge weights must not be negative")
    # Each edge is entered both ways, so duplicates sum to M = A + A.T for
    # directed and undirected graphs alike (an undirected self-loop gets 2w).
    both_ways = (np.concatenate([rows, cols]), np.concatenate([cols, rows]))
    M = sp.coo_array((np.concatenate([vals, vals]), both_ways), shape=(n, n)).tocsr()
    M.sum_duplicates()
    M.eliminate_zeros()
    return M


def _row_scale(M: sp.csr_array, scale: np.ndarray) -> sp.csr_array:
    out = M.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out.data = out.data / np.repeat(scale, np.diff(M.indptr))
    return out


def _masked_rowsum(X: sp.csr_array, mask: sp.csr_array) -> np.ndarray:
    return np.asarray(X.multiply(mask).sum(axis=1)).ravel()


def burt_measures(G: nx.Graph[N], weight: str | None = None) -> tuple[list[N], np.ndarray, np.ndarray]:
    """Compute constraint and effective size for every node in one pass.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Directed graphs are treated as NetworkX does (in- and out-ties both
        count, with mutual weights added).
    weight : str or None
        Edge attribute holding the weight; ``None`` counts every tie as 1.

    Returns
    -------
    nodes : list
        Nodes in ``G``'s order.
    constraint, effective_size : numpy.ndarray
        Values aligned with ``nodes``; NaN for nodes without ties.

    Examples
    --------
    >>> nodes, c, e = burt_measures(nx.star_graph(2))
    >>> nodes, c.round(3).tolist(), e.round(3).tolist()
    ([0, 1, 2], [0.5, 1.0, 1.0], [2.0, 1.0, 1.0])
    """
    nodes, rows, cols, vals = _edge_arrays(G, weight)
    cons, eff = _burt(len(nodes), rows, cols, vals)
    return nodes, cons, eff


def burt_from_index(ix: GraphIndex, weighted: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Constraint and effective size aligned with ``ix.nodes``, skipping the NetworkX walk.

    Examples
    --------
    >>> cons, eff = burt_from_index(GraphIndex.from_graph(nx.star_graph(2)))
    >>> cons.round(3).tolist(), eff.round(3).tolist()
    ([0.5, 1.0, 1.0], [2.0, 1.0, 1.0])
    """
    vals = ix.weight if weighted else np.ones_like(ix.weight)
    return _burt(ix.n, ix.src, ix.dst, vals)


def _burt(n: int, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if n == 0:
        return np.empty(0), np.empty(0)
    M = _mutual_weights(n, rows, cols, vals)
    strength = np.asarray(M.sum(axis=1)).ravel()
    counts = np.diff(M.indptr)
    row_max = np.zeros(n)
    has = counts > 0
    row_max[has] = np.maximum.reduceat(M.data, M.indptr[:-1][has])
    P = _row_scale(M, strength)
    Q = _row_scale(M, row_max)
    mask = M.copy()
    mask.data = np.ones_like(mask.data)

    local = (P + P @ P).tocsr()
    local.data **= 2
    cons = _masked_rowsum(local, mask)
    redundancy = _masked_rowsum((P @ Q.T).tocsr(), mask)
    eff = counts.astype(np.float64) - redundancy

    # A node whose only tie is to itself is as isolated as one with none.
    isolated = strength - M.diagonal() <= 0
    cons[isolated] = np.nan
    eff[isolated] = np.nan
    return cons, eff


def _select(nodes: list[N], values: np.ndarray, which: Iterable[N] | None) -> dict[N, float]:
    out = dict(zip(nodes, values.tolist(), strict=True))
    if which is None:
        return out
    return {v: out[v] for v in which}


def constraint(
    G: nx.Graph[N], nodes: Iterable[N] | None = None, weight: str | None = None
) -> dict[N, float]:
    """Burt's constraint for each node, equal to :func:`networkx.constraint`.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The graph.
    nodes : iterable, optional
        Nodes to report; all nodes if omitted (all are computed either way).
    weight : str or None
        Edge attribute holding the weight; ``None`` counts every tie as 1.

    Returns
    -------
    dict
        Node to constraint (NaN for isolated nodes).

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("a", "c"), ("b", "c"), ("c", "d")])
    >>> {k: round(v, 4) for k, v in constraint(G).items()}
    {'a': 1.0069, 'b': 1.0069, 'c': 0.6111, 'd': 1.0}
    """
    names, cons, _ = burt_measures(G, weight)
    return _select(names, cons, nodes)


def effective_size(
    G: nx.Graph[N], nodes: Iterable[N] | None = None, weight: str | None = None
) -> dict[N, float]:
    """Burt's effective size for each node, equal to :func:`networkx.effective_size`.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The graph.
    nodes : iterable, optional
        Nodes to report; all nodes if omitted.
    weight : str or None
        Edge attribute holding the weight; ``None`` counts every tie as 1.

    Returns
    -------
    dict
        Node to effective size (NaN for isolated nodes).

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("a", "c"), ("b", "c"), ("c", "d")])
    >>> {k: round(v, 4) for k, v in effective_size(G).items()}
    {'a': 1.0, 'b': 1.0, 'c': 2.3333, 'd': 1.0}
    """
    names, _, eff = burt_measures(G, weight)
    return _select(names, eff, nodes)
