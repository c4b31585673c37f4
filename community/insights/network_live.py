"""The network as it is now, between analysis runs: what has changed since a run, and what-if removal.

A finished run describes the community at one moment. :func:`ties_since` counts the ties made after that
moment (partnerships accepted, needs met, members joined, introductions accepted), so the network page can
say honestly how old its results are and what they do not show yet. :func:`what_if` reads the community
afresh and asks the engine what removing one group or person would do, so a what-if always reflects the
latest ties, whichever node the connector picks (:func:`find_nodes` is the search).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from community.errors import NotFound
from community.i18n import _
from community.insights.network_source import group_node, load_community, node_key, person_node
from community.models import Group, Introduction, Membership, Need, Partnership, User
from community.network.cutpoints import cut_points
from community.network.graph import build_graph
from community.network.indexed import GraphIndex
from community.network.resilience import RemovalImpact, what_if_removed
from community.pagination import Page, paginate_list

__all__ = ["NodeMatch", "TiesSince", "WhatIf", "find_nodes", "ties_since", "what_if"]


@dataclass(frozen=True)
class TiesSince:
    partnerships: int
    needs_met: int
    memberships: int
    introductions: int

    @property
    def total(self) -> int:
        return self.partnerships + self.needs_met + self.memberships + self.introductions


def ties_since(session: Session, since: datetime) -> TiesSince:
    """Ties made after ``since``: none of them is in a run that describes the community at ``since``."""

    def n(query: Select[Any]) -> int:
        return int(session.scalar(query) or 0)

    return TiesSince(
        partnerships=n(select(func.count(Partnership.id)).where(
            Partnership.status == "active",
            func.coalesce(Partnership.accepted_at, Partnership.created_at) > since,
        )),
        needs_met=n(select(func.count(Need.id)).where(
            Need.status == "met", func.coalesce(Need.met_at, Need.closed_at) > since
        )),
        memberships=n(select(func.count(Membership.id)).where(
            Membership.status == "active", func.coalesce(Membership.decided_at, Membership.created_at) > since
        )),
        introductions=n(select(func.count(Introduction.id)).where(
            Introduction.status == "accepted", Introduction.decided_at > since
        )),
    )


@dataclass(frozen=True)
class NodeMatch:
    node: str
    name: str
    kind: str  # "group" or "person"


def find_nodes(session: Session, query: str, *, page: int = 1, per_page: int = 20) -> Page[NodeMatch]:
    """Open groups and people (not deleted) whose name contains ``query``, groups first, by name."""
    text = query.strip()
    if not text:
        return paginate_list([], page=page, per_page=per_page)
    pattern = f"%{text.lower()}%"
    groups = [
        NodeMatch(group_node(gid), name, "group")
        for gid, name in session.execute(
            select(Group.id, Group.name)
            .where(Group.closed_at.is_(None), func.lower(Group.name).like(pattern))
            .order_by(func.lower(Group.name), Group.id)
        )
    ]
    people = [
        NodeMatch(person_node(uid), name, "person")
        for uid, name in session.execute(
            select(User.id, User.display_name)
            .where(User.deleted_at.is_(None), func.lower(User.display_name).like(pattern))
            .order_by(func.lower(User.display_name), User.id)
        )
    ]
    return paginate_list(groups + people, page=page, per_page=per_page, clamp=True)


@dataclass(frozen=True)
class WhatIf:
    node: str
    name: str
    kind: str
    in_network: bool
    impact: RemovalImpact | None
    group_names: dict[str, str]
    area_names: dict[str, str]
    category_names: dict[str, str]

    @property
    def user_id(self) -> int | None:
        kind, number = node_key(self.node)
        return number if kind == "user" else None

    def uncovered(self) -> list[tuple[str, list[str], str]]:
        """(kind of help, wards, how): the help that would go uncovered, kind by kind."""
        if self.impact is None:
            return []
        out = []
        for cells, how in (
            (self.impact.cells_left_without_group, _("no group would offer it")),
            (self.impact.cells_cut_off, _("only groups cut off from the rest would offer it")),
        ):
            by_category: dict[str, list[str]] = {}
            for area, category in cells:
                by_category.setdefault(category, []).append(self.area_names.get(area, area))
            for category, wards in sorted(by_category.items()):
                out.append((self.category_names.get(category, category), sorted(wards), how))
        return out


def what_if(session: Session, node: str) -> WhatIf:
    """What removing ``node`` (``"group:12"`` or ``"user:7"``) would do to the network as it is now."""
    try:
        kind, number = node_key(node)
    except ValueError:
        raise NotFound(_("No such group or person")) from None
    if kind == "group":
        row = session.execute(select(Group.name).where(Group.id == number, Group.closed_at.is_(None))).first()
    elif kind == "user":
        row = session.execute(
            select(User.display_name).where(User.id == number, User.deleted_at.is_(None))
        ).first()
    else:
        row = None
    if row is None:
        raise NotFound(_("No such group or person"))
    records = load_community(session)
    G = build_graph(records.people, records.groups, records.ties, now=records.now, network_only=True)
    group_names = {g.id: g.label for g in records.groups}
    common = dict(group_names=group_names, area_names=records.area_names,
                  category_names=records.category_names)
    if node not in G:
        return WhatIf(node, row[0], "group" if kind == "group" else "person", False, None, **common)
    ix = GraphIndex.from_graph(G)
    impact = what_if_removed(G, node, cuts=cut_points(G, index=ix), index=ix, area_names=records.area_names,
                             category_names=records.category_names)
    return WhatIf(node, row[0], "group" if kind == "group" else "person", True, impact, **common)
