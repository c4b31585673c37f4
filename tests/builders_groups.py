"""Builders for the groups side: square wards near Ealing, polygons to draw, and a group with its areas."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from datetime import date, timedelta

from community.db import make_sessionmaker, utcnow
from community.models import Area, DBSCheck, Group, Partnership, User
from tests.builders_posts import make_category, make_group, make_membership, make_need, make_person

_counter = itertools.count(1)

# Three wards side by side, west to east, each 0.02° square, in Ealing.
WARD_BOXES = {
    "Acton Green": (-0.32, 51.50, -0.30, 51.52),
    "Brentham": (-0.30, 51.50, -0.28, 51.52),
    "Cleveland": (-0.28, 51.50, -0.26, 51.52),
}


def square(west: float, south: float, east: float, north: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
    }


def make_ward(session, *, name: str | None = None, box=None) -> Area:
    n = next(_counter)
    name = name or f"Ward {n}"
    west, south, east, north = box or WARD_BOXES.get(name, (-0.32, 51.50, -0.30, 51.52))
    area = Area(
        code=f"E0500{n:04d}",
        name=name,
        kind="ward",
        geometry=json.dumps(square(west, south, east, north)),
        min_lat=south,
        min_lng=west,
        max_lat=north,
        max_lng=east,
        centre_lat=(south + north) / 2,
        centre_lng=(west + east) / 2,
    )
    session.add(area)
    session.flush()
    return area


def make_wards(session) -> dict[str, Area]:
    return {name: make_ward(session, name=name) for name in WARD_BOXES}


def feature(geometry: dict) -> str:
    """What Leaflet.draw's ``toGeoJSON()`` gives for one drawn shape, as text."""
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": geometry}
    ]})


BOW_TIE = {
    "type": "Polygon",
    "coordinates": [[[-0.31, 51.505], [-0.29, 51.515], [-0.29, 51.505], [-0.31, 51.515], [-0.31, 51.505]]],
}
# Over Paris: a fine polygon nowhere near the council's wards.
FAR_AWAY = square(2.30, 48.85, 2.32, 48.87)


def make_serving_group(session, *, coordinator=None, wards=(), categories=(), name=None, **extra) -> Group:
    """A group with a coordinator, serving ``wards`` with ``categories`` (assured today)."""
    coordinator = coordinator or make_person(session)
    group = make_group(session, name=name, coordinator=coordinator)
    group.areas = list(wards)
    group.categories = list(categories) or [make_category(session)]
    group.description = "We help neighbours."
    group.contact_email = f"group{group.id}@example.org"
    group.assured_at = utcnow()
    for key, value in extra.items():
        setattr(group, key, value)
    session.flush()
    return group


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
            "resident": make_person(session, name="Rita Resident"),
            "member": make_person(session, name="Vic Volunteer"),
            "other_coordinator": make_person(session, name="Olu Other"),
            "coordinator": make_person(session, name="Cora Coordinator"),
            "connector": make_person(session, name="Con Connector", role="connector"),
        }
        pending = make_person(session, name="Pat Pending")
        group = make_serving_group(session, coordinator=users["coordinator"], name="Brentham Mutual Aid",
                                   wards=[wards["Brentham"]], categories=[shopping], base_lat=51.51,
                                   base_lng=-0.29, contact_phone="020 8000 0000")
        other = make_serving_group(session, coordinator=users["other_coordinator"],
                                   name="Acton Faith Kitchen", wards=[wards["Acton Green"]],
                                   categories=[shopping], kind="faith", base_lat=51.51, base_lng=-0.31)
        third = make_serving_group(session, name="Cleveland Drivers", wards=[wards["Cleveland"]],
                                   categories=[shopping], kind="club", base_lat=51.51, base_lng=-0.27)
        fourth = make_serving_group(session, name="Dormers Wells Tenants", wards=[wards["Cleveland"]],
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


__all__ = [
    "WARD_BOXES",
    "BOW_TIE",
    "FAR_AWAY",
    "square",
    "feature",
    "make_ward",
    "make_wards",
    "make_serving_group",
    "make_membership",
    "make_person",
    "make_category",
    "ROLES",
    "World",
    "build_world",
]
