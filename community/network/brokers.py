"""Brokers: the people and groups that hold the network together.

Brokers are ranked by betweenness. Each one is described with Burt's
constraint and effective size, what removing them would cut off, and a
plain-language reason built from the wards of the groups on either side.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx
import numpy as np

from .betweenness import BetweennessResult
from .communities import CommunityResult
from .cutpoints import CutPointResult, cut_off_pieces
from .graph import GROUP
from .indexed import GraphIndex
from .text import count, ward_list

__all__ = ["Broker", "broker_reason", "rank_brokers"]


@dataclass(frozen=True)
class Broker:
    """One broker; ``constraint`` and ``effective_size`` are ``None`` for isolated nodes."""

    node: str
    label: str
    kind: str
    rank: int
    betweenness: float
    constraint: float | None
    effective_size: float | None
    degree: int
    community: int
    articulation_point: bool
    nodes_cut_off: int
    people_cut_off: int
    groups_cut_off: tuple[str, ...]
    sole_link: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


def _nearby_groups(G: nx.Graph[str], v: str) -> tuple[list[str], int]:
    """Groups tied to ``v``; if fewer than two, those reached through its people.

    Returns the groups and how many people they were reached through (0 when
    they are ``v``'s own ties).
    """
    direct = [u for u in G[v] if G.nodes[u].get("kind") == GROUP]
    if len(direct) >= 2:
        return sorted(direct, key=str), 0
    people = [u for u in G[v] if G.nodes[u].get("kind") != GROUP]
    found = set(direct)
    for u in people:
        found.update(w for w in G[u] if G.nodes[w].get("kind") == GROUP)
    found.discard(v)
    return sorted(found, key=str), len(people)


def _side_wards(groups: list[str], G: nx.Graph[str]) -> frozenset[str]:
    return frozenset(a for g in groups for a in G.nodes[g].get("areas", ()))


def _lose_touch(label: str, groups: int, people: int) -> str:
    who = []
    if groups:
        who.append(count(groups, "group"))
    if people:
        who.append(count(people, "person", "people"))
    return f"without {label}, {' and '.join(who)} would lose touch with the rest"


def broker_reason(
    G: nx.Graph[str],
    node: str,
    membership: Mapping[str, int],
    *,
    groups_cut_off: int = 0,
    people_cut_off: int = 0,
    sole_link: int = 0,
    area_names: Mapping[str, str] | None = None,
) -> str:
    """Explain in one sentence why ``node`` is a broker.

    The node's own groups (or, if it has fewer than two, the groups of the
    people it is tied to) are split by community; each side is named by every
    ward its groups serve (:func:`.text.ward_list`: ``"Ashby and Elmwood"``,
    ``"3 wards: A, B and C"``), and sides serving the same wards are counted
    together. Sides past the second are named together.

    Parameters
    ----------
    G : networkx.Graph
        Community graph.
    node : str
        The broker.
    membership : mapping
        Community of each node.
    groups_cut_off, people_cut_off : int
        Who would lose touch without the node (:class:`.cutpoints.CutPoint`).
    sole_link : int
        People whose only tie is the node; mentioned when nobody else would
        lose touch.
    area_names : mapping, optional
        Display names for ward codes.

    Returns
    -------
    str
        One sentence, no full stop, built only from the data.

    Examples
    --------
    >>> G = nx.Graph()
    >>> for g, w in [("group:1", {"N"}), ("group:2", {"N", "H"}), ("group:3", {"S"})]:
    ...     G.add_node(g, kind="group", label=g, areas=frozenset(w))
    >>> G.add_node("user:1", kind="person", label="Priya")
    >>> G.add_edges_from([("user:1", "group:1"), ("user:1", "group:2"), ("user:1", "group:3")])
    >>> text = broker_reason(G, "user:1", {"group:1": 0, "group:2": 0, "group:3": 1}, groups_cut_off=1,
    ...                      area_names={"N": "Northbrook", "S": "Sandmere", "H": "Hollins"})
    >>> for part in text.split("; "):
    ...     print(part)
    links 2 groups in Hollins and Northbrook with 1 in Sandmere
    without Priya, 1 group would lose touch with the rest
    """
    label = G.nodes[node].get("label", str(node))
    nearby, via = _nearby_groups(G, node)
    sides: dict[int, list[str]] = defaultdict(list)
    for g in nearby:
        sides[membership.get(g, -1)].append(g)
    # Each community side is named by every ward its groups serve; two
    # communities serving the same wards are one side of the sentence.
    by_wards: Counter[frozenset[str]] = Counter()
    for gs in sides.values():
        by_wards[_side_wards(gs, G)] += len(gs)
    named = sorted(
        ((k, ward_list(w, area_names), w) for w, k in by_wards.items()), key=lambda x: (-x[0], x[1])
    )
    if len(named) >= 2:
        (k1, first, _w1), (k2, second, _w2) = named[:2]
        text = f"links {count(k1, 'group')} in {first} with {k2} in {second}"
        if via:
            text = f"through {count(via, 'contact')}, " + text
        if len(named) > 2:
            rest = sum(k for k, _n, _w in named[2:])
            wards = frozenset().union(*(w for _k, _n, w in named[2:]))
            text += f" and {rest} more in {ward_list(wards, area_names)}"
    elif named:
        k, where, _w = named[0]
        text = f"is tied to {count(k, 'group')} in {where}"
        if via:
            text = f"through {count(via, 'contact')}, reaches {count(k, 'group')} in {where}"
        if len(sides) > 1:
            text += f" across {count(len(sides), 'cluster')}"
    else:
        clusters = {membership.get(u, -1) for u in G[node]}
        text = (
            f"links {count(G.degree(node), 'person', 'people')} across "
            f"{count(len(clusters), 'cluster')}"
        )
    if groups_cut_off or people_cut_off:
        text += "; " + _lose_touch(label, groups_cut_off, people_cut_off)
    elif sole_link:
        text += f"; {label} is the only tie of {count(sole_link, 'person', 'people')}"
    return text


def _clean(x: float) -> float | None:
    return None if math.isnan(x) else round(float(x), 6)


def rank_brokers(
    G: nx.Graph[str],
    between: BetweennessResult,
    constraint: np.ndarray,
    effective_size: np.ndarray,
    communities: CommunityResult,
    cuts: CutPointResult,
    *,
    top: int = 50,
    index: GraphIndex | None = None,
    area_names: Mapping[str, str] | None = None,
) -> list[Broker]:
    """The ``top`` nodes by betweenness, each with measures and a reason.

    Parameters
    ----------
    G : networkx.Graph
        Community graph.
    between : BetweennessResult
        Betweenness of ``G`` computed on ``index``.
    constraint, effective_size : numpy.ndarray
        Aligned with ``index.nodes`` (see
        :func:`.structural_holes.burt_from_index`).
    communities : CommunityResult
        Communities of ``G``.
    cuts : CutPointResult
        Cut points of ``G``.
    top : int
        How many brokers to return; nodes with zero betweenness never are.
    index : GraphIndex, optional
        The index the arrays are aligned with.
    area_names : mapping, optional
        Display names for ward codes.

    Returns
    -------
    list of Broker
        Highest betweenness first.

    Examples
    --------
    >>> from .betweenness import betweenness
    >>> from .communities import detect_communities
    >>> from .cutpoints import cut_points
    >>> G = nx.path_graph(["a", "b", "c"])
    >>> ix = GraphIndex.from_graph(G)
    >>> nan = np.full(3, np.nan)
    >>> [b.node for b in rank_brokers(G, betweenness(G, index=ix), nan, nan,
    ...  detect_communities(G, index=ix), cut_points(G, index=ix), index=ix)]
    ['b']
    """
    ix = index if index is not None else GraphIndex.from_graph(G)
    if tuple(between.nodes) != tuple(ix.nodes):
        raise ValueError("betweenness was computed on a different node order")
    membership = communities.membership
    degree = ix.degree
    out = []
    for rank, node in enumerate(between.ranking(top), start=1):
        i = ix.index[node]
        if between.values[i] <= 0:
            break
        point = cuts.points.get(node)
        cut_groups: tuple[str, ...] = ()
        if point is not None and point.groups_cut_off:
            pieces = cut_off_pieces(G, cuts, node, index=ix)
            cut_groups = tuple(g for p in pieces for g in p.groups)
        people_cut = point.people_cut_off if point else 0
        sole = cuts.sole_ties.get(node, 0)
        out.append(
            Broker(
                node=node,
                label=G.nodes[node].get("label", str(node)),
                kind=G.nodes[node].get("kind", "person"),
                rank=rank,
                betweenness=round(float(between.values[i]), 8),
                constraint=_clean(constraint[i]),
                effective_size=_clean(effective_size[i]),
                degree=int(degree[i]),
                community=int(membership[node]),
                articulation_point=point is not None,
                nodes_cut_off=point.nodes_cut_off if point else 0,
                people_cut_off=people_cut,
                groups_cut_off=cut_groups,
                sole_link=sole,
                reason=broker_reason(
                    G,
                    node,
                    membership,
                    groups_cut_off=len(cut_groups),
                    people_cut_off=people_cut,
                    sole_link=sole,
                    area_names=area_names,
                ),
            )
        )
    return out
