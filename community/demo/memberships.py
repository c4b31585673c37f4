"""Who is in which group, what they help with, and the DBS checks groups doing regulated work hold."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy.orm import Session

from community.demo.people import COORDINATOR, RESIDENT
from community.demo.texts import AVAILABILITY
from community.demo.world import GroupInfo, World, bulk_insert
from community.models import DBSCheck, Membership, membership_categories

__all__ = ["make_memberships"]

_SIZES = {"mutual_aid": (6, 26), "charity": (8, 30), "faith": (6, 26), "tenants": (3, 12),
          "club": (4, 18), "school": (4, 16), "business": (2, 7), "other": (3, 10)}
_VOLUNTEER_STATUSES = (("active", 78), ("pending", 8), ("left", 10), ("declined", 2), ("removed", 2))
# A DBS certificate has no expiry date in law; groups set their own renewal period, commonly three years.
_DBS_RENEWAL = timedelta(days=3 * 365)


def make_memberships(session: Session, world: World) -> dict[str, int]:
    ids = {"membership": 0, "dbs": 0}
    rows: list[dict] = []
    category_rows: list[dict] = []
    dbs_rows: list[dict] = []
    statuses = [status for status, _ in _VOLUNTEER_STATUSES]
    status_weights = [weight for _, weight in _VOLUNTEER_STATUSES]
    for g, group in enumerate(world.groups):
        members: list[tuple[int, str, str]] = [(p, "coordinator", "active") for p in group.coordinators]
        for person in _volunteers(world, g, group):
            members.append((person, "volunteer", world.rng.choices(statuses, status_weights)[0]))
        if g == 0:
            members += _demo_group_extras(world, group, members)
        for person, role, status in members:
            ids["membership"] += 1
            row = _membership(world, ids["membership"], group, person, role, status)
            rows.append(row)
            if status == "active":
                group.active.append(person)
            elif status == "pending" and group.coordinators:
                world.events.append((group.coordinators[0], "membership_requested",
                                     f"{world.people[person].name} asked to join {group.name}.",
                                     row["created_at"]))
            if role == "volunteer" and status in ("active", "pending"):
                chosen = world.rng.sample(group.categories, min(len(group.categories),
                                                                world.rng.randint(1, 3)))
                category_rows.extend(
                    {"membership_id": row["id"], "category_id": world.categories[c].id} for c in chosen
                )
                if status == "active" and any(world.categories[c].regulated for c in chosen):
                    dbs_rows.extend(_dbs_check(world, ids, group, person))
        if any(world.categories[c].regulated for c in group.categories):
            for person in group.coordinators:
                dbs_rows.extend(_dbs_check(world, ids, group, person))
    bulk_insert(session, Membership.__table__, rows)
    bulk_insert(session, membership_categories, category_rows)
    bulk_insert(session, DBSCheck.__table__, dbs_rows)
    return {"memberships": len(rows), "dbs_checks": len(dbs_rows)}


def _volunteers(world: World, g: int, group: GroupInfo) -> list[int]:
    rng = world.rng
    low, high = _SIZES[group.kind]
    wanted = rng.randint(low, high)
    nearby = world.wards[group.ward].neighbours
    chosen: list[int] = []
    taken = set(group.coordinators)
    for _ in range(wanted * 3):
        if len(chosen) >= wanted:
            break
        roll = rng.random()
        person = world.person_in(group.wards if roll < 0.8 else nearby) if roll < 0.93 else None
        if person is None:
            person = rng.randrange(len(world.people))
        # The demo accounts' memberships are set by hand, so they always look the same.
        if person in taken or person < 4 or world.people[person].groups >= 3:
            continue
        taken.add(person)
        chosen.append(person)
        world.people[person].groups += 1
    return chosen


def _demo_group_extras(world: World, group: GroupInfo, members: list) -> list[tuple[int, str, str]]:
    """The demo coordinator has requests to answer; the demo resident volunteers with them."""
    extras = [(RESIDENT, "volunteer", "active")]
    local = [p for p in world.wards[group.ward].people if p >= 4 and world.people[p].groups < 3]
    already = {m[0] for m in members} | {COORDINATOR}
    for person in [p for p in local if p not in already][:3]:
        extras.append((person, "volunteer", "pending"))
        world.people[person].groups += 1
    world.people[RESIDENT].groups += 1
    return extras


def _membership(world: World, id_: int, group: GroupInfo, person: int, role: str, status: str) -> dict:
    rng = world.rng
    who = world.people[person]
    if role == "coordinator":
        created = group.created_at
    else:
        created = world.between(max(group.created_at, who.created_at), world.now)
    decided = ended = None
    if status != "pending":
        decided = min(created + timedelta(hours=rng.uniform(1, 160)), world.now)
        if status in ("left", "removed"):
            ended = world.between(decided, world.now)
    return {
        "id": id_,
        "user_id": who.id,
        "group_id": group.id,
        "role": role,
        "status": status,
        "availability": rng.choice(AVAILABILITY) if role == "volunteer" and rng.random() < 0.7 else "",
        "created_at": created,
        "decided_at": decided,
        "ended_at": ended,
    }


def _dbs_check(world: World, ids: dict, group: GroupInfo, person: int) -> list[dict]:
    rng = world.rng
    if rng.random() >= 0.75:
        return []
    checked_on = world.today - timedelta(days=rng.randrange(0, 4 * 365))
    expires_on = checked_on + _DBS_RENEWAL
    # Regulated activity entitles a group to ask for the enhanced check with the barred lists.
    level = "enhanced_barred" if rng.random() < 0.9 else "enhanced"
    revoked = rng.random() < 0.02
    # The same rule Weave applies when someone takes on regulated help: in date and not withdrawn.
    if not revoked and expires_on >= world.today:
        group.dbs_valid.append(person)
    recorder = group.coordinators[0] if group.coordinators else person
    seen = datetime.combine(checked_on, time(10), tzinfo=UTC) + timedelta(days=rng.randint(1, 20))
    ids["dbs"] += 1
    return [{
        "id": ids["dbs"],
        "user_id": world.people[person].id,
        "group_id": group.id,
        "recorded_by_id": world.people[recorder].id,
        "level": level,
        "checked_on": checked_on,
        "expires_on": expires_on,
        "revoked": revoked,
        "created_at": min(seen, world.now),
    }]
