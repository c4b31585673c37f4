"""Groups: a group, one that serves areas with kinds of help, memberships, DBS checks, partnerships, and
``build_world``, a committed world of groups for page and API tests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

from community.db import make_sessionmaker, utcnow
from community.models import DBSCheck, Group, Membership, Partnership, User
from tests.builders.people import make_user
from tests.builders.places import make_category, make_wards
from tests.builders.posts import make_need

_counter = itertools.count(1)
_NEW_PERSON = object()


def make_group(session, *, name: str | None = None, coordinator: User | None = None, kind="mutual_aid"):
    n = next(_counter)
    name = name or f"Group {n}"
    group = Group(name=name, name_normalised=name.lower(), slug=f"group-{n}", kind=kind)
    session.add(group)
    session.flush()
    if coordinator is not None:
        make_membership(session, user=coordinator, group=group, role="coordinator")
    return group


def make_serving_group(session, *, name=None, coordinator=_NEW_PERSON, areas=(), categories=(), base=None,
                       listing: bool = True, **extra) -> Group:
    """A group serving ``areas`` (wards) with ``categories`` (a new category if none are given).

    ``coordinator``: a new person unless given; None for a group with no coordinator at all.
    ``base``: (lat, lng) of its base. ``listing``: fill in its description and contact email and confirm
    them today (``assured_at``); False leaves them empty, as for a group that has just been set up.
    ``extra`` sets any other column (``kind``, ``contact_phone``...).
    """
    if coordinator is _NEW_PERSON:
        coordinator = make_user(session)
    group = make_group(session, name=name, coordinator=coordinator)
    group.areas = list(areas)
    group.categories = list(categories) or [make_category(session)]
    if base is not None:
        group.base_lat, group.base_lng = base
    if listing:
        group.description = "We help neighbours."
        group.contact_email = f"group{group.id}@example.org"
        group.assured_at = utcnow()
    for key, value in extra.items():
        setattr(group, key, value)
    session.flush()
    return group


def make_membership(session, *, user: User, group: Group, role="volunteer", status="active"):
    membership = Membership(user_id=user.id, group_id=group.id, role=role, status=status)
    session.add(membership)
    session.flush()
    return membership


def make_dbs_check(session, *, user: User, expires_in_days: int = 365):
    today = date.today()
    check = DBSCheck(user_id=user.id, level="enhanced", checked_on=today - timedelta(days=30),
                     expires_on=today + timedelta(days=expires_in_days))
    session.add(check)
    session.flush()
    return check


def make_partnership(session, a: Group, b: Group, *, status="active", kind="referral") -> Partnership:
    low, high = sorted((a.id, b.id))
    partnership = Partnership(group_a_id=low, group_b_id=high, kind=kind, status=status,
                              accepted_at=utcnow() if status == "active" else None)
    session.add(partnership)
    session.flush()
    return partnership


# --- a committed world for page and API tests ------------------------------------------------------

ROLES = ("anonymous", "resident", "member", "other_coordinator", "coordinator", "connector")


@dataclass
class World:
    users: dict[str, User]
    group_id: int
    other_group_id: int
    third_group_id: int
    fourth_group_id: int
    member_membership_id: int
    pending_membership_id: int
    open_need_id: int
    taken_need_id: int
    incoming_partnership_id: int
    active_partnership_id: int
    check_id: int
    ward_ids: dict[str, int]
    category_id: int
    pending_user: User

    def user(self, role: str) -> User | None:
        return self.users.get(role)


def build_world(engine) -> World:
    """Commit the world and return plain ids (tests use fresh sessions and clients)."""
    with make_sessionmaker(engine)() as session:
        wards = make_wards(session)
        shopping = make_category(session, slug="shopping")
        users = {
            "resident": make_user(session, name="Rita Resident"),
            "member": make_user(session, name="Vic Volunteer"),
            "other_coordinator": make_user(session, name="Olu Other"),
            "coordinator": make_user(session, name="Cora Coordinator"),
            "connector": make_user(session, name="Con Connector", role="connector"),
        }
        pending = make_user(session, name="Pat Pending")
        group = make_serving_group(session, coordinator=users["coordinator"], name="Brentham Mutual Aid",
                                   areas=[wards["Brentham"]], categories=[shopping], base_lat=51.51,
                                   base_lng=-0.29, contact_phone="020 8000 0000")
        other = make_serving_group(session, coordinator=users["other_coordinator"],
                                   name="Acton Faith Kitchen", areas=[wards["Acton Green"]],
                                   categories=[shopping], kind="faith", base_lat=51.51, base_lng=-0.31)
        third = make_serving_group(session, name="Cleveland Drivers", areas=[wards["Cleveland"]],
                                   categories=[shopping], kind="club", base_lat=51.51, base_lng=-0.27)
        fourth = make_serving_group(session, name="Dormers Wells Tenants", areas=[wards["Cleveland"]],
                                    categories=[shopping], kind="tenants")
        member = make_membership(session, user=users["member"], group=group)
        waiting = make_membership(session, user=pending, group=group, status="pending")
        ward = wards["Brentham"]
        open_need = make_need(session, poster=users["resident"], category=shopping, title="Weekly shop",
                              at=(ward.centre_lat, ward.centre_lng), area_id=ward.id)
        taken = make_need(session, poster=users["resident"], category=shopping, title="Pharmacy run",
                          at=(ward.centre_lat, ward.centre_lng), area_id=ward.id, status="in_progress",
                          group_id=group.id, assigned_to_id=users["member"].id, accepted_at=utcnow())
        incoming = Partnership(group_a_id=min(group.id, other.id), group_b_id=max(group.id, other.id),
                               kind="referral", status="proposed", proposed_by_group_id=other.id,
                               note="Shall we refer to each other?")
        active = Partnership(group_a_id=min(group.id, third.id), group_b_id=max(group.id, third.id),
                             kind="co_delivery", status="active", proposed_by_group_id=group.id,
                             accepted_at=utcnow())
        check = DBSCheck(user_id=users["member"].id, group_id=group.id,
                         recorded_by_id=users["coordinator"].id, level="enhanced",
                         checked_on=date.today() - timedelta(days=10),
                         expires_on=date.today() + timedelta(days=700))
        session.add_all([incoming, active, check])
        session.flush()
        session.commit()
        return World(
            users=users, group_id=group.id, other_group_id=other.id, third_group_id=third.id,
            fourth_group_id=fourth.id,
            member_membership_id=member.id, pending_membership_id=waiting.id, open_need_id=open_need.id,
            taken_need_id=taken.id, incoming_partnership_id=incoming.id, active_partnership_id=active.id,
            check_id=check.id, ward_ids={name: w.id for name, w in wards.items()}, category_id=shopping.id,
            pending_user=pending,
        )
