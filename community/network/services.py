"""Which groups serve which wards and categories, read off the graph's group nodes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from .graph import GROUP

__all__ = ["ServiceIndex"]


@dataclass(frozen=True)
class ServiceIndex:
    """Lookup tables over the groups in a graph; every list is sorted by group id.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("group:1", kind="group", label="A", areas=frozenset({"W1", "W2"}),
    ...            categories=frozenset({"food"}))
    >>> G.add_node("group:2", kind="group", label="B", areas=frozenset({"W2"}),
    ...            categories=frozenset({"food", "housing"}))
    >>> ix = ServiceIndex.from_graph(G)
    >>> ix.by_area["W2"], ix.by_cell[("W2", "food")], ix.sole_server[("W2", "housing")]
    (('group:1', 'group:2'), ('group:1', 'group:2'), 'group:2')
    """

    groups: tuple[str, ...]
    areas: dict[str, frozenset[str]]
    categories: dict[str, frozenset[str]]
    labels: dict[str, str]
    by_area: dict[str, tuple[str, ...]]
    by_cell: dict[tuple[str, str], tuple[str, ...]]

    @classmethod
    def from_graph(cls, G: nx.Graph[str]) -> ServiceIndex:
        """Index every node with ``kind == "group"``."""
        groups = tuple(sorted((n for n, d in G.nodes(data=True) if d.get("kind") == GROUP), key=str))
        areas = {g: frozenset(G.nodes[g].get("areas", ())) for g in groups}
        cats = {g: frozenset(G.nodes[g].get("categories", ())) for g in groups}
        labels = {g: G.nodes[g].get("label", str(g)) for g in groups}
        by_area: dict[str, list[str]] = defaultdict(list)
        by_cell: dict[tuple[str, str], list[str]] = defaultdict(list)
        for g in groups:
            for a in areas[g]:
                by_area[a].append(g)
                for c in cats[g]:
                    by_cell[a, c].append(g)
        return cls(
            groups,
            areas,
            cats,
            labels,
            {a: tuple(v) for a, v in sorted(by_area.items())},
            {k: tuple(v) for k, v in sorted(by_cell.items())},
        )

    @property
    def sole_server(self) -> dict[tuple[str, str], str]:
        """Ward x category cells served by exactly one group, and that group."""
        return {cell: gs[0] for cell, gs in self.by_cell.items() if len(gs) == 1}

    def cells_of(self, group: str) -> list[tuple[str, str]]:
        """Every ward x category cell the group serves, sorted."""
        return sorted((a, c) for a in self.areas[group] for c in self.categories[group])
