"""Cut points and bridges, with who would be cut off by each.

igraph finds the biconnected blocks; a pass over the block-cut tree then
gives, for every articulation point at once, the sizes of the pieces its
removal leaves. The largest piece (most groups among equals) is taken as
"the rest of the network" and every other piece as cut off. Finding the
members of the cut-off pieces is a walk bounded by their size, done only for
the nodes the caller asks about.

What counts (:data:`CUT_POINT_RULE`): a piece that is a single person whose
only tie is the node (a group's coordinator, a one-off helper) is not "cut
off" — that person has no ties beyond the node to lose. So a node is a cut
point only when its removal separates other groups, or people who have ties
beyond it; its own one-tie people are counted apart, in ``sole_ties``.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from .graph import GROUP
from .indexed import GraphIndex

__all__ = [
    "CUT_POINT_RULE",
    "Bridge",
    "CutPoint", "CutPointResult", "Piece",
    "cut_off_pieces",
    "cut_points",
]


CUT_POINT_RULE = (
    "A person or group is a cut point when, without them, other groups, or people who have ties "
    "of their own beyond them, would lose touch with the rest of the network. People whose only "
    "tie is that person or group (a group's coordinator, say) are not counted as cut off: they "
    "have nothing beyond it to lose."
)


@dataclass(frozen=True)
class CutPoint:
    """What removing ``node`` would cut off from the rest of its component.

    Only pieces with a group or with more than one node count (see
    :data:`CUT_POINT_RULE`); ``sole_link`` counts people whose only tie is
    this node, who are not in the pieces.
    """

    node: str
    nodes_cut_off: int
    groups_cut_off: int
    pieces_cut_off: int
    sole_link: int

    @property
    def people_cut_off(self) -> int:
        """People in the cut-off pieces."""
        return self.nodes_cut_off - self.groups_cut_off


@dataclass(frozen=True)
class Bridge:
    """A tie whose loss splits its component; the smaller side is described."""

    a: str
    b: str
    side_nodes: int
    side_groups: int


@dataclass(frozen=True)
class Piece:
    """One piece cut off by removing a node: its members and their groups."""

    nodes: tuple[str, ...]
    groups: tuple[str, ...]
    people: int


@dataclass(frozen=True)
class CutPointResult:
    """Cut points (by node), bridges, and how many one-tie people hang off each node."""

    points: dict[str, CutPoint] = field(repr=False)
    bridges: list[Bridge] = field(repr=False)
    # One vertex index of each piece a point cuts off, for :func:`cut_off_pieces` to walk from.
    _pieces_seed: dict[str, list[int]] = field(repr=False)
    # Node -> number of people whose only tie is that node.
    sole_ties: dict[str, int] = field(default_factory=dict, repr=False)

    def ranked(self) -> list[CutPoint]:
        """Articulation points by groups then nodes cut off, then node id."""
        return sorted(
            self.points.values(), key=lambda c: (-c.groups_cut_off, -c.nodes_cut_off, str(c.node))
        )


def _tree(ix: GraphIndex) -> tuple[list[list[int]], dict[int, int], list[list[int]]]:
    """The biconnected blocks, each articulation point's position, and the block-cut tree's adjacency."""
    g = ix.to_igraph()
    blocks, aps = g.biconnected_components(return_articulation_points=True)
    blocks = [list(b) for b in blocks]
    nb = len(blocks)
    ap_pos = {v: i for i, v in enumerate(sorted(aps))}
    size = nb + len(ap_pos)
    adj: list[list[int]] = [[] for _ in range(size)]
    for b, members in enumerate(blocks):
        for v in members:
            t = ap_pos.get(v)
            if t is not None:
                adj[b].append(nb + t)
                adj[nb + t].append(b)
    return blocks, ap_pos, adj


def _subtree_sums(
    adj: list[list[int]], w: np.ndarray, gw: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    size = len(adj)
    parent = np.full(size, -2, dtype=np.int64)
    root_of = np.zeros(size, dtype=np.int64)
    tot, gtot = w.copy(), gw.copy()
    for root in range(size):
        if parent[root] != -2:
            continue
        parent[root] = -1
        order: list[int] = []
        stack = [root]
        while stack:
            x = stack.pop()
            order.append(x)
            root_of[x] = root
            for y in adj[x]:
                if parent[y] == -2:
                    parent[y] = x
                    stack.append(y)
        for x in reversed(order[1:]):
            tot[parent[x]] += tot[x]
            gtot[parent[x]] += gtot[x]
    return parent, root_of, tot, gtot


def cut_points(G: nx.Graph[str], *, index: GraphIndex | None = None) -> CutPointResult:
    """Find cut points and bridges and what each would cut off.

    A node's removal splits its component into pieces; the largest (then the
    one with most groups) is taken as the rest of the network and the others
    as cut off (remaining ties are broken by the block-cut tree's order, which
    is fixed for a given graph). Pieces that are one person tied only to the
    node are left out, and an articulation point with nothing else to cut off
    is no cut point (:data:`CUT_POINT_RULE`).

    Parameters
    ----------
    G : networkx.Graph
        Community graph; nodes with ``kind == "group"`` count as groups.
    index : GraphIndex, optional
        Pre-built index of ``G``.

    Returns
    -------
    CutPointResult

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "b"), ("a", "e")])
    >>> res = cut_points(G)
    >>> sorted(res.points), res.points["b"].nodes_cut_off, res.points["b"].sole_link
    (['b'], 2, 0)
    >>> [(br.a, br.b, br.side_nodes) for br in res.bridges]
    [('a', 'b', 2), ('a', 'e', 1)]
    >>> res.sole_ties  # "a" is an articulation point, but only of its own one-tie person
    {'a': 1}
    """
    ix = index if index is not None else GraphIndex.from_graph(G)
    is_group = np.array([G.nodes[v].get("kind") == GROUP for v in ix.nodes], dtype=np.int64)
    blocks, ap_pos, adj = _tree(ix)
    nb = len(blocks)
    w = np.zeros(len(adj), dtype=np.int64)
    gw = np.zeros(len(adj), dtype=np.int64)
    for b, members in enumerate(blocks):
        plain = [v for v in members if v not in ap_pos]
        w[b] = len(plain)
        gw[b] = int(is_group[plain].sum()) if plain else 0
    for v, t in ap_pos.items():
        w[nb + t] = 1
        gw[nb + t] = is_group[v]
    parent, root_of, tot, gtot = _subtree_sums(adj, w, gw)
    degree = ix.degree
    # People with one tie, and whose one tie that is.
    lone = (degree == 1) & (is_group == 0)
    ends = np.concatenate([ix.dst[lone[ix.src]], ix.src[lone[ix.dst]]])
    sole = np.bincount(ends, minlength=ix.n) if ends.size else np.zeros(ix.n, dtype=np.int64)
    sole_ties = {ix.nodes[i]: int(sole[i]) for i in np.flatnonzero(sole)}

    points: dict[str, CutPoint] = {}
    seeds: dict[str, list[int]] = {}
    for v, t in ap_pos.items():
        x = nb + t
        pieces = [(int(tot[c]), int(gtot[c]), c) for c in adj[x] if parent[c] == x]
        if parent[x] >= 0:
            r = root_of[x]
            pieces.append((int(tot[r] - tot[x]), int(gtot[r] - gtot[x]), int(parent[x])))
        pieces.sort(key=lambda p: (-p[0], -p[1], p[2]))
        # A piece of one person (who then had no tie but this node) is not cut off.
        cut = [p for p in pieces[1:] if p[0] > 1 or p[1] > 0]
        if not cut:
            continue
        node = ix.nodes[v]
        points[node] = CutPoint(
            node=node,
            nodes_cut_off=sum(p[0] for p in cut),
            groups_cut_off=sum(p[1] for p in cut),
            pieces_cut_off=len(cut),
            sole_link=int(sole[v]),
        )
        # One vertex of each cut-off piece, to walk from when details are asked for.
        seeds[node] = [next(u for u in blocks[b] if u != v) for _, _, b in cut]

    bridges = []
    for b, members in enumerate(blocks):
        if len(members) != 2:
            continue
        x, y = members
        if parent[b] >= 0:
            side, gside = int(tot[b]), int(gtot[b])
        elif x in ap_pos or y in ap_pos:
            t = nb + ap_pos[x if x in ap_pos else y]
            side, gside = int(tot[t]), int(gtot[t])
        else:
            side, gside = 1, int(is_group[y])
        r = root_of[b]
        other, gother = int(tot[r]) - side, int(gtot[r]) - gside
        if (other, -gother) < (side, -gside):
            side, gside = other, gother
        a_, b_ = sorted((ix.nodes[x], ix.nodes[y]), key=str)
        bridges.append(Bridge(a_, b_, side, gside))
    bridges.sort(key=lambda br: (-br.side_groups, -br.side_nodes, str(br.a), str(br.b)))
    return CutPointResult(points, bridges, seeds, sole_ties)


def cut_off_pieces(
    G: nx.Graph[str], result: CutPointResult, node: str, *, index: GraphIndex | None = None
) -> list[Piece]:
    """List the members of each piece that removing ``node`` would cut off.

    Parameters
    ----------
    G : networkx.Graph
        The graph given to :func:`cut_points`.
    result : CutPointResult
        Output of :func:`cut_points` for ``G``.
    node : str
        A cut point (others cut nothing off and give ``[]``).
    index : GraphIndex, optional
        The index used for ``result``.

    Returns
    -------
    list of Piece
        Largest first; members sorted by id.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "b"), ("a", "e")])
    >>> cut_off_pieces(G, cut_points(G), "b")
    [Piece(nodes=('a', 'e'), groups=(), people=2)]
    """
    ix = index if index is not None else GraphIndex.from_graph(G)
    if node not in result._pieces_seed:
        return []
    A = ix.adjacency(False)
    banned = ix.index[node]
    pieces = []
    for seed in result._pieces_seed[node]:
        seen = {seed}
        queue = deque([seed])
        while queue:
            x = queue.popleft()
            for y in A.indices[A.indptr[x] : A.indptr[x + 1]].tolist():
                if y != banned and y not in seen:
                    seen.add(y)
                    queue.append(y)
        names = sorted((ix.nodes[i] for i in seen), key=str)
        groups = tuple(n for n in names if G.nodes[n].get("kind") == GROUP)
        pieces.append(Piece(tuple(names), groups, len(names) - len(groups)))
    pieces.sort(key=lambda p: (-len(p.nodes), p.nodes[0]))
    return pieces
