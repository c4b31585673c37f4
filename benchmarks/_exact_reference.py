"""Exact (hop-count) betweenness of a community graph, cached on disk by the graph's edges.

The cache key hashes the edge list only, so the same ties give the same reference whether or not
people with no ties are in the graph (they change no shortest path). Values are raw unordered-pair
counts, stored with the node names; callers rank or normalise them as they need.

    .venv/bin/python benchmarks/_exact_reference.py city 0 1 2   # fill the cache for city seeds
    nice -n 19 .venv/bin/python benchmarks/_exact_reference.py county 0   # ~4,500 s of CPU, resumable
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
    return key_path(edge_key(G))


def key_path(key: str) -> Path:
    return CACHE / f"weave-network-exact2-{key}.npz"


def load_key(key: str) -> dict[str, float] | None:
    path = key_path(key)
    if not path.exists():
        return None
    data = np.load(path, allow_pickle=False)
    return dict(zip(data["nodes"].tolist(), data["raw"].tolist(), strict=True))


def exact_raw(
    G,
    *,
    part: int = 0,
    parts: int = 1,
    chunk: int = 500,
    progress: bool = False,
    checkpoint: Path | None = None,
) -> tuple[list[str], np.ndarray]:
    """Raw betweenness (unordered pairs) of the non-isolated nodes from part ``part`` of ``parts``.

    Degree-one leaves are folded into the node they hang from (``LeafFold``, the engine's exact
    path, tested equal to NetworkX): Brandes runs only from nodes with two or more ties, each
    weighted by 1 + its leaves, and part 0 adds the leaves' own paths in closed form, so the
    parts sum to the full betweenness. The sources are shuffled (fixed seed) before being dealt
    out, and go to the compiled Brandes (``_brandes``, checked against igraph on each part's first
    sources) ``chunk`` at a time, so ``progress`` can print the rate and an ETA to
    stderr and ``checkpoint`` (an .npz, resumed from if present) holds a uniform sample of the
    sources at any moment: a county reference takes about 40 minutes of CPU per part.
    """
    from benchmarks._brandes import half_dependencies
    from community.network.betweenness import LeafFold
    from community.network.indexed import GraphIndex

    ix = GraphIndex.from_graph(G)
    fold = LeafFold.of(ix)
    g = ix.to_igraph()
    everyone = np.flatnonzero(fold.weight > 0)
    sources = np.random.default_rng(0).permutation(everyone)[part::parts]
    total, done = np.zeros(ix.n), 0
    if checkpoint is not None and checkpoint.exists():
        saved = np.load(checkpoint)
        total, done = saved["raw_sources"], int(saved["done"])
    start, first = time.perf_counter(), done
    A = ix.adjacency(False)
    _check_against_igraph(g, A, sources[:3])
    while done < len(sources):
        block = sources[done : done + chunk]
        total += half_dependencies(A.indptr, A.indices, block, fold.weight[block])
        done += len(block)
        if checkpoint is not None:
            np.savez(
                checkpoint.with_suffix(".tmp.npz"),
                raw_sources=total,
                done=done,
                sources=len(sources),
                everyone=len(everyone),
            )
            checkpoint.with_suffix(".tmp.npz").replace(checkpoint)
        if progress:
            spent = time.perf_counter() - start
            eta = spent / (done - first) * (len(sources) - done)
            print(
                f"part {part}/{parts}: {done:,}/{len(sources):,} sources, {spent:.0f} s, "
                f"ETA {eta:.0f} s ({time.strftime('%H:%M', time.gmtime(time.time() + eta))} UTC)",
                file=sys.stderr,
                flush=True,
            )
    raw = total + fold.leaf_part if part == 0 else total
    keep = ix.degree > 0
    return [n for n, k in zip(ix.nodes, keep.tolist(), strict=True) if k], raw[keep]


def _check_against_igraph(g, A, sources: np.ndarray) -> None:
    """Refuse to compute a reference if the compiled Brandes disagrees with igraph on these sources."""
    from benchmarks._brandes import half_dependencies

    ours = half_dependencies(A.indptr, A.indices, sources, np.ones(len(sources)))
    theirs = np.asarray(g.betweenness(directed=False, sources=sorted(sources.tolist())), dtype=np.float64)
    if not np.allclose(ours, theirs, rtol=1e-9, atol=1e-9):
        raise SystemExit(f"compiled Brandes disagrees with igraph by {np.abs(ours - theirs).max():.3g}")


def exact_raw_all_sources(G, *, part: int = 0, parts: int = 1) -> tuple[list[str], np.ndarray]:
    """The same values by plain igraph Brandes from every node (the check on the fold)."""
    import igraph

    nodes = sorted((n for n in G if G.degree(n) > 0), key=str)
    index = {n: i for i, n in enumerate(nodes)}
    g = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in G.edges() if a != b])
    raw = g.betweenness(directed=False, sources=list(range(part, len(nodes), parts)))
    return nodes, np.asarray(raw, dtype=np.float64)


def load(G) -> dict[str, float] | None:
    return load_key(edge_key(G))


def save(G, nodes: list[str], raw: np.ndarray) -> None:
    np.savez(cache_path(G), nodes=np.asarray(nodes), raw=raw)


def reference(G) -> dict[str, float]:
    found = load(G)
    if found is None:
        nodes, raw = exact_raw(G)
        save(G, nodes, raw)
        found = dict(zip(nodes, raw.tolist(), strict=True))
    return found


def checkpoint_path(key: str, part: int, parts: int) -> Path:
    return CACHE / f"weave-network-exact2-{key}.ckpt{part}of{parts}.npz"


def _part(scale: str, seed: int, part: int, parts: int) -> None:
    """One part of one graph's reference, checkpointed (run as a subprocess by ``main``)."""
    from benchmarks._synthetic_graph import scaled_city
    from community.network.graph import build_graph

    city = scaled_city(scale, seed)
    G = build_graph(city.people, city.groups, city.ties, now=city.now)
    key = edge_key(G)
    nodes, raw = exact_raw(
        G, part=part, parts=parts, progress=True, checkpoint=checkpoint_path(key, part, parts)
    )
    np.savez(CACHE / f"weave-network-exact2-{key}.part{part}of{parts}.npz", nodes=np.asarray(nodes), raw=raw)


def main(argv: list[str]) -> int:
    import subprocess

    from benchmarks._synthetic_graph import scaled_city
    from community.network.graph import build_graph

    if argv[0] == "--part":
        _part(argv[1], int(argv[2]), int(argv[3]), int(argv[4]))
        return 0
    parts = 2
    scale, seeds = argv[0], [int(s) for s in argv[1:]]
    for seed in seeds:
        city = scaled_city(scale, seed)
        G = build_graph(city.people, city.groups, city.ties, now=city.now)
        key = edge_key(G)
        if load_key(key) is not None:
            print(f"{scale} seed {seed}: cached", flush=True)
            continue
        start = time.perf_counter()
        # One process per core; each checkpoints, so a stopped run resumes where it was.
        procs = [
            subprocess.Popen(
                [sys.executable, __file__, "--part", scale, str(seed), str(p), str(parts)], cwd=ROOT
            )
            for p in range(parts)
        ]
        if any(proc.wait() != 0 for proc in procs):
            print(f"{scale} seed {seed}: a part failed", flush=True)
            return 1
        outs = [CACHE / f"weave-network-exact2-{key}.part{p}of{parts}.npz" for p in range(parts)]
        loaded = [np.load(out) for out in outs]
        save(G, loaded[0]["nodes"].tolist(), sum(d["raw"] for d in loaded))
        for p, out in enumerate(outs):
            out.unlink()
            checkpoint_path(key, p, parts).unlink(missing_ok=True)
        print(f"{scale} seed {seed}: {time.perf_counter() - start:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
