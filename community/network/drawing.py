"""A drawing of the group-to-group network: which groups, where, and how they are marked.

The page cannot draw thousands of groups legibly, so the drawing holds the ``limit`` groups with the
highest betweenness (the ones others reach each other through). Two drawn groups are linked when they
are tied directly (a partnership, an introduction) or share people; a link's weight is the direct tie
plus the number of people they share. The layout is Fruchterman-Reingold (``networkx.spring_layout``),
seeded, so the same analysis always draws the same picture; coordinates are scaled to ``[0, 1]``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp

from .betweenness import BetweennessResult
from .communities import CommunityResult
from .cutpoints import CutPointResult
from .graph import GROUP
from .indexed import GraphIndex

__all__ = ["DrawnGroup", "GroupDrawing", "group_drawing"]


@dataclass(frozen=True)
class DrawnGroup:
    """One group in the drawing: where it sits and how it is marked."""

    node: str
    x: float
    y: float
    community: int
    betweenness: float
    broker: bool
    cut_point: bool


@dataclass(frozen=True)
class GroupDrawing:
    """The drawn groups, the links between them (index pairs into ``groups``) and how many groups exist."""

    groups: list[DrawnGroup]
    links: list[tuple[int, int, float]]
    groups_total: int

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "groups": [asdict(g) for g in self.groups],
            "links": [list(link) for link in self.links],
            "groups_total": self.groups_total,
        }


def group_drawing(
    G: nx.Graph[str],
    between: BetweennessResult,
    communities: CommunityResult,
    cuts: CutPointResult,
    brokers: Collection[str],
    *,
    index: GraphIndex | None = None,
    limit: int = 120,
    seed: int = 0,
) -> GroupDrawing:
    """Lay out the ``limit`` groups with the highest betweenness and the links among them.

    Examples
    --------
    >>> from .betweenness import betweenness
    >>> from .communities import detect_communities
    >>> from .cutpoints import cut_points
    >>> G = nx.Graph()
    >>> for g in ("group:1", "group:2", "group:3"):
    ...     G.add_node(g, kind="group", label=g)
    >>> G.add_node("user:1", kind="person", label="Ann")
    >>> G.add_edges_from([("group:1", "user:1"), ("user:1", "group:2"), ("group:2", "group:3")])
    >>> d = group_drawing(G, betweenness(G), detect_communities(G), cut_points(G), {"user:1"})
    >>> [(g.node, g.cut_point) for g in d.groups]
    [('group:2', True), ('group:1', False), ('group:3', False)]
    >>> sorted((d.groups[a].node, d.groups[b].node, w) for a, b, w in d.links)
    [('group:2', 'group:1', 1.0), ('group:2', 'group:3', 1.0)]
    """
    ix = index if index is not None else GraphIndex.from_graph(G)
    if tuple(between.nodes) != tuple(ix.nodes):
        raise ValueError("betweenness was computed on a different node order")
    is_group = np.array([G.nodes[v].get("kind") == GROUP for v in ix.nodes], dtype=bool)
    groups = np.flatnonzero(is_group)
    order = np.lexsort((groups, -np.round(between.values[groups], 12)))
    chosen = groups[order][:limit]
    A = ix.adjacency(False)
    rows = A[chosen]
    direct = rows[:, chosen]
    through = rows[:, np.flatnonzero(~is_group)]
    shared = through @ through.T
    W = sp.coo_array((direct + shared).tocsr())
    links = sorted(
        (int(a), int(b), float(w)) for a, b, w in zip(W.row, W.col, W.data, strict=True) if a < b and w > 0
    )
    H: nx.Graph[int] = nx.Graph()
    H.add_nodes_from(range(len(chosen)))
    H.add_weighted_edges_from(links)
    pos = nx.spring_layout(H, seed=seed, weight="weight", iterations=100) if len(chosen) else {}
    xy = np.array([pos[i] for i in range(len(chosen))]).reshape(-1, 2)
    if len(xy):
        low, span = xy.min(axis=0), np.ptp(xy, axis=0)
        xy = (xy - low) / np.where(span > 0, span, 1.0)
        xy[:, span == 0] = 0.5
    membership = communities.membership
    drawn = [
        DrawnGroup(
            node=ix.nodes[v],
            x=round(float(xy[i, 0]), 4),
            y=round(float(xy[i, 1]), 4),
            community=int(membership.get(ix.nodes[v], -1)),
            betweenness=round(float(between.values[v]), 8),
            broker=ix.nodes[v] in brokers,
            cut_point=ix.nodes[v] in cuts.points,
        )
        for i, v in enumerate(chosen.tolist())
    ]
    return GroupDrawing(drawn, links, int(len(groups)))
