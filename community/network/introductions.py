"""Suggested introductions: pairs of groups that would close a gap if they met.

A pair qualifies when the two groups serve at least one ward in common, have
different categories to offer, are not already tied, and are far apart in
the network (in different communities, or with no member, partner or
resident in common). Candidates come from one sparse product over the
groups' wards, so 2,000 groups cost well under a second and no all-pairs
shortest paths are needed. Pairs are ranked by :data:`INTRODUCTION_RULE`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

import networkx as nx
import numpy as np
import scipy.sparse as sp

from .communities import CommunityResult
from .coverage import GAP, THIN, CoverageCell
from .indexed import GraphIndex
from .services import ServiceIndex
from .text import join_names, name_of

__all__ = [
    "INTRODUCTION_RULE",
    "Introduction",
    "RankedIntroductions",
    "describe_introductions",
    "rank_introductions",
    "suggest_introductions",
]

K = TypeVar("K", bound=Hashable)

W_WEAK, W_CATEGORY, W_OVERLAP, W_APART = 3.0, 1.0, 2.0, 1.0
INTRODUCTION_RULE = (
    f"score = {W_WEAK:g} x (thin or gap ward-and-category cells in their shared wards that one "
    f"group covers and the other does not) + {W_CATEGORY:g} x (categories one offers and the "
    f"other does not) + {W_OVERLAP:g} x (share of their wards they have in common) + "
    f"{W_APART:g} if they sit in different communities"
)


@dataclass(frozen=True)
class Introduction:
    """A suggested introduction between groups ``a`` and ``b``.

    ``introducer`` is the common contact with the highest betweenness, or
    ``None`` when they have nobody in common.
    """

    a: str
    b: str
    score: float
    shared_areas: tuple[str, ...]
    a_adds: tuple[str, ...]
    b_adds: tuple[str, ...]
    weak_cells: tuple[tuple[str, str], ...]
    same_community: bool
    introducer: str | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


def _incidence(rows: Sequence[Iterable[K]], vocab: Mapping[K, int]) -> sp.csr_array:
    r = [i for i, items in enumerate(rows) for _ in items]
    c = [vocab[x] for items in rows for x in items]
    return sp.csr_array((np.ones(len(r)), (r, c)), shape=(len(rows), len(vocab)))


def _lookup(M: sp.csr_array, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    if len(i) == 0:
        return np.zeros(0)
    # Products come out with unsorted column indices, and scipy then scans a
    # whole row for every entry read: at county scale (3.6 million pairs,
    # rows of thousands) that was 58 of 73 s. Sorted, each read is a binary search.
    M = sp.csr_array(M)
    M.sum_duplicates()
    return np.asarray(M[i, j]).ravel()


def _pair_dots(M: sp.csr_array, i: np.ndarray, j: np.ndarray, chunk: int = 1_000_000) -> np.ndarray:
    """``(M @ M.T)[i, j]`` for the given pairs only, for an ``M`` with few columns (a group's kinds of
    help). That product is nearly dense, as most groups share a kind of help with most others: at London
    scale (50,000 groups) it was 2.5 billion entries and the analysis ran out of memory making it. Read
    pair by pair from the dense rows instead, a million pairs at a time."""
    out = np.zeros(len(i))
    if len(i) == 0:
        return out
    D = M.toarray()
    for s in range(0, len(i), chunk):
        out[s : s + chunk] = np.einsum("pc,pc->p", D[i[s : s + chunk]], D[j[s : s + chunk]])
    return out


def suggest_introductions(
    G: nx.Graph[str],
    communities: CommunityResult,
    *,
    betweenness: Mapping[str, float] | None = None,
    coverage_cells: Iterable[CoverageCell] = (),
    top: int = 50,
    services: ServiceIndex | None = None,
    index: GraphIndex | None = None,
    area_names: Mapping[str, str] | None = None,
    category_names: Mapping[str, str] | None = None,
) -> list[Introduction]:
    """Rank the group pairs whose introduction would do most to close gaps.

    Parameters
    ----------
    G : networkx.Graph
        Community graph.
    communities : CommunityResult
        Communities of ``G``.
    betweenness : mapping, optional
        Node to betweenness, used to choose the introducer.
    coverage_cells : iterable of CoverageCell
        Cells marked ``"thin"`` or ``"gap"`` earn a pair extra score.
    top : int
        How many suggestions to return.
    services, index : optional
        Pre-built lookups for ``G``.
    area_names, category_names : mapping, optional
        Display names used in the reasons.

    Returns
    -------
    list of Introduction
        Best first; ties broken by group ids.

    Examples
    --------
    >>> from .communities import detect_communities
    >>> G = nx.Graph()
    >>> G.add_node("group:1", kind="group", label="Pantry", areas=frozenset({"W1"}),
    ...            categories=frozenset({"food"}))
    >>> G.add_node("group:2", kind="group", label="Roof", areas=frozenset({"W1"}),
    ...            categories=frozenset({"housing"}))
    >>> cells = [CoverageCell("W1", "housing", "thin", 9)]
    >>> [(i.a, i.b, i.score) for i in suggest_introductions(
    ...     G, detect_communities(G), coverage_cells=cells)]
    [('group:1', 'group:2', 8.0)]
    """
    svc = services if services is not None else ServiceIndex.from_graph(G)
    ranked = rank_introductions(
        G, communities, coverage_cells=coverage_cells, top=top, services=svc, index=index
    )
    return describe_introductions(
        G,
        ranked,
        betweenness=betweenness,
        services=svc,
        area_names=area_names,
        category_names=category_names,
    )


@dataclass(frozen=True)
class RankedIntroductions:
    """The best pairs, before their introducers are chosen (which needs betweenness)."""

    pairs: tuple[tuple[str, str, float, bool], ...]
    weak: frozenset[tuple[str, str]]


def rank_introductions(
    G: nx.Graph[str],
    communities: CommunityResult,
    *,
    coverage_cells: Iterable[CoverageCell] = (),
    top: int = 50,
    services: ServiceIndex | None = None,
    index: GraphIndex | None = None,
) -> RankedIntroductions:
    """The ``top`` pairs of :func:`suggest_introductions` as ``(a, b, score, same community)``.

    This is all of the work but naming the introducer, and needs no betweenness, so
    ``run_analysis`` does it while sampled betweenness is still running.
    """
    svc = services if services is not None else ServiceIndex.from_graph(G)
    ix = index if index is not None else GraphIndex.from_graph(G)
    groups = list(svc.groups)
    k = len(groups)
    if k < 2 or top <= 0:
        return RankedIntroductions((), frozenset())
    area_vocab = {a: n for n, a in enumerate(sorted({a for g in groups for a in svc.areas[g]}))}
    cat_vocab = {c: n for n, c in enumerate(sorted({c for g in groups for c in svc.categories[g]}))}
    GA = _incidence([svc.areas[g] for g in groups], area_vocab)
    GC = _incidence([svc.categories[g] for g in groups], cat_vocab)

    shared = sp.triu(GA @ GA.T, k=1).tocoo()
    i, j, n_shared = shared.row, shared.col, shared.data
    rows = np.array([ix.index[g] for g in groups], dtype=np.int64)
    A = ix.adjacency(False)
    Ag = A[rows]
    direct = _lookup(Ag[:, rows].tocsr(), i, j)
    common = _lookup((Ag @ Ag.T).tocsr(), i, j)
    comm = np.array([communities.membership[g] for g in groups])
    apart = comm[i] != comm[j]
    n_cat = np.asarray(GC.sum(axis=1)).ravel()
    both_cat = _pair_dots(GC, i, j)
    complementary = n_cat[i] + n_cat[j] - 2 * both_cat
    keep = (direct == 0) & (apart | (common == 0)) & (complementary > 0)
    i, j, n_shared = i[keep], j[keep], n_shared[keep]
    apart, complementary = apart[keep], complementary[keep]

    weak = {
        (c.area, c.category)
        for c in coverage_cells
        if c.status in (GAP, THIN) and c.area in area_vocab and c.category in cat_vocab
    }
    weak_count = np.zeros(len(i))
    if weak and len(i):
        cell_id = {cell: n for n, cell in enumerate(sorted(weak))}
        weak_by_area: dict[str, list[tuple[str, str]]] = {}
        for cell in sorted(weak):
            weak_by_area.setdefault(cell[0], []).append(cell)
        # F: the weak cells a group covers; H: the weak cells in the wards it
        # serves. (F @ H.T)[a, b] counts weak cells a covers in b's wards.
        F = _incidence([[c for c in svc.cells_of(g) if c in cell_id] for g in groups], cell_id)
        H = _incidence(
            [[c for a in svc.areas[g] for c in weak_by_area.get(a, ())] for g in groups], cell_id
        )
        FH = (F @ H.T).tocsr()
        weak_count = _lookup(FH, i, j) + _lookup(FH, j, i) - 2 * _lookup((F @ F.T).tocsr(), i, j)

    n_area = np.asarray(GA.sum(axis=1)).ravel()
    overlap = n_shared / (n_area[i] + n_area[j] - n_shared)
    score = W_WEAK * weak_count + W_CATEGORY * complementary + W_OVERLAP * overlap + W_APART * apart
    score = np.round(score, 6)
    best = np.lexsort((j, i, -score))[:top]
    return RankedIntroductions(
        tuple(
            (groups[i[n]], groups[j[n]], float(score[n]), bool(not apart[n])) for n in best
        ),
        frozenset(weak),
    )


def describe_introductions(
    G: nx.Graph[str],
    ranked: RankedIntroductions,
    *,
    betweenness: Mapping[str, float] | None = None,
    services: ServiceIndex | None = None,
    area_names: Mapping[str, str] | None = None,
    category_names: Mapping[str, str] | None = None,
) -> list[Introduction]:
    """Turn ranked pairs into :class:`Introduction` values, choosing each introducer."""
    svc = services if services is not None else ServiceIndex.from_graph(G)
    return [
        _describe(
            G, svc, a, b, score, same, ranked.weak, betweenness, area_names, category_names
        )
        for a, b, score, same in ranked.pairs
    ]


def _describe(
    G: nx.Graph[str],
    svc: ServiceIndex,
    a: str,
    b: str,
    score: float,
    same: bool,
    weak: frozenset[tuple[str, str]],
    betweenness: Mapping[str, float] | None,
    area_names: Mapping[str, str] | None,
    category_names: Mapping[str, str] | None,
) -> Introduction:
    areas = tuple(sorted(svc.areas[a] & svc.areas[b]))
    a_adds = tuple(sorted(svc.categories[a] - svc.categories[b]))
    b_adds = tuple(sorted(svc.categories[b] - svc.categories[a]))
    cells = tuple(
        (w, c) for w in areas for c in sorted(set(a_adds) | set(b_adds)) if (w, c) in weak
    )
    common = set(G[a]) & set(G[b])
    between = betweenness or {}
    introducer = min(common, key=lambda u: (-between.get(u, 0.0), str(u))) if common else None

    def cats(xs: Iterable[str]) -> str:
        return join_names([name_of(x, category_names) for x in xs])

    la, lb = svc.labels[a], svc.labels[b]
    parts = [f"Both serve {join_names([name_of(w, area_names) for w in areas])}."]
    if a_adds:
        parts.append(f"{la} offers {cats(a_adds)}, which {lb} does not.")
    if b_adds:
        parts.append(f"{lb} offers {cats(b_adds)}, which {la} does not.")
    if cells:
        shown = [f"{name_of(c, category_names)} in {name_of(w, area_names)}" for w, c in cells]
        parts.append(f"Help is short for {join_names(shown)}.")
    where = "in the same cluster" if same else "in different clusters"
    if introducer is None:
        parts.append(f"They are {where} and have nobody in common.")
    else:
        who = G.nodes[introducer].get("label", str(introducer))
        parts.append(f"They are {where}; {who} knows both and could introduce them.")
    return Introduction(
        a, b, score, areas, a_adds, b_adds, cells, same, introducer, " ".join(parts)
    )
