"""Input records and the weighted community graph built from them.

The records are plain data so that the engine never touches the database:
an adapter elsewhere turns rows into :class:`PersonInfo`, :class:`GroupInfo`,
:class:`Tie` and :class:`OpenNeed` values and hands them to
:func:`build_graph` (or straight to ``run_analysis``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import compress
from typing import Any

import networkx as nx
import numpy as np

from .indexed import GraphIndex

__all__ = [
    "FADE_DAYS",
    "GROUP",
    "NODE_RULE",
    "PERSON",
    "TIE_KINDS",
    "WEIGHT_RULE",
    "GroupInfo",
    "TieTable",
    "OpenNeed",
    "PersonInfo",
    "Tie",
    "build_graph",
    "graph_from_table",
    "graph_fingerprint",
    "tie_contribution",
    "tie_table",
]

PERSON = "person"
GROUP = "group"
TIE_KINDS = frozenset({"membership", "partnership", "helped", "introduction"})
FADE_DAYS = 365.0

WEIGHT_RULE = (
    "Every time two people or groups are linked (a membership, a partnership, a need met, "
    "an accepted introduction) counts once, and that count fades in a straight line to "
    "nothing over 365 days. A membership or partnership that is still active counts in "
    "full, however old. A tie's weight is the sum of its counts, so ties that are both "
    "recent and frequent are the strongest; ties not used for a year drop out of the graph."
)


NODE_RULE = (
    "The network is the people with at least one tie and every open group. A person with no tie "
    "(a new resident, a connector's own account) is not part of it: they are left out before any "
    "score is worked out, so they change nobody's score, and residents among them with open needs "
    "are listed as having nobody to turn to. A group with no tie yet is part of it: it is a group "
    "working alone, and it is counted and shown as such."
)


@dataclass(frozen=True, slots=True)
class PersonInfo:
    """A person node: ``id`` like ``"user:123"`` and a display ``label``."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class GroupInfo:
    """A group node with the ward codes it serves and the categories it helps with."""

    id: str
    label: str
    areas: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Tie:
    """One occurrence of a tie between two nodes.

    ``active`` marks a membership or partnership that is still in force; it
    then counts as current whatever ``at`` says.
    """

    a: str
    b: str
    kind: str
    at: datetime
    active: bool = False


@dataclass(frozen=True, slots=True)
class OpenNeed:
    """A resident's need that nobody has met yet."""

    person_id: str
    area: str
    category: str
    need_id: str | None = None


def tie_contribution(tie: Tie, now: datetime, fade_days: float = FADE_DAYS) -> float:
    """Return how much one tie occurrence adds to its edge's weight.

    Parameters
    ----------
    tie : Tie
        The occurrence.
    now : datetime
        The moment the graph describes; must match ``tie.at`` in timezone
        awareness.
    fade_days : float
        Age in days at which an occurrence stops counting.

    Returns
    -------
    float
        ``1.0`` for an active tie, otherwise ``1 - age / fade_days`` clipped
        to ``[0, 1]`` (an occurrence dated in the future counts as new).

    Examples
    --------
    >>> from datetime import datetime, timedelta
    >>> now = datetime(2025, 1, 1)
    >>> half_year_ago = now - timedelta(days=182.5)
    >>> tie_contribution(Tie("user:1", "group:1", "helped", half_year_ago), now)
    0.5
    >>> tie_contribution(Tie("user:1", "group:1", "membership", datetime(2020, 1, 1), True), now)
    1.0
    """
    if tie.active:
        return 1.0
    try:
        age_days = (now - tie.at).total_seconds() / 86400.0
    except TypeError as exc:
        raise ValueError("tie times and `now` must both be timezone-aware or both naive") from exc
    if age_days <= 0.0:
        return 1.0
    return 1.0 - age_days / fade_days if age_days < fade_days else 0.0


def build_graph(
    people: Iterable[PersonInfo],
    groups: Iterable[GroupInfo],
    ties: Iterable[Tie],
    *,
    now: datetime,
    fade_days: float = FADE_DAYS,
    network_only: bool = False,
) -> nx.Graph[str]:
    """Build the weighted, undirected community graph.

    The weighting is described by :data:`WEIGHT_RULE`. Nodes are added in
    sorted id order; edges follow the order of their first tie (every stage of
    the analysis sorts what it needs, so its results do not depend on it).
    Ties naming an unknown node, and self-ties, are skipped and counted in
    ``G.graph["skipped_ties"]`` (a deleted account should not break the page).

    Parameters
    ----------
    people, groups : iterable of PersonInfo, GroupInfo
        Every node, including people and groups with no ties.
    ties : iterable of Tie
        Tie occurrences; several occurrences of the same pair add up.
    now : datetime
        Reference time for the fading.
    fade_days : float
        Days after which an occurrence no longer counts.
    network_only : bool
        Leave out the people with no tie, as every stage of the analysis does
        (:data:`NODE_RULE`); by default every node is in the graph.

    Returns
    -------
    networkx.Graph
        Nodes carry ``kind`` and ``label``; groups also carry ``areas`` and
        ``categories`` (frozensets). Edges carry ``weight``, ``kinds``
        (sorted tuple) and ``occurrences``.

    Examples
    --------
    >>> from datetime import datetime, timedelta
    >>> now = datetime(2025, 1, 1)
    >>> G = build_graph(
    ...     [PersonInfo("user:1", "Ann")],
    ...     [GroupInfo("group:1", "Food Bank", frozenset({"W1"}), frozenset({"food"}))],
    ...     [Tie("user:1", "group:1", "membership", datetime(2019, 1, 1), active=True),
    ...      Tie("user:1", "group:1", "helped", now - timedelta(days=182.5))],
    ...     now=now,
    ... )
    >>> G.edges["user:1", "group:1"]["weight"], G.edges["user:1", "group:1"]["kinds"]
    (1.5, ('helped', 'membership'))
    >>> lone = [PersonInfo("user:1", "Ann"), PersonInfo("user:2", "Bo")]
    >>> sorted(build_graph(lone, [GroupInfo("group:1", "New group")], [], now=now, network_only=True))
    ['group:1']
    """
    table = tie_table(people, groups, ties, now=now, fade_days=fade_days)
    return graph_from_table(table, network_only=network_only)


@dataclass(frozen=True, eq=False)
class TieTable:
    """Every node and every tie of the community graph as arrays, before any graph is built.

    ``order`` is every node id, sorted; ``attrs[i]`` is node ``order[i]``'s attributes. Edge ``e``
    joins ``order[u[e]]`` and ``order[v[e]]`` (``u < v``), with ``weight[e]`` (rounded as the graph
    stores it), ``kinds[e]`` and ``occurrences[e]``, in the order of each pair's first tie.
    ``run_analysis`` reads the topology from here, so that sampled betweenness can start before the
    NetworkX graph, which takes most of the building time, exists.
    """

    order: list[str]
    attrs: list[dict[str, Any]]
    u: np.ndarray
    v: np.ndarray
    weight: list[float]
    kinds: list[tuple[str, ...]]
    occurrences: list[int]
    skipped: int

    def in_network(self) -> np.ndarray:
        """Which of ``order`` are part of the network (:data:`NODE_RULE`), as a boolean mask.

        Every group, and every person with at least one tie. The one place the rule is applied:
        the index and the graph the analysis works on are both cut by it.
        """
        n = len(self.order)
        kept = np.fromiter((a["kind"] == GROUP for a in self.attrs), dtype=bool, count=n)
        kept[self.u] = True
        kept[self.v] = True
        return kept

    def index(self) -> GraphIndex:
        """The :class:`GraphIndex` of the network (:meth:`in_network`), without building any graph.

        Equal to ``GraphIndex.from_graph(graph_from_table(table, network_only=True))``.
        """
        keep = self.in_network()
        renumber = np.cumsum(keep) - 1
        nodes = tuple(name for name, kept in zip(self.order, keep.tolist(), strict=True) if kept)
        # Renumbering keeps the order, so each edge still has its smaller id first.
        src, dst = renumber[self.u], renumber[self.v]
        w = np.array(self.weight, dtype=np.float64)
        edges = np.lexsort((dst, src))
        return GraphIndex(
            nodes, {name: i for i, name in enumerate(nodes)}, src[edges], dst[edges], w[edges]
        )


def tie_table(
    people: Iterable[PersonInfo],
    groups: Iterable[GroupInfo],
    ties: Iterable[Tie],
    *,
    now: datetime,
    fade_days: float = FADE_DAYS,
) -> TieTable:
    """The nodes and weighted ties of :func:`build_graph`, as a :class:`TieTable`."""
    nodes: dict[str, dict[str, Any]] = {}
    for p in people:
        nodes[p.id] = {"kind": PERSON, "label": p.label}
    for g in groups:
        if g.id in nodes and nodes[g.id]["kind"] != GROUP:
            raise ValueError(f"node id {g.id!r} is both a person and a group")
        nodes[g.id] = {
            "kind": GROUP,
            "label": g.label,
            "areas": frozenset(g.areas),
            "categories": frozenset(g.categories),
        }
    order = sorted(nodes)

    # The ties are accumulated with numpy (a county has over half a million): every
    # number is worked out with the same float operations, in the same order, as
    # :func:`tie_contribution` and a running sum per pair would.
    ties = ties if isinstance(ties, list | tuple) else list(ties)
    count = len(ties)
    bad = {t.kind for t in ties} - TIE_KINDS
    if bad:
        raise ValueError(f"unknown tie kind {next(t.kind for t in ties if t.kind in bad)!r}")
    where = {n: i for i, n in enumerate(order)}.get
    a = np.fromiter((where(t.a, -1) for t in ties), dtype=np.int64, count=count)
    b = np.fromiter((where(t.b, -1) for t in ties), dtype=np.int64, count=count)
    ok = (a >= 0) & (b >= 0) & (a != b)
    skipped = count - int(ok.sum())
    w = np.ones(count)
    dated = ok & ~np.fromiter((t.active for t in ties), dtype=bool, count=count)
    if dated.any():
        try:
            ages = [now - ties[k].at for k in np.flatnonzero(dated).tolist()]
        except TypeError as exc:
            raise ValueError(
                "tie times and `now` must both be timezone-aware or both naive"
            ) from exc
        # Microseconds are exact in float64, so this is timedelta.total_seconds().
        days = np.array(ages, dtype="timedelta64[us]").astype(np.int64) / 1e6 / 86400.0
        w[dated] = np.where(days <= 0.0, 1.0, np.where(days < fade_days, 1.0 - days / fade_days, 0.0))
    kind_bit = {k: 1 << n for n, k in enumerate(sorted(TIE_KINDS))}
    bits = np.fromiter((kind_bit[t.kind] for t in ties), dtype=np.int64, count=count)[ok]
    lo, hi, w = np.minimum(a, b)[ok], np.maximum(a, b)[ok], w[ok]
    # One entry per pair (node order is id order, so lo is the smaller id), in the
    # order of its first tie; bincount adds each pair's weights in arrival order.
    pairs, first, inverse = np.unique(lo * len(order) + hi, return_index=True, return_inverse=True)
    total = np.bincount(inverse, weights=w, minlength=len(pairs))
    occurrences = np.bincount(inverse, minlength=len(pairs))
    kinds = np.zeros(len(pairs), dtype=np.int64)
    np.bitwise_or.at(kinds, inverse, bits)
    names = {m: tuple(k for k in sorted(TIE_KINDS) if m & kind_bit[k]) for m in np.unique(kinds).tolist()}
    keep = np.argsort(first)
    keep = keep[total[keep] > 0.0]
    u, v = pairs[keep] // len(order), pairs[keep] % len(order)
    # Weights are rounded (Python's round, as before) so that float sums do not
    # depend on the order the ties arrived in (which would otherwise reach
    # community detection).
    return TieTable(
        order=order,
        attrs=[nodes[n] for n in order],
        u=u,
        v=v,
        weight=[round(x, 12) for x in total[keep].tolist()],
        kinds=[names[m] for m in kinds[keep].tolist()],
        occurrences=occurrences[keep].tolist(),
        skipped=skipped,
    )


def graph_from_table(table: TieTable, *, network_only: bool = False) -> nx.Graph[str]:
    """The NetworkX graph of a :class:`TieTable`: :func:`build_graph`'s graph, every node included.

    With ``network_only`` it holds only the network (:meth:`TieTable.in_network`): the people with no
    tie are never added. That is the graph every stage of the analysis works on.
    """
    G: nx.Graph[str] = nx.Graph()
    order = table.order
    nodes: Iterable[tuple[str, dict[str, Any]]] = zip(order, table.attrs, strict=True)
    if network_only:
        nodes = compress(nodes, table.in_network().tolist())
    G.add_nodes_from(nodes)
    G.add_edges_from(
        (order[a], order[b], {"weight": x, "kinds": k, "occurrences": c})
        for a, b, x, k, c in zip(
            table.u.tolist(),
            table.v.tolist(),
            table.weight,
            table.kinds,
            table.occurrences,
            strict=True,
        )
    )
    G.graph["skipped_ties"] = table.skipped
    return G


def graph_fingerprint(G: nx.Graph[str], *, digits: int = 6, index: GraphIndex | None = None) -> str:
    """Return a stable hash of the graph's nodes, node attributes and weighted edges.

    Independent of insertion order; weights are rounded to ``digits`` so
    float noise does not invalidate caches. Self-loops are ignored, as they
    are everywhere in the analysis.

    Parameters
    ----------
    G : networkx.Graph
        A graph from :func:`build_graph` (any undirected graph works).
    digits : int
        Decimal places kept from each weight.
    index : GraphIndex, optional
        Pre-built index of ``G``.

    Returns
    -------
    str
        64 hex characters (SHA-256).

    Examples
    --------
    >>> A = nx.Graph([("a", "b", {"weight": 1.0}), ("b", "c", {"weight": 0.5})])
    >>> B = nx.Graph([("c", "b", {"weight": 0.5000000001}), ("b", "a", {"weight": 1.0})])
    >>> graph_fingerprint(A) == graph_fingerprint(B)
    True
    >>> len(graph_fingerprint(A))
    64
    """
    ix = index if index is not None else GraphIndex.from_graph(G)
    h = hashlib.sha256()
    # The index sorts nodes and edges, so its arrays are already canonical;
    # repr() of tuples of str is unambiguous even for labels with newlines.
    nodes = G.nodes
    h.update(
        "\n".join(
            repr(
                (
                    str(n),
                    nodes[n].get("kind"),
                    nodes[n].get("label"),
                    tuple(sorted(nodes[n].get("areas", ()))),
                    tuple(sorted(nodes[n].get("categories", ()))),
                )
            )
            for n in ix.nodes
        ).encode()
    )
    h.update(b"\n--\n")
    h.update(ix.src.astype("<i8").tobytes())
    h.update(ix.dst.astype("<i8").tobytes())
    # Adding 0.0 turns -0.0 into 0.0 so both hash alike.
    h.update((np.round(ix.weight, digits) + 0.0).astype("<f8").tobytes())
    return h.hexdigest()
