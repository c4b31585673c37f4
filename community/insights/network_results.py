"""Read a stored analysis run's results as the lists connectors act on: brokers, gaps and introductions.

The engine's output (``community.network.analysis``) names nodes by id (``"group:12"``, ``"user:7"``); the
run stores a ``labels`` map beside it so every list here can say who is who. Gaps and suggestions are
numbered by their position in the run, which is what the pages link to: a run's results never change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from community.i18n import _
from community.insights.network_source import CommunityRecords, node_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = [
    "GAP_KINDS",
    "Gap",
    "Suggestion",
    "brokers",
    "find_gap",
    "find_suggestion",
    "gaps",
    "labels_for",
    "network_map",
    "suggestions",
    "suggestions_for_gap",
]

GAP_KINDS = {
    "structural_hole": _("Clusters that serve the same wards but do not talk"),
    "isolated_group": _("Groups working alone"),
    "unconnected_resident": _("Residents with open needs and nobody to turn to"),
    "coverage": _("Help asked for and nobody offering it"),
}


def labels_for(analysis: dict, records: CommunityRecords) -> dict[str, str]:
    """Display names of every node the results mention (stored with the run)."""
    known = {p.id: p.label for p in records.people} | {g.id: g.label for g in records.groups}
    wanted: set[str] = set()
    for item in analysis.get("brokers", []) + analysis.get("critical", []):
        wanted.add(item["node"])
        wanted.update(item.get("groups_cut_off", ()))
    for hole in analysis.get("structural_holes", []):
        wanted.update(hole["groups_a"])
        wanted.update(hole["groups_b"])
    for group in analysis.get("isolated_groups", []):
        wanted.add(group["group"])
    for resident in analysis.get("unconnected_residents", []):
        wanted.add(resident["person"])
        wanted.update(resident.get("could_help", ()))
    for intro in analysis.get("introductions", []):
        wanted.update(node for node in (intro["a"], intro["b"], intro.get("introducer")) if node)
    wanted.update(g["node"] for g in (analysis.get("drawing") or {}).get("groups", []))
    return {node: known[node] for node in sorted(wanted) if node in known}


def _join(names: list[str]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"``.

    >>> _join(["Acton"]), _join(["Acton", "Brent", "Cleveland"])
    ('Acton', 'Acton, Brent and Cleveland')
    """
    if len(names) < 2:
        return "".join(names)
    return _("%(names)s and %(last)s", names=", ".join(names[:-1]), last=names[-1])


def _label(results: dict, node: str | None) -> str:
    if node is None:
        return ""
    return results.get("labels", {}).get(node, node)


def _person_id(node: str | None) -> int | None:
    if node is None:
        return None
    kind, number = node_key(node)
    return number if kind == "user" else None


def brokers(results: dict) -> list[dict]:
    """The engine's brokers, each with ``user_id`` set when the broker is a person."""
    return [b | {"user_id": _person_id(b["node"])} for b in results.get("analysis", {}).get("brokers", [])]


@dataclass(frozen=True)
class Gap:
    number: int
    kind: str
    title: str
    reason: str
    groups: tuple[str, ...] = ()
    person: str | None = None
    cell: tuple[str, str] | None = None
    detail: dict = field(default_factory=dict, compare=False)

    @property
    def kind_label(self) -> str:
        return GAP_KINDS[self.kind]

    @property
    def user_id(self) -> int | None:
        return _person_id(self.person)


def gaps(results: dict) -> list[Gap]:
    """Every gap of a run: structural holes, isolated groups, unconnected residents, coverage gaps."""
    analysis = results.get("analysis", {})
    areas, categories = results.get("areas", {}), results.get("categories", {})
    found: list[Gap] = []

    def add(**kwargs: Any) -> None:
        found.append(Gap(number=len(found) + 1, **kwargs))

    for hole in analysis.get("structural_holes", []):
        where = _join([areas.get(a, a) for a in hole["shared_areas"]])
        title = (
            _("Two clusters serving %(where)s with no link", where=where) if hole["ties_between"] == 0
            else _("Two clusters serving %(where)s with one link", where=where)
        )
        add(kind="structural_hole", title=title, reason=hole["reason"],
            groups=tuple(hole["groups_a"]) + tuple(hole["groups_b"]), detail=hole)
    for group in analysis.get("isolated_groups", []):
        add(kind="isolated_group", title=_("%(label)s works alone", label=group["label"]),
            reason=group["reason"], groups=(group["group"],), detail=group)
    for resident in analysis.get("unconnected_residents", []):
        name = _label(results, resident["person"])
        asked = _join([
            _("%(category)s in %(ward)s", category=categories.get(c, c), ward=areas.get(a, a))
            for a, c in resident["needs"]
        ])
        helpers = [_label(results, g) for g in resident.get("could_help", ())]
        reason = _(
            "%(name)s has asked for %(asked)s and has no tie to anyone in the network. "
            "Groups that could help: %(helpers)s.",
            name=name, asked=asked, helpers=_join(helpers),
        ) if helpers else _(
            "%(name)s has asked for %(asked)s and has no tie to anyone in the network. "
            "No group serves that yet.",
            name=name, asked=asked,
        )
        add(kind="unconnected_resident", title=_("%(name)s has nobody to turn to", name=name), reason=reason,
            groups=tuple(resident.get("could_help", ())), person=resident["person"], detail=resident)
    for cell in results.get("coverage_gaps", []):
        where = areas.get(cell["area"], cell["area"])
        what = categories.get(cell["category"], cell["category"])
        add(kind="coverage", title=_("%(what)s in %(where)s: nobody offering it", what=what, where=where),
            reason=_(
                "%(demand)s requests or searches for %(what)s in %(where)s in the coverage period, and no "
                "group or offer there for it.",
                demand=cell["demand"], what=what, where=where,
            ),
            cell=(cell["area"], cell["category"]), detail=cell)
    return found


def find_gap(results: dict, number: int) -> Gap | None:
    return next((gap for gap in gaps(results) if gap.number == number), None)


@dataclass(frozen=True)
class Suggestion:
    number: int
    a: str
    b: str
    a_label: str
    b_label: str
    reason: str
    score: float
    introducer: str | None
    introducer_label: str
    weak_cells: tuple[tuple[str, str], ...]

    @property
    def group_ids(self) -> tuple[int, int]:
        return node_key(self.a)[1], node_key(self.b)[1]

    @property
    def introducer_user_id(self) -> int | None:
        return _person_id(self.introducer)


def suggestions(results: dict) -> list[Suggestion]:
    """The run's suggested introductions, best first; each pair named in alphabetical order, so the same
    pair reads the same whichever way round the engine listed it."""
    found = []
    for number, intro in enumerate(results.get("analysis", {}).get("introductions", []), start=1):
        a, b = intro["a"], intro["b"]
        if (_label(results, b).lower(), b) < (_label(results, a).lower(), a):
            a, b = b, a
        found.append(
            Suggestion(
                number=number,
                a=a,
                b=b,
                a_label=_label(results, a),
                b_label=_label(results, b),
                reason=intro["reason"],
                score=intro["score"],
                introducer=intro.get("introducer"),
                introducer_label=_label(results, intro.get("introducer")),
                weak_cells=tuple(tuple(cell) for cell in intro.get("weak_cells", ())),
            )
        )
    return found


def find_suggestion(results: dict, number: int) -> Suggestion | None:
    return next((s for s in suggestions(results) if s.number == number), None)


def suggestions_for_gap(results: dict, gap: Gap) -> list[Suggestion]:
    """The suggested introductions that would help close ``gap``."""
    every = suggestions(results)
    if gap.kind == "structural_hole":
        side_a, side_b = set(gap.detail["groups_a"]), set(gap.detail["groups_b"])
        return [s for s in every if {s.a, s.b} & side_a and {s.a, s.b} & side_b]
    if gap.kind == "isolated_group":
        return [s for s in every if gap.groups[0] in (s.a, s.b)]
    if gap.kind == "coverage":
        return [s for s in every if gap.cell in s.weak_cells]
    return [s for s in every if set(gap.groups) & {s.a, s.b}]


# The map highlights the top brokers only: at city scale the broker list is long.
MAP_BROKERS = 10


@dataclass(frozen=True)
class MapGroup:
    id: int
    node: str
    name: str
    lat: float | None
    lng: float | None
    broker: bool
    partners: int
    suggested: int


@dataclass(frozen=True)
class MapLink:
    a: int
    b: int
    kind: str  # "partnership" or "suggested"
    label: str


def network_map(session: Session, results: dict) -> tuple[list[MapGroup], list[MapLink]]:
    """Open groups with their base point, their active partnerships and the run's suggested
    introductions: the network map's data and its table twin."""
    from sqlalchemy import select

    from community.models import Group, Partnership

    broker_nodes = {b["node"] for b in brokers(results)[:MAP_BROKERS]}
    rows = session.execute(
        select(Group.id, Group.name, Group.base_lat, Group.base_lng).where(Group.closed_at.is_(None))
    ).all()
    names = {gid: name for gid, name, _lat, _lng in rows}
    links = [
        MapLink(a, b, "partnership", _("%(a)s and %(b)s are partners", a=names[a], b=names[b]))
        for a, b in session.execute(
            select(Partnership.group_a_id, Partnership.group_b_id).where(Partnership.status == "active")
        )
        if a in names and b in names
    ]
    for s in suggestions(results):
        a, b = s.group_ids
        if a in names and b in names:
            links.append(MapLink(a, b, "suggested", _(
                "Suggested: introduce %(a)s to %(b)s",
                a=names[a], b=names[b],
            )))
    partners: dict[int, int] = {}
    suggested: dict[int, int] = {}
    for link in links:
        tally = partners if link.kind == "partnership" else suggested
        for gid in (link.a, link.b):
            tally[gid] = tally.get(gid, 0) + 1
    groups = [
        MapGroup(gid, f"group:{gid}", name, lat, lng, f"group:{gid}" in broker_nodes, partners.get(gid, 0),
                 suggested.get(gid, 0))
        for gid, name, lat, lng in sorted(rows, key=lambda r: (r[1].lower(), r[0]))
    ]
    return groups, links
