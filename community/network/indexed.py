"""An integer-indexed, array form of a NetworkX graph for the C-backed libraries.

Converting a 100,000-edge NetworkX graph costs a few tenths of a second, so
``run_analysis`` converts once and hands the same :class:`GraphIndex` to
every stage. Nodes are sorted by ``str`` so that igraph, networkit and the
seeded algorithms see the same numbering whatever order the graph was built in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

import igraph
import networkit
import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

__all__ = ["GraphIndex"]


@dataclass(frozen=True, eq=False)
class GraphIndex:
    """Sorted node list plus edge arrays (each undirected edge once, ``src < dst``).

    Examples
    --------
    >>> ix = GraphIndex.from_graph(nx.Graph([("b", "a", {"weight": 2.0}), ("b", "c")]))
    >>> ix.nodes, ix.src.tolist(), ix.dst.tolist(), ix.weight.tolist()
    (('a', 'b', 'c'), [0, 1], [1, 2], [2.0, 1.0])
    >>> ix.degree.tolist()
    [1, 2, 1]
    """

    nodes: tuple[str, ...]
    index: dict[str, int]
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray
    # Derived forms, built on first use: each value's type is fixed by its key (see the methods below).
    _cache: dict[object, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_graph(cls, G: nx.Graph[str], weight: str | None = "weight") -> GraphIndex:
        """Index an undirected graph; self-loops are dropped."""
        if G.is_directed() or G.is_multigraph():
            raise ValueError("GraphIndex needs a simple undirected graph")
        nodes = tuple(sorted(G, key=str))
        index = {n: i for i, n in enumerate(nodes)}
        # Edge views count themselves by walking every edge, and list() asks for the
        # count first: iterating them once, through iter(), halves the cost.
        ends: list[tuple[Any, ...]]
        if weight is None:
            ends = list(iter(G.edges()))
            w = np.ones(len(ends), dtype=np.float64)
        else:
            ends = list(iter(G.edges(data=weight, default=1.0)))
            w = np.fromiter((e[2] for e in ends), dtype=np.float64, count=len(ends))
        m = len(ends)
        a = np.fromiter((index[e[0]] for e in ends), dtype=np.int64, count=m)
        b = np.fromiter((index[e[1]] for e in ends), dtype=np.int64, count=m)
        keep = a != b
        src, dst, w = np.minimum(a, b)[keep], np.maximum(a, b)[keep], w[keep]
        order = np.lexsort((dst, src))
        return cls(nodes, index, src[order], dst[order], w[order])

    @property
    def n(self) -> int:
        """Number of nodes."""
        return len(self.nodes)

    @property
    def degree(self) -> np.ndarray:
        """Number of neighbours of each node."""
        if "degree" not in self._cache:
            self._cache["degree"] = np.bincount(
                np.concatenate([self.src, self.dst]), minlength=self.n
            )
        return cast(np.ndarray, self._cache["degree"])

    def adjacency(self, weighted: bool = True) -> sp.csr_array:
        """Symmetric CSR adjacency matrix (weights or ones)."""
        key = ("adj", weighted)
        if key not in self._cache:
            vals = self.weight if weighted else np.ones_like(self.weight)
            A = sp.coo_array(
                (
                    np.concatenate([vals, vals]),
                    (np.concatenate([self.src, self.dst]), np.concatenate([self.dst, self.src])),
                ),
                shape=(self.n, self.n),
            ).tocsr()
            A.sort_indices()
            self._cache[key] = A
        return cast(sp.csr_array, self._cache[key])

    def components(self) -> np.ndarray:
        """Connected-component label of each node."""
        if "components" not in self._cache:
            _, labels = connected_components(self.adjacency(False), directed=False)
            self._cache["components"] = labels
        return cast(np.ndarray, self._cache["components"])

    def to_igraph(self) -> igraph.Graph:
        """Unweighted-topology igraph copy with ``weight`` as an edge attribute."""
        if "igraph" not in self._cache:
            g = igraph.Graph(n=self.n, edges=np.column_stack([self.src, self.dst]).tolist())
            g.es["weight"] = self.weight.tolist()
            self._cache["igraph"] = g
        return self._cache["igraph"]

    def to_networkit(self) -> networkit.Graph:
        """Unweighted networkit copy (KADABRA works on hop distance)."""
        if "networkit" not in self._cache:
            g = networkit.Graph(self.n, weighted=False, directed=False)
            if len(self.src):
                g.addEdges((self.src.astype(np.uint64), self.dst.astype(np.uint64)))
            self._cache["networkit"] = g
        return self._cache["networkit"]
