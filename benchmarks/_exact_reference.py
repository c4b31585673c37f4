"""Exact (hop-count) betweenness of a community graph, cached on disk by the graph's edges.

The cache key hashes the edge list only, so the same ties give the same reference whether or not
people with no ties are in the graph (they change no shortest path). Values are raw unordered-pair
counts, stored with the node names; callers rank or normalise them as they need.

    .venv/bin/python benchmarks/_exact_reference.py city 0 1 2   # fill the cache for city seeds
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CACHE = Path(tempfile.gettempdir())


def edge_key(G) -> str:
    h = hashlib.sha256()
    for u, v in sorted(tuple(sorted((str(a), str(b)))) for a, b in G.edges() if a != b):
        h.update(f"{u}\t{v}\n".encode())
    return h.hexdigest()[:16]


def cache_path(G) -> Path:
    return CACHE / f"weave-network-exact2-{edge_key(G)}.npz"


def exact_raw(G, *, part: int = 0, parts: int = 1) -> tuple[list[str], np.ndarray]:
    """Raw betweenness (unordered pairs) of the non-isolated nodes, sources ``part::parts``."""
    import igraph

    nodes = sorted((n for n in G if G.degree(n) > 0), key=str)
    index = {n: i for i, n in enumerate(nodes)}
    g = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in G.edges() if a != b])
    raw = g.betweenness(directed=False, sources=list(range(part, len(nodes), parts)))
    return nodes, np.asarray(raw, dtype=np.float64)


def load(G) -> dict[str, float] | None:
    path = cache_path(G)
    if not path.exists():
        return None
    data = np.load(path, allow_pickle=False)
    return dict(zip(data["nodes"].tolist(), data["raw"].tolist(), strict=True))


def save(G, nodes: list[str], raw: np.ndarray) -> None:
    np.savez(cache_path(G), nodes=np.asarray(nodes), raw=raw)


def reference(G) -> dict[str, float]:
    found = load(G)
    if found is None:
        nodes, raw = exact_raw(G)
        save(G, nodes, raw)
        found = dict(zip(nodes, raw.tolist(), strict=True))
    return found


def main(argv: list[str]) -> int:
    from benchmarks._synthetic_graph import SCALES, scaled_city
    from community.network.graph import build_graph

    scale, seeds = argv[0], [int(s) for s in argv[1:]]
    for seed in seeds:
        city = scaled_city(scale, seed)
        G = build_graph(city.people, city.groups, city.ties, now=city.now)
        if load(G) is not None:
            print(f"{scale} seed {seed}: cached", flush=True)
            continue
        start = time.perf_counter()
        reference(G)
        print(f"{scale} seed {seed}: {time.perf_counter() - start:.0f} s", flush=True)
    del SCALES
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
