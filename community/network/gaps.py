"""Gaps in the network: structural holes, isolated groups, residents nobody knows.

* A *structural hole* is a pair of communities (of two or more nodes) whose
  groups serve at least one ward in common but that have at most
  ``max_ties`` ties between them.
* An *isolated group* has no tie to another group and no tie other than
  membership (so no partnership, introduction or need met).
* An *unconnected resident* has an open need and no tie to anyone.

The coverage rule lives in :mod:`.coverage` and is re-exported here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx
import numpy as np

from .communities import CommunityResult
from .coverage import COVERAGE_RULE, CoverageCell, coverage_status
from .graph import GROUP, OpenNeed
from .indexed import GraphIndex
from .services import ServiceIndex
from .text import count, join_names, name_of

__all__ = [
    "COVERAGE_RULE",
    "CoverageCell",
    "IsolatedGroup",
    "StructuralHole",
    "UnconnectedResident",
    "coverage_status",
    "isolated_groups",
    "structural_holes",
    "unconnected_residents",
]


@dataclass(frozen=True)
class StructuralHole:
    """Two communities serving the same wards with (almost) no ties between them."""

    community_a: int
    community_b: int
    shared_areas: tuple[str, ...]
    ties_between: int
    groups_a: tuple[str, ...]
    groups_b: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class IsolatedGroup:
    """A group with no partnerships and nothing but membership ties."""

    group: str
    label: str
    members: int
    areas: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class UnconnectedResident:
    """A resident with open needs and no tie to anyone, and groups that could help."""

    person: str
    needs: tuple[tuple[str, str], ...]
    could_help: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


def _ties_between(ix: GraphIndex, membership: Mapping[str, int]) -> dict[tuple[int, int], int]:
    labels = np.array([membership[v] for v in ix.nodes], dtype=np.int64)
    a, b = labels[ix.src], labels[ix.dst]
    cross = a != b
    lo, hi = np.minimum(a[cross], b[cross]), np.maximum(a[cross], b[cross])
    keys, counts = np.unique(lo * (labels.max() + 1) + hi, return_counts=True)
    k = labels.max() + 1
    return {(int(x // k), int(x % k)): int(c) for x, c in zip(keys, counts, strict=True)}


def structural_holes(
    G: nx.Graph[str],
    communities: CommunityResult,
    *,
    max_ties: int = 1,
    services: ServiceIndex | None = None,
    index: GraphIndex | None = None,
    area_names: Mapping[str, str] | None = None,
) -> list[StructuralHole]:
    """Pairs of communities serving a common ward with at most ``max_ties`` ties.

    Parameters
    ----------
    G : networkx.Graph
        Community graph.
    communities : CommunityResult
        Output of :func:`.communities.detect_communities` for ``G``.
    max_ties : int
        Most ties two communities may have and still count as a hole.
    services, index : optional
        Pre-built lookups for ``G``.
    area_names : mapping, optional
        Display names for ward codes.

    Returns
    -------
    list of StructuralHole
        Most shared wards first, then most groups involved.

    Examples
    --------
    >>> from .communities import detect_communities
    >>> G = nx.Graph()
    >>> for i in range(4):
    ...     G.add_node(f"group:{i}", kind="group", label=f"G{i}", areas=frozenset({"W1"}),
    ...                categories=frozenset())
    >>> G.add_edges_from([("group:0", "group:1"), ("group:2", "group:3")])
    >>> [(h.shared_areas, h.ties_between) for h in structural_holes(G, detect_communities(G))]
    [(('W1',), 0)]
    """
    ix = index if index is not None else GraphIndex.from_graph(G)
    svc = services if services is not None else ServiceIndex.from_graph(G)
    membership = communities.membership
    # A group on its own is an isolated group, reported as such, not a hole.
    listed = {c.id for c in communities.communities}
    comm_groups: dict[int, list[str]] = defaultdict(list)
    for g in svc.groups:
        if membership[g] in listed:
            comm_groups[membership[g]].append(g)
    comm_areas = {c: set().union(*(svc.areas[g] for g in gs)) for c, gs in comm_groups.items()}
    by_area: dict[str, list[int]] = defaultdict(list)
    for c in sorted(comm_areas):
        for a in comm_areas[c]:
            by_area[a].append(c)
    pairs = {(x, y) for cs in by_area.values() for i, x in enumerate(cs) for y in cs[i + 1 :]}
    ties = _ties_between(ix, membership) if ix.src.size else {}
    names = {c.id: c.label for c in communities.communities}

    holes = []
    for x, y in sorted(pairs):
        n_ties = ties.get((x, y), 0)
        if n_ties > max_ties:
            continue
        shared = tuple(sorted(comm_areas[x] & comm_areas[y]))
        s = set(shared)
        ga = tuple(g for g in comm_groups[x] if svc.areas[g] & s)
        gb = tuple(g for g in comm_groups[y] if svc.areas[g] & s)
        where = join_names([name_of(a, area_names) for a in shared])
        label_x, label_y = names[x], names[y]
        link = "no tie" if n_ties == 0 else f"only {count(n_ties, 'tie')}"
        holes.append(
            StructuralHole(
                x,
                y,
                shared,
                n_ties,
                ga,
                gb,
                f"{count(len(ga), 'group')} in the {label_x} cluster and {len(gb)} in the "
                f"{label_y} cluster all serve {where}, but the two clusters have {link} "
                "between them.",
            )
        )
    holes.sort(
        key=lambda h: (
            -len(h.shared_areas),
            -(len(h.groups_a) + len(h.groups_b)),
            h.community_a,
            h.community_b,
        )
    )
    return holes


def isolated_groups(
    G: nx.Graph[str], *, area_names: Mapping[str, str] | None = None
) -> list[IsolatedGroup]:
    """Groups with no group-to-group tie whose only ties (if any) are memberships.

    Parameters
    ----------
    G : networkx.Graph
        Community graph; edges carry ``kinds`` as built by ``build_graph``.
    area_names : mapping, optional
        Display names for ward codes.

    Returns
    -------
    list of IsolatedGroup
        Sorted by group id.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("group:1", kind="group", label="Quiet Club", areas=frozenset({"W1"}))
    >>> G.add_node("user:1", kind="person", label="Ann")
    >>> G.add_edge("group:1", "user:1", kinds=("membership",))
    >>> [(g.group, g.members, g.reason) for g in isolated_groups(G)]
    [('group:1', 1, 'Quiet Club has 1 member but no partnerships, introductions or needs met.')]
    """
    out = []
    for g in sorted((n for n, d in G.nodes(data=True) if d.get("kind") == GROUP), key=str):
        kinds: set[str] = set()
        to_group = False
        for nbr, d in G[g].items():
            kinds.update(d.get("kinds", ()))
            to_group = to_group or G.nodes[nbr].get("kind") == GROUP
        if to_group or kinds - {"membership"}:
            continue
        label = G.nodes[g].get("label", str(g))
        members = G.degree(g)
        areas = tuple(sorted(G.nodes[g].get("areas", ())))
        where = join_names([name_of(a, area_names) for a in areas]) or "no listed ward"
        if members == 0:
            reason = f"{label} ({where}) has no ties to anyone in the network."
        else:
            reason = (
                f"{label} has {count(members, 'member')} but no partnerships, introductions "
                "or needs met."
            )
        out.append(IsolatedGroup(g, label, members, areas, reason))
    return out


def unconnected_residents(
    G: nx.Graph[str],
    open_needs: Iterable[OpenNeed],
    *,
    services: ServiceIndex | None = None,
    suggestions: int = 3,
) -> list[UnconnectedResident]:
    """Residents with open needs who have no tie to anyone.

    Parameters
    ----------
    G : networkx.Graph
        Community graph; residents missing from it count as having no tie.
    open_needs : iterable of OpenNeed
        Every open need.
    services : ServiceIndex, optional
        Pre-built lookup of who serves what.
    suggestions : int
        How many groups to suggest per resident.

    Returns
    -------
    list of UnconnectedResident
        Sorted by person id; ``could_help`` lists groups serving any of the
        resident's ward and category pairs, best-connected first.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("user:9", kind="person", label="Bo")
    >>> G.add_node("group:1", kind="group", label="Pantry", areas=frozenset({"W1"}),
    ...            categories=frozenset({"food"}))
    >>> [r.could_help for r in unconnected_residents(G, [OpenNeed("user:9", "W1", "food")])]
    [('group:1',)]
    """
    svc = services if services is not None else ServiceIndex.from_graph(G)
    needs: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for need in open_needs:
        if need.person_id not in G or G.degree(need.person_id) == 0:
            needs[need.person_id].add((need.area, need.category))
    out = []
    for person in sorted(needs):
        cells = tuple(sorted(needs[person]))
        helpers = {g for cell in cells for g in svc.by_cell.get(cell, ())}
        ranked = sorted(helpers, key=lambda g: (-G.degree(g), str(g)))[:suggestions]
        out.append(UnconnectedResident(person, cells, tuple(ranked)))
    return out
