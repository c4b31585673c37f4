"""Exact Brandes dependencies from chosen sources, compiled with numba: the benchmark's reference.

igraph's ``betweenness(sources=...)`` took about 0.1 s of CPU a source on the county graph (a county
reference: hours). This is the same algorithm on the graph's CSR arrays: a BFS from the source
counting shortest paths, then dependencies passed back in reverse BFS order to the neighbours one
level nearer (no predecessor lists). ``_exact_reference.exact_raw`` checks it against igraph on a
handful of sources of every graph it is given, so a fault here cannot pass for a reference.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from community.network.pair_sampling import renumbered

__all__ = ["half_dependencies"]


@njit(cache=True)
def _sum(indptr, indices, sources, weights, out):  # type: ignore[no-untyped-def]
    n = len(indptr) - 1
    dist = np.full(n, -1, dtype=np.int64)
    sigma = np.zeros(n, dtype=np.float64)
    delta = np.zeros(n, dtype=np.float64)
    order = np.empty(n, dtype=np.int64)
    for si in range(len(sources)):
        s = sources[si]
        dist[s] = 0
        sigma[s] = 1.0
        order[0] = s
        head, tail = 0, 1
        while head < tail:
            u = order[head]
            head += 1
            du = dist[u] + 1
            for e in range(indptr[u], indptr[u + 1]):
                w = indices[e]
                if dist[w] == -1:
                    dist[w] = du
                    order[tail] = w
                    tail += 1
                if dist[w] == du:
                    sigma[w] += sigma[u]
        for i in range(tail - 1, 0, -1):
            w = order[i]
            coeff = (1.0 + delta[w]) / sigma[w]
            dw = dist[w] - 1
            for e in range(indptr[w], indptr[w + 1]):
                v = indices[e]
                if dist[v] == dw:
                    delta[v] += sigma[v] * coeff
            out[w] += weights[si] * delta[w]
        for i in range(tail):
            w = order[i]
            dist[w] = -1
            sigma[w] = 0.0
            delta[w] = 0.0


def half_dependencies(
    indptr: np.ndarray, indices: np.ndarray, sources: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """Half the weighted sum of the sources' dependencies on each node (igraph's undirected
    ``betweenness(sources=...)``, each source's part times its weight)."""
    # Renumbered so that neighbours sit near each other, as the engine's sampler does (same reason).
    ip, ix, renumber = renumbered(indptr, indices)
    out = np.zeros(len(ip) - 1, dtype=np.float64)
    _sum(
        ip,
        ix,
        renumber[np.asarray(sources, dtype=np.int64)],
        np.asarray(weights, dtype=np.float64),
        out,
    )
    return out[renumber] / 2.0
