"""Louvain communities (igraph's multilevel algorithm), seeded and deterministic.

igraph draws its random numbers from a Python object; we lend it a private
``random.Random(seed)`` for the duration of the call and then restore the
previous generator, so the global ``random`` state is untouched. Swapping
the generator is process-wide, so do not run two analyses in threads of one
process at the same time (RQ workers are separate processes).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import igraph
import networkx as nx
import numpy as np

from .graph import GROUP
from .indexed import GraphIndex

__all__ = ["Community", "CommunityResult", "detect_communities"]


@dataclass(frozen=True)
class Community:
    """One community: its size, make-up and the wards its groups serve.

    ``areas`` and ``categories`` are ``(code, number of groups)`` pairs, most
    common first.
    """

    id: int
    label: str
    size: int
    people: int
    groups: int
    internal_ties: int
    areas: tuple[tuple[str, int], ...]
    categories: tuple[tuple[str, int], ...]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class CommunityResult:
    """Community of every node plus a summary of each community of two or more.

    Communities are numbered by decreasing size, ties broken by their first
    node id, so numbering does not depend on igraph's internal order.
    """

    membership: dict[str, int] = field(repr=False)
    communities: list[Community]
    singletons: int
    modularity: float
    seed: int
    resolution: float
    method: str = "louvain (igraph multilevel)"

    def to_dict(self, *, include_membership: bool = False) -> dict[str, Any]:
        """Return a JSON-ready dict; the per-node membership only on request."""
        out: dict[str, Any] = {
            "method": self.method,
            "seed": self.seed,
            "resolution": self.resolution,
            "modularity": round(self.modularity, 6),
            "singletons": self.singletons,
            "communities": [c.to_dict() for c in self.communities],
        }
        if include_membership:
            out["membership"] = {str(k): v for k, v in self.membership.items()}
        return out


def _louvain(ix: GraphIndex, seed: int, resolution: float) -> list[int]:
    g = ix.to_igraph()
    previous = random.getstate()  # only used to restore the default generator
    igraph.set_random_number_generator(random.Random(seed))
    try:
        clustering = g.community_multilevel(weights="weight", resolution=resolution)
    finally:
        igraph.set_random_number_generator(random)
        random.setstate(previous)
    return list(clustering.membership)


def _label(areas: list[tuple[str, int]], area_names: Mapping[str, str], people: int) -> str:
    if not areas:
        return f"{people} people with no group"
    names = [area_names.get(a, a) for a, _ in areas[:2]]
    return " & ".join(names)


def detect_communities(
    G: nx.Graph[str],
    *,
    seed: int = 0,
    resolution: float = 1.0,
    index: GraphIndex | None = None,
    area_names: Mapping[str, str] | None = None,
) -> CommunityResult:
    """Find weighted Louvain communities; the same seed gives the same answer.

    Parameters
    ----------
    G : networkx.Graph
        Community graph (``kind``, ``areas``, ``categories`` node attributes
        are used for the summaries when present).
    seed : int
        Seed for the node visiting order.
    resolution : float
        Modularity resolution; above 1 gives more, smaller communities.
    index : GraphIndex, optional
        Pre-built index of ``G``.
    area_names : dict, optional
        Display names for ward codes, used in labels.

    Returns
    -------
    CommunityResult

    Examples
    --------
    >>> G = nx.barbell_graph(5, 0)
    >>> res = detect_communities(G, seed=1)
    >>> left = {res.membership[n] for n in range(5)}
    >>> right = {res.membership[n] for n in range(5, 10)}
    >>> len(left), len(right), left != right
    (1, 1, True)
    >>> detect_communities(G, seed=1).membership == res.membership
    True
    """
    ix = index if index is not None else GraphIndex.from_graph(G)
    area_names = area_names or {}
    raw = np.asarray(_louvain(ix, seed, resolution), dtype=np.int64) if ix.n else np.zeros(0, int)
    sizes = np.bincount(raw) if ix.n else np.zeros(0, int)
    first = np.full(len(sizes), ix.n, dtype=np.int64)
    np.minimum.at(first, raw, np.arange(ix.n))
    order = np.lexsort((first, -sizes))
    renumber = np.empty_like(order)
    renumber[order] = np.arange(len(order))
    labels = renumber[raw] if ix.n else raw
    membership = dict(zip(ix.nodes, labels.tolist(), strict=True))

    internal = np.bincount(labels[ix.src][labels[ix.src] == labels[ix.dst]], minlength=len(sizes))
    n_groups = np.zeros(len(sizes), dtype=np.int64)
    area_count: list[Counter[str]] = [Counter() for _ in sizes]
    cat_count: list[Counter[str]] = [Counter() for _ in sizes]
    for node, c in membership.items():
        d = G.nodes[node]
        if d.get("kind") == GROUP:
            n_groups[c] += 1
            area_count[c].update(d.get("areas", ()))
            cat_count[c].update(d.get("categories", ()))

    communities = []
    for c in range(len(sizes)):
        size = int(sizes[order[c]])
        if size < 2:
            continue
        areas = sorted(area_count[c].items(), key=lambda kv: (-kv[1], kv[0]))
        cats = sorted(cat_count[c].items(), key=lambda kv: (-kv[1], kv[0]))
        people = size - int(n_groups[c])
        communities.append(
            Community(
                id=c,
                label=_label(areas, area_names, people),
                size=size,
                people=people,
                groups=int(n_groups[c]),
                internal_ties=int(internal[c]),
                areas=tuple(areas),
                categories=tuple(cats),
            )
        )
    modularity = (
        ix.to_igraph().modularity(labels.tolist(), weights="weight", resolution=resolution)
        if ix.src.size
        else 0.0
    )
    return CommunityResult(
        membership=membership,
        communities=communities,
        singletons=int((sizes == 1).sum()),
        modularity=float(modularity),
        seed=seed,
        resolution=resolution,
    )
