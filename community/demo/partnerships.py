"""Partnerships between groups: mostly between neighbours, a few across the borough."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from community.demo.texts import PARTNERSHIP_NOTES
from community.demo.world import World, bulk_insert
from community.models import Partnership

__all__ = ["make_partnerships"]

_KINDS = (("referral", 50), ("shared_volunteers", 25), ("co_delivery", 25))
_STATUSES = (("active", 60), ("proposed", 15), ("ended", 20), ("declined", 5))


def make_partnerships(session: Session, world: World, *, per_group: float) -> int:
    rng = world.rng
    groups = world.groups
    if len(groups) < 2:
        return 0
    target = int(len(groups) * per_group)
    pairs: dict[tuple[int, int], str | None] = {}
    # The demo coordinator's group has one partnership running and one waiting for an answer.
    for status in ("active", "proposed"):
        partner = _nearby(world, 0, exclude={0, *(b for _, b in pairs)})
        if partner is not None:
            pairs[(0, partner)] = status
    for _ in range(target * 4):
        if len(pairs) >= target:
            break
        a = rng.randrange(len(groups))
        b = _nearby(world, a, exclude={a}) if rng.random() < 0.8 else rng.randrange(len(groups))
        if b is None or a == b:
            continue
        pair = (min(a, b), max(a, b))
        if pair not in pairs:
            pairs[pair] = None
    kinds, kind_weights = [kind for kind, _ in _KINDS], [weight for _, weight in _KINDS]
    statuses, status_weights = [status for status, _ in _STATUSES], [weight for _, weight in _STATUSES]
    rows = []
    for number, ((a, b), forced) in enumerate(pairs.items(), start=1):
        status = forced or rng.choices(statuses, status_weights)[0]
        created = world.between(max(groups[a].created_at, groups[b].created_at), world.now)
        accepted = ended = None
        if status in ("active", "ended"):
            accepted = min(created + timedelta(days=rng.uniform(0.5, 20)), world.now)
            if status == "ended":
                ended = world.between(accepted, world.now)
        # The demo coordinator's pending proposal comes from the other group, so they can answer it.
        proposer = b if forced == "proposed" else rng.choice((a, b))
        other = groups[a if proposer == b else b]
        if status == "proposed" and other.coordinators:
            message = f"{groups[proposer].name} proposed a partnership with {other.name}."
            world.events.append((other.coordinators[0], "partnership_proposed", message, created))
        rows.append({
            "id": number,
            "group_a_id": groups[a].id,
            "group_b_id": groups[b].id,
            "kind": rng.choices(kinds, kind_weights)[0],
            "status": status,
            "proposed_by_group_id": groups[proposer].id,
            "note": rng.choice(PARTNERSHIP_NOTES),
            "created_at": created,
            "accepted_at": accepted,
            "ended_at": ended,
        })
    return bulk_insert(session, Partnership.__table__, rows)


def _nearby(world: World, g: int, *, exclude: set[int]) -> int | None:
    """A group serving one of g's wards or a ward next to its base."""
    rng = world.rng
    group = world.groups[g]
    wards = group.wards + world.wards[group.ward].neighbours
    for _ in range(10):
        candidates = world.wards[rng.choice(wards)].groups
        if candidates:
            pick = rng.choice(candidates)
            if pick not in exclude:
                return pick
    return None
