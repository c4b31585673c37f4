"""A few notifications, and searches that found nobody (the demand connectors cannot otherwise see)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from community.demo.people import CONNECTOR, DEMO_ACCOUNTS
from community.demo.world import World, bulk_insert
from community.models import Notification, SearchMiss

__all__ = ["make_notifications", "make_search_misses"]


def make_notifications(session: Session, world: World, *, count: int) -> int:
    rng, now = world.rng, world.now
    events = [e for e in world.events if e[3] <= now]
    for ward, category in sorted(world.gaps)[:3]:
        events.append((CONNECTOR, "coverage_gap",
                       f"Nobody offers {world.categories[category].name.lower()} in "
                       f"{world.wards[ward].name}, and needs there often go unmet.",
                       now - timedelta(days=rng.randint(1, 20))))
    events.append((CONNECTOR, "group_assurance_due",
                   "Some groups have not confirmed their details for over a year.",
                   now - timedelta(days=2)))
    demo = [e for e in events if e[0] < len(DEMO_ACCOUNTS)]
    others = [e for e in events if e[0] >= len(DEMO_ACCOUNTS)]
    chosen = demo[-30:] + rng.sample(others, min(len(others), max(count - len(demo[-30:]), 0)))
    chosen.sort(key=lambda e: (e[3], e[0], e[1]))
    rows = []
    for number, (person, kind, message, when) in enumerate(chosen, start=1):
        read_at = None
        if when < now - timedelta(days=3) and rng.random() < 0.8:
            read_at = world.between(when, min(when + timedelta(days=3), now))
        rows.append({
            "id": number,
            "user_id": world.people[person].id,
            "kind": kind,
            "message": message[:500],
            "target_kind": None,
            "target_id": None,
            "target_action": None,
            "created_at": when,
            "read_at": read_at,
        })
    return bulk_insert(session, Notification.__table__, rows)


def make_search_misses(session: Session, world: World, *, count: int) -> int:
    """Anonymous by design: a category, an area and a day; most fall where the gaps are."""
    rng = world.rng
    gaps = sorted(world.gaps)
    rows = []
    for number in range(1, count + 1):
        if gaps and rng.random() < 0.7:
            ward, category = rng.choice(gaps)
        else:
            ward, category = rng.randrange(len(world.wards)), rng.randrange(len(world.categories))
        rows.append({
            "id": number,
            "category_id": world.categories[category].id,
            "area_id": world.wards[ward].id,
            "kind": rng.choices(("offers", "both", "needs"), (50, 40, 10))[0],
            "day": world.today - timedelta(days=rng.randrange(120)),
        })
    return bulk_insert(session, SearchMiss.__table__, rows)
