"""One call that runs the whole network analysis and returns JSON-ready results."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from .betweenness import DEFAULT_EXACT_BELOW, DEFAULT_SAMPLES, betweenness
from .brokers import Broker, rank_brokers
from .communities import CommunityResult, detect_communities
from .coverage import COVERAGE_RULE, CoverageCell
from .cutpoints import CUT_POINT_RULE, Bridge, cut_points
from .drawing import GroupDrawing, group_drawing
from .gaps import (
    IsolatedGroup,
    StructuralHole,
    UnconnectedResident,
    isolated_groups,
    structural_holes,
    unconnected_residents,
)
from .graph import (
    NODE_RULE,
    WEIGHT_RULE,
    GroupInfo,
    OpenNeed,
    PersonInfo,
    Tie,
    graph_from_table,
    tie_table,
)
from .graph import graph_fingerprint as _fingerprint
from .introductions import (
    INTRODUCTION_RULE,
    Introduction,
    describe_introductions,
    rank_introductions,
)
from .resilience import RemovalImpact, most_critical
from .services import ServiceIndex
from .structural_holes import burt_from_index

__all__ = ["STAGES", "AnalysisResult", "run_analysis"]

Progress = Callable[[int, str], None]

STAGES = (
    (0, "Building the graph"),
    (15, "Measuring constraint and effective size"),
    (22, "Finding communities"),
    (28, "Finding cut points and bridges"),
    (33, "Finding gaps"),
    (38, "Measuring betweenness"),
    (80, "Ranking brokers"),
    (85, "Suggesting introductions"),
    (92, "Testing what happens if someone leaves"),
    (100, "Finished"),
)


@dataclass
class AnalysisResult:
    """Everything the network page shows; :meth:`to_dict` is JSON-ready."""

    fingerprint: str
    seed: int
    counts: dict[str, int]
    betweenness: dict[str, Any]
    brokers: list[Broker]
    communities: CommunityResult
    structural_holes: list[StructuralHole]
    isolated_groups: list[IsolatedGroup]
    unconnected_residents: list[UnconnectedResident]
    introductions: list[Introduction]
    critical: list[RemovalImpact]
    bridges: list[Bridge]
    group_communities: dict[str, int] = field(default_factory=dict)
    drawing: GroupDrawing | None = None
    timings: dict[str, float] = field(default_factory=dict)
    rules: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Nested plain dicts and lists (tuples become lists under ``json.dumps``)."""
        return {
            "fingerprint": self.fingerprint,
            "seed": self.seed,
            "counts": self.counts,
            "betweenness": self.betweenness,
            "brokers": [b.to_dict() for b in self.brokers],
            "communities": self.communities.to_dict()
            | {"group_membership": self.group_communities},
            "structural_holes": [h.to_dict() for h in self.structural_holes],
            "isolated_groups": [g.to_dict() for g in self.isolated_groups],
            "unconnected_residents": [r.to_dict() for r in self.unconnected_residents],
            "introductions": [i.to_dict() for i in self.introductions],
            "critical": [c.to_dict() for c in self.critical],
            "bridges": [asdict(b) for b in self.bridges],
            "drawing": self.drawing.to_dict() if self.drawing is not None else None,
            "timings": self.timings,
            "rules": self.rules,
        }


class _Clock:
    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.timings: dict[str, float] = {}
        self._stage: str | None = None
        self._start = 0.0

    def stage(self, percent: int, name: str) -> None:
        self._close()
        if self.progress is not None:
            self.progress(percent, name)
        self._stage, self._start = name, time.perf_counter()

    def _close(self) -> None:
        if self._stage is not None:
            self.timings[self._stage] = round(time.perf_counter() - self._start, 4)

    def finish(self) -> dict[str, float]:
        self._close()
        self._stage = None
        if self.progress is not None:
            self.progress(*STAGES[-1])
        return self.timings


def run_analysis(
    people: Iterable[PersonInfo],
    groups: Iterable[GroupInfo],
    ties: Iterable[Tie],
    *,
    now: datetime,
    seed: int = 0,
    progress: Progress | None = None,
    open_needs: Iterable[OpenNeed] = (),
    coverage_cells: Iterable[CoverageCell] = (),
    area_names: Mapping[str, str] | None = None,
    category_names: Mapping[str, str] | None = None,
    top_brokers: int = 50,
    top_introductions: int = 50,
    top_critical: int = 10,
    exact_below: int = DEFAULT_EXACT_BELOW,
    samples: int = DEFAULT_SAMPLES,
    max_hole_ties: int = 1,
    resolution: float = 1.0,
    draw_groups: int = 120,
) -> AnalysisResult:
    """Run every stage of the analysis on plain records.

    ``progress(percent, stage)`` is called as each stage in :data:`STAGES`
    starts and once at 100. ``timings`` holds each stage's wall time; sampled
    betweenness runs on a second thread from as soon as the ties are counted
    (early in the first stage), so its stage is only the wait for it (its own
    time is in ``betweenness["seconds"]``). The same inputs and ``seed`` give
    the same result (timings aside).

    Examples
    --------
    >>> from datetime import datetime
    >>> now = datetime(2025, 1, 1)
    >>> people = [PersonInfo("user:1", "Ann"), PersonInfo("user:2", "Bo")]
    >>> groups = [GroupInfo("group:1", "Pantry", frozenset({"W1"}), frozenset({"food"}))]
    >>> ties = [Tie("user:1", "group:1", "membership", now, active=True)]
    >>> seen = []
    >>> result = run_analysis(people, groups, ties, now=now,
    ...                       progress=lambda p, s: seen.append(p),
    ...                       open_needs=[OpenNeed("user:2", "W1", "food")])
    >>> seen[0], seen[-1], result.unconnected_residents[0].could_help
    (0, 100, ('group:1',))
    """
    clock = _Clock(progress)
    clock.stage(*STAGES[0])
    table = tie_table(people, groups, ties, now=now)
    # People with no tie are not part of the network (NODE_RULE): they would
    # change every normalised score while taking part in nothing. The index and
    # the graph below are both cut from the table by the same rule.
    ix = table.index()
    cells = list(coverage_cells)

    # Sampled betweenness runs in compiled code without the GIL, so it goes on a
    # second thread as soon as the ties are counted: building the NetworkX graph
    # (most of this stage) and the stages that do not need betweenness run here
    # meanwhile. It is seeded per chunk of samples, so neither the overlap nor its
    # own threads change any result. Each derived form of the index it reads is
    # built before it starts, so the two threads never build one at once.
    ix.adjacency(False)
    if ix.n < exact_below:
        ix.to_igraph()
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(
            betweenness, None, exact_below=exact_below, seed=seed, samples=samples, index=ix
        )
        G = graph_from_table(table, network_only=True)
        lone_people = len(table.order) - ix.n
        fingerprint = _fingerprint(G, index=ix)
        svc = ServiceIndex.from_graph(G)
        clock.stage(*STAGES[1])
        cons, eff = burt_from_index(ix, weighted=True)
        clock.stage(*STAGES[2])
        comms = detect_communities(
            G, seed=seed, resolution=resolution, index=ix, area_names=area_names
        )
        clock.stage(*STAGES[3])
        cuts = cut_points(G, index=ix)
        clock.stage(*STAGES[4])
        holes = structural_holes(
            G, comms, max_ties=max_hole_ties, services=svc, index=ix, area_names=area_names
        )
        lonely_groups = isolated_groups(G, area_names=area_names)
        unconnected = unconnected_residents(G, open_needs, services=svc)
        # Ranking the introductions needs no betweenness, so it is done while the
        # sampled betweenness runs (timed with the gaps); only naming each pair's
        # introducer waits for it.
        ranked = rank_introductions(
            G, comms, coverage_cells=cells, top=top_introductions, services=svc, index=ix
        )
        clock.stage(*STAGES[5])
        between = pending.result()
    clock.stage(*STAGES[6])
    brokers = rank_brokers(
        G, between, cons, eff, comms, cuts, top=top_brokers, index=ix, area_names=area_names
    )
    drawing = group_drawing(
        G, between, comms, cuts, {b.node for b in brokers}, index=ix, limit=draw_groups, seed=seed
    )
    clock.stage(*STAGES[7])
    intros = describe_introductions(
        G,
        ranked,
        betweenness=between.scores,
        services=svc,
        area_names=area_names,
        category_names=category_names,
    )
    clock.stage(*STAGES[8])
    critical = most_critical(
        G,
        svc,
        top=top_critical,
        communities=comms,
        cuts=cuts,
        index=ix,
        area_names=area_names,
        category_names=category_names,
    )
    timings = clock.finish()

    n_groups = len(svc.groups)
    counts = {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "people": G.number_of_nodes() - n_groups,
        "people_without_ties": lone_people,
        "groups": n_groups,
        "isolated_nodes": int((ix.degree == 0).sum()),
        "skipped_ties": G.graph.get("skipped_ties", 0),
        "articulation_points": len(cuts.points),
        "bridges": len(cuts.bridges),
        "structural_holes": len(holes),
        "isolated_groups": len(lonely_groups),
        "unconnected_residents": len(unconnected),
    }
    return AnalysisResult(
        fingerprint=fingerprint,
        seed=seed,
        counts=counts,
        betweenness=between.to_dict(),
        brokers=brokers,
        communities=comms,
        structural_holes=holes[:100],
        isolated_groups=lonely_groups,
        unconnected_residents=unconnected,
        introductions=intros,
        critical=critical,
        bridges=[b for b in cuts.bridges if b.side_groups or b.side_nodes > 1][:50],
        group_communities={g: comms.membership[g] for g in svc.groups},
        drawing=drawing,
        timings=timings,
        rules={
            "nodes": NODE_RULE,
            "cut_point": CUT_POINT_RULE,
            "weight": WEIGHT_RULE,
            "coverage": COVERAGE_RULE,
            "introduction": INTRODUCTION_RULE,
            "harm": "harm = groups cut off from the rest of the network + ward-and-category "
            "cells left with no group at all",
        },
    )
