"""What happens if a person or group drops out, and who matters most.

Removing a node can (a) leave a ward x category cell with no group at all
(the node was its only serving group) and (b) cut pieces of the network off
from the rest, so that the groups in them, and the cells only they serve,
lose their connection. Harm, used by :func:`most_critical`, is the number of
groups cut off plus the number of cells left with no group; ties are broken
by the number of nodes cut off.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx

from .communities import CommunityResult
from .cutpoints import CutPointResult, cut_off_pieces, cut_points
from .graph import GROUP, GroupInfo
from .indexed import GraphIndex
from .services import ServiceIndex
from .text import count, join_names, name_of

__all__ = ["RemovalImpact", "most_critical", "what_if_removed"]


@dataclass(frozen=True)
class RemovalImpact:
    """The effect of removing one node.

    ``cells_left_without_group``: cells whose only serving group is the node.
    ``cells_cut_off``: cells still served, but only by groups that would be
    cut off. ``communities_disconnected``: pairs of communities with groups
    that reach each other now but would not. ``sole_tie_people``: people whose
    only tie is the node; they are not counted as cut off (see
    :data:`.cutpoints.CUT_POINT_RULE`) but would be left with no tie at all.
    """

    node: str
    label: str
    kind: str
    harm: int
    nodes_cut_off: int
    people_cut_off: int
    groups_cut_off: tuple[str, ...]
    cells_left_without_group: tuple[tuple[str, str], ...]
    cells_cut_off: tuple[tuple[str, str], ...]
    communities_disconnected: tuple[tuple[int, int], ...]
    group_pairs_disconnected: int
    reason: str
    sole_tie_people: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


def _services(G: nx.Graph[str], groups: Iterable[GroupInfo] | ServiceIndex | None) -> ServiceIndex:
    if isinstance(groups, ServiceIndex):
        return groups
    if groups is None:
        return ServiceIndex.from_graph(G)
    H: nx.Graph[str] = nx.Graph()
    for g in groups:
        H.add_node(g.id, kind=GROUP, label=g.label, areas=g.areas, categories=g.categories)
    return ServiceIndex.from_graph(H)


def what_if_removed(
    G: nx.Graph[str],
    node: str,
    groups: Iterable[GroupInfo] | ServiceIndex | None = None,
    *,
    communities: CommunityResult | None = None,
    cuts: CutPointResult | None = None,
    index: GraphIndex | None = None,
    area_names: Mapping[str, str] | None = None,
    category_names: Mapping[str, str] | None = None,
) -> RemovalImpact:
    """Describe what removing ``node`` would do to coverage and connections.

    Parameters
    ----------
    G : networkx.Graph
        Community graph.
    node : str
        The person or group to remove.
    groups : iterable of GroupInfo or ServiceIndex, optional
        Who serves what; read from ``G``'s group nodes if omitted.
    communities : CommunityResult, optional
        Needed to report disconnected community pairs.
    cuts, index : optional
        Pre-computed :func:`.cutpoints.cut_points` result and index of ``G``.
    area_names, category_names : mapping, optional
        Display names for the reason.

    Returns
    -------
    RemovalImpact

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("group:1", kind="group", label="Hub", areas=frozenset({"W1"}),
    ...            categories=frozenset({"food"}))
    >>> G.add_node("group:2", kind="group", label="Edge", areas=frozenset({"W1"}),
    ...            categories=frozenset({"legal"}))
    >>> G.add_node("user:1", kind="person", label="Al")
    >>> G.add_node("user:2", kind="person", label="Bea")
    >>> G.add_edges_from([("group:1", "user:1"), ("user:1", "group:2"), ("group:1", "user:2")])
    >>> impact = what_if_removed(G, "user:1")
    >>> impact.groups_cut_off, impact.cells_cut_off, impact.group_pairs_disconnected
    (('group:2',), (('W1', 'legal'),), 1)
    """
    if node not in G:
        raise ValueError(f"{node!r} is not in the graph")
    ix = index if index is not None else GraphIndex.from_graph(G)
    svc = _services(G, groups)
    cuts = cuts if cuts is not None else cut_points(G, index=ix)
    pieces = cut_off_pieces(G, cuts, node, index=ix)
    cut_groups = tuple(g for p in pieces for g in p.groups)
    nodes_cut = sum(len(p.nodes) for p in pieces)
    own_cells = svc.cells_of(node) if node in svc.areas else []
    left_without = tuple(c for c in own_cells if svc.by_cell.get(c) == (node,))

    cut_set = set(cut_groups)
    touched = {c for g in cut_groups for c in svc.cells_of(g)}
    cells_cut = tuple(
        sorted(
            c
            for c in touched
            if all(g in cut_set or g == node for g in svc.by_cell[c]) and c not in left_without
        )
    )

    # Groups in the remaining main piece: all groups of the component except
    # the node itself and the cut-off ones.
    labels = ix.components()
    home = labels[ix.index[node]]
    main_groups = [
        g
        for g in svc.groups
        if pieces and g in ix.index and labels[ix.index[g]] == home
        if g not in cut_set and g != node
    ]
    sizes = [len(p.groups) for p in pieces] + [len(main_groups)]
    pairs = sum(sizes[x] * sizes[y] for x in range(len(sizes)) for y in range(x + 1, len(sizes)))

    disconnected: set[tuple[int, int]] = set()
    if communities is not None and pieces:
        m = communities.membership
        holders = [Counter(m[g] for g in p.groups) for p in pieces] + [
            Counter(m[g] for g in main_groups)
        ]
        together = {(x, y) for h in holders for x in h for y in h if x < y}
        every = sorted({c for h in holders for c in h})
        disconnected = {(x, y) for x in every for y in every if x < y and (x, y) not in together}

    harm = len(cut_groups) + len(left_without)
    label = G.nodes[node].get("label", str(node))
    sole = cuts.sole_ties.get(node, 0)
    reason = _reason(
        label, nodes_cut, cut_groups, left_without, cells_cut, svc, area_names, category_names, sole
    )
    return RemovalImpact(
        node=node,
        label=label,
        kind=G.nodes[node].get("kind", "person"),
        harm=harm,
        nodes_cut_off=nodes_cut,
        people_cut_off=nodes_cut - len(cut_groups),
        groups_cut_off=cut_groups,
        cells_left_without_group=left_without,
        cells_cut_off=cells_cut,
        communities_disconnected=tuple(sorted(disconnected)),
        group_pairs_disconnected=pairs,
        reason=reason,
        sole_tie_people=sole,
    )


def _reason(
    label: str,
    nodes_cut: int,
    cut_groups: tuple[str, ...],
    left_without: tuple[tuple[str, str], ...],
    cells_cut: tuple[tuple[str, str], ...],
    svc: ServiceIndex,
    area_names: Mapping[str, str] | None,
    cat_names: Mapping[str, str] | None,
    sole: int = 0,
) -> str:
    def cells(cs: Iterable[tuple[str, str]]) -> str:
        return join_names([f"{name_of(c, cat_names)} in {name_of(a, area_names)}" for a, c in cs])

    parts: list[str] = []
    if left_without:
        parts.append(f"{label} is the only group offering {cells(left_without)}")
    if cut_groups:
        names = join_names([svc.labels.get(g, g) for g in cut_groups])
        parts.append(
            f"without {label}, {count(len(cut_groups), 'group')} ({names}) "
            "would lose their link to the rest of the network"
        )
    elif nodes_cut:
        parts.append(
            f"without {label}, {count(nodes_cut, 'person', 'people')} with ties of their own "
            "would lose touch with the rest of the network"
        )
    if cells_cut:
        parts.append(f"help with {cells(cells_cut)} would then only come from groups cut off")
    if sole:
        who = "1 person" if sole == 1 else f"{sole} people"
        parts.append(f"{who} whose only tie is {label} would have none left")
    if not parts:
        return f"Nobody would be cut off if {label} left."
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def most_critical(
    G: nx.Graph[str],
    groups: Iterable[GroupInfo] | ServiceIndex | None = None,
    *,
    top: int = 10,
    communities: CommunityResult | None = None,
    cuts: CutPointResult | None = None,
    index: GraphIndex | None = None,
    area_names: Mapping[str, str] | None = None,
    category_names: Mapping[str, str] | None = None,
) -> list[RemovalImpact]:
    """The ``top`` nodes whose removal would do most harm (see module docstring).

    Only articulation points and sole serving groups can do harm, so only they
    are scored; the full :func:`what_if_removed` is run for the winners.

    Parameters
    ----------
    G : networkx.Graph
        Community graph.
    groups : iterable of GroupInfo or ServiceIndex, optional
        Who serves what; read from ``G`` if omitted.
    top : int
        How many nodes to return.
    communities, cuts, index : optional
        Pre-computed results for ``G``.
    area_names, category_names : mapping, optional
        Display names for the reasons.

    Returns
    -------
    list of RemovalImpact
        Most harmful first; nodes that would do no harm are left out.

    Examples
    --------
    >>> G = nx.Graph([("group:1", "user:1"), ("user:1", "group:2"), ("group:2", "user:2")])
    >>> for n in G:
    ...     G.nodes[n].update(kind=n.split(":")[0], label=n)
    >>> [(i.node, i.harm) for i in most_critical(G)]
    [('user:1', 1)]
    """
    ix = index if index is not None else GraphIndex.from_graph(G)
    svc = _services(G, groups)
    cuts = cuts if cuts is not None else cut_points(G, index=ix)
    sole = Counter(svc.sole_server.values())
    scores: dict[str, tuple[int, int, str]] = {}
    for node in set(cuts.points) | set(sole):
        point = cuts.points.get(node)
        groups_cut = point.groups_cut_off if point else 0
        nodes_cut = point.nodes_cut_off if point else 0
        harm = groups_cut + sole.get(node, 0)
        if harm:
            scores[node] = (-harm, -nodes_cut, str(node))
    winners = sorted(scores, key=scores.__getitem__)[:top]
    return [
        what_if_removed(
            G,
            n,
            svc,
            communities=communities,
            cuts=cuts,
            index=ix,
            area_names=area_names,
            category_names=category_names,
        )
        for n in winners
    ]
