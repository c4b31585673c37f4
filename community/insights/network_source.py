"""Read the community out of the database as the network engine's plain records.

The engine (``community.network``) never touches the database; this module is its one adapter. It runs a
handful of bulk SELECTs that return plain tuples (no ORM objects are loaded), so it stays quick on a city's
30,000 people and 100,000 posts.

Node ids are ``"user:<id>"`` and ``"group:<id>"``; wards are named by their code and categories by slug,
the same keys ``community.insights.coverage`` uses for its cells.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from community.db import utcnow
from community.models import (
    Area,
    Category,
    Group,
    Introduction,
    Membership,
    Need,
    Partnership,
    Response,
    User,
    group_areas,
    group_categories,
)
from community.models.posts import NEED_OPEN_STATUSES
from community.network.graph import GroupInfo, OpenNeed, PersonInfo, Tie

__all__ = ["CommunityRecords", "load_community", "person_node", "group_node", "node_key"]


def person_node(user_id: int) -> str:
    return f"user:{user_id}"


def group_node(group_id: int) -> str:
    return f"group:{group_id}"


def node_key(node_id: str) -> tuple[str, int]:
    """``"group:12"`` -> ``("group", 12)``."""
    kind, _, number = node_id.partition(":")
    return kind, int(number)


@dataclass
class CommunityRecords:
    """Everything the engine is given, read at one moment ``now``."""

    now: datetime
    people: list[PersonInfo]
    groups: list[GroupInfo]
    ties: list[Tie]
    open_needs: list[OpenNeed]
    area_names: dict[str, str] = field(default_factory=dict)
    category_names: dict[str, str] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {
            "people": len(self.people),
            "groups": len(self.groups),
            "ties": len(self.ties),
            "open_needs": len(self.open_needs),
        }


def load_community(session: Session, *, now: datetime | None = None) -> CommunityRecords:
    """Read people, open groups, ties and open needs as the engine's records.

    Ties are: active memberships (person–group), active partnerships (group–group), needs met (helper–
    resident, and group–resident when a group took the need on) and accepted introductions (group–group).
    Closed groups and deleted accounts are left out, and so is every tie that touches them.
    """
    now = now or utcnow()
    area_names = dict(session.execute(select(Area.code, Area.name).where(Area.kind == "ward")).all())
    category_names = dict(session.execute(select(Category.slug, Category.name)).all())
    people = [
        PersonInfo(person_node(uid), name)
        for uid, name in session.execute(
            select(User.id, User.display_name).where(User.deleted_at.is_(None)).order_by(User.id)
        )
    ]
    groups = _groups(session)
    ties = [*_memberships(session), *_partnerships(session), *_helped(session), *_introductions(session)]
    return CommunityRecords(
        now=now,
        people=people,
        groups=groups,
        ties=ties,
        open_needs=_open_needs(session),
        area_names=area_names,
        category_names=category_names,
    )


def _groups(session: Session) -> list[GroupInfo]:
    open_group = Group.closed_at.is_(None)
    areas: dict[int, set[str]] = defaultdict(set)
    for group_id, code in session.execute(
        select(group_areas.c.group_id, Area.code)
        .join(Area, Area.id == group_areas.c.area_id)
        .join(Group, Group.id == group_areas.c.group_id)
        .where(open_group, Area.kind == "ward")
    ):
        areas[group_id].add(code)
    categories: dict[int, set[str]] = defaultdict(set)
    for group_id, slug in session.execute(
        select(group_categories.c.group_id, Category.slug)
        .join(Category, Category.id == group_categories.c.category_id)
        .join(Group, Group.id == group_categories.c.group_id)
        .where(open_group)
    ):
        categories[group_id].add(slug)
    return [
        GroupInfo(group_node(gid), name, frozenset(areas[gid]), frozenset(categories[gid]))
        for gid, name in session.execute(select(Group.id, Group.name).where(open_group).order_by(Group.id))
    ]


def _memberships(session: Session) -> list[Tie]:
    rows = session.execute(
        select(Membership.user_id, Membership.group_id, Membership.decided_at, Membership.created_at).where(
            Membership.status == "active"
        )
        # Every source is read in a fixed order: the graph's order steers Louvain, and the database's own
        # order (PostgreSQL's changes as rows are updated) would make the same data give other communities.
        .order_by(Membership.user_id, Membership.group_id)
    )
    return [
        Tie(person_node(uid), group_node(gid), "membership", decided or created, active=True)
        for uid, gid, decided, created in rows
    ]


def _partnerships(session: Session) -> list[Tie]:
    rows = session.execute(
        select(
            Partnership.group_a_id, Partnership.group_b_id, Partnership.accepted_at, Partnership.created_at
        ).where(Partnership.status == "active")
        .order_by(Partnership.group_a_id, Partnership.group_b_id)
    )
    return [
        Tie(group_node(a), group_node(b), "partnership", accepted or created, active=True)
        for a, b, accepted, created in rows
    ]


def _helped(session: Session) -> list[Tie]:
    """A met need ties its helper to the resident, and the group that took it on to the resident."""
    rows = session.execute(
        select(Need.requester_id, Need.group_id, Need.met_at, Need.closed_at, Response.helper_id)
        .outerjoin(Response, and_(Response.need_id == Need.id, Response.status == "completed"))
        .where(Need.status == "met", Need.requester_id.is_not(None))
        .order_by(Need.id, Response.id)
    )
    ties = []
    for requester, group_id, met_at, closed_at, helper in rows:
        at = met_at or closed_at
        if at is None or requester is None:  # the query leaves out needs with no resident
            continue
        resident = person_node(requester)
        if helper is not None:
            ties.append(Tie(person_node(helper), resident, "helped", at))
        if group_id is not None:
            ties.append(Tie(group_node(group_id), resident, "helped", at))
    return ties


def _introductions(session: Session) -> list[Tie]:
    rows = session.execute(
        select(Introduction.group_a_id, Introduction.group_b_id, Introduction.decided_at).where(
            Introduction.status == "accepted", Introduction.decided_at.is_not(None)
        )
        .order_by(Introduction.id)
    )
    return [Tie(group_node(a), group_node(b), "introduction", at) for a, b, at in rows if at is not None]


def _open_needs(session: Session) -> list[OpenNeed]:
    rows = session.execute(
        select(Need.id, Need.requester_id, Area.code, Category.slug)
        .join(Area, Area.id == Need.area_id)
        .join(Category, Category.id == Need.category_id)
        .where(
            Need.status.in_(NEED_OPEN_STATUSES),
            Need.hidden.is_(False),
            Need.requester_id.is_not(None),
        )
        .order_by(Need.id)
    )
    return [
        OpenNeed(person_node(requester), code, slug, need_id=f"need:{need_id}")
        for need_id, requester, code, slug in rows
        if requester is not None  # always: the query leaves out needs with no resident
    ]
