"""A year of needs and what became of them: who helped, how fast, and which went unmet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from community.demo.names import NAME_POOLS
from community.demo.people import COORDINATOR, RESIDENT
from community.demo.responses import Responder
from community.demo.texts import NEED_CLOSINGS, NEED_TITLES
from community.demo.world import World, bulk_insert
from community.models import Need, Response
from community.posts.needs import NEED_LIFETIME, SENSITIVE_CONSENT_VERSION

__all__ = ["make_needs", "NEED_WEIGHTS"]

NEED_WEIGHTS = {
    "food-and-shopping": 20, "cooked-meals": 5, "lifts-and-transport": 10, "befriending": 9,
    "health-support": 5, "prescriptions": 8, "mental-wellbeing": 4, "personal-care": 2,
    "digital-help": 8, "household-and-diy": 8, "gardening": 5, "pets": 4, "childcare": 3,
    "forms-and-admin": 7, "translation": 4, "english-conversation": 2,
}
_YEAR = timedelta(days=365)

# Status by age and by whether anyone could help: (age in days below, {status: weight}). Where no
# group or offer serves, a neighbour who saw a public post still helps now and then.
_FATES_HELPABLE = (
    (7, {"open": 45, "in_progress": 30, "met": 20, "withdrawn": 5}),
    (21, {"met": 50, "in_progress": 20, "open": 12, "withdrawn": 8, "expired": 5, "closed_unmet": 5}),
    (None, {"met": 75, "closed_unmet": 8, "expired": 9, "withdrawn": 8}),
)
_FATES_UNHELPABLE = (
    (7, {"open": 88, "withdrawn": 12}),
    (21, {"open": 42, "closed_unmet": 25, "withdrawn": 10, "expired": 20, "in_progress": 3}),
    (None, {"closed_unmet": 50, "expired": 30, "withdrawn": 12, "met": 8}),
)


@dataclass(frozen=True, slots=True)
class _Plan:
    """A need made by hand so the demo accounts always have something to look at."""

    days_ago: float
    status: str
    category: str
    on_behalf: bool = False


_DEMO_PLAN = (
    _Plan(1.2, "open", "food-and-shopping"),
    _Plan(4.5, "in_progress", "household-and-diy"),
    _Plan(40, "met", "digital-help"),
    _Plan(130, "met", "gardening"),
    _Plan(200, "withdrawn", "lifts-and-transport"),
    _Plan(2.1, "open", "befriending", on_behalf=True),
)


def make_needs(session: Session, world: World, *, count: int) -> dict[str, int]:
    rng = world.rng
    weights = [NEED_WEIGHTS.get(c.slug, 1) for c in world.categories]
    responder = Responder(world)
    needs: list[dict] = []
    for number in range(1, count + 1):
        plan = _DEMO_PLAN[number - 1] if number <= len(_DEMO_PLAN) else None
        row = _posting(world, number, plan, weights)
        helpable = responder.can_help(row)
        if plan:
            status = plan.status
        else:
            age = (world.now - row["created_at"]).days
            table = _FATES_HELPABLE if helpable else _FATES_UNHELPABLE
            fates = next(f for limit, f in table if limit is None or age < limit)
            status = rng.choices(list(fates), list(fates.values()))[0]
        responder.settle(row, status, helpable, forced=plan is not None)
        needs.append(row)
    bulk_insert(session, Need.__table__, needs)
    bulk_insert(session, Response.__table__, responder.rows)
    return {"needs": len(needs), "responses": len(responder.rows)}


def _posting(world: World, number: int, plan: _Plan | None, weights: Sequence[float]) -> dict:
    rng = world.rng
    on_behalf = None
    offline = False
    if plan:
        category = world.category_index(plan.category)
        created = (world.now - timedelta(days=plan.days_ago)).replace(microsecond=0)
        poster, offline = RESIDENT, plan.on_behalf
        if plan.on_behalf:
            on_behalf, poster = world.groups[0], COORDINATOR
    else:
        category = rng.choices(range(len(weights)), weights)[0]
        created = world.posted_between(world.now - _YEAR, world.now)
        roll = rng.random()
        if roll < 0.05:
            on_behalf = world.groups[rng.randrange(len(world.groups))]
            poster, offline = rng.choice(on_behalf.coordinators or [COORDINATOR]), True
        elif roll < 0.06:
            poster, offline = rng.choice(world.connectors), True
        else:
            poster = world.person_before(created)
        created = world.not_before_joining(poster, created)
    if offline:
        # Posted for someone who is not online: the need is at their home, not the poster's.
        ward = rng.choice(on_behalf.wards) if on_behalf else rng.randrange(len(world.wards))
        (lat, lng), = world.points_in(ward, 1)
        requester = None
    else:
        requester = poster
        who = world.people[poster]
        ward, lat, lng = who.ward, who.lat, who.lng
    info = world.categories[category]
    urgency = "this_week" if plan else rng.choices(("today", "this_week", "no_rush"), (15, 55, 30))[0]
    if plan:
        visibility = "public"
    elif info.sensitive:
        visibility = "groups" if rng.random() < 0.85 else "connectors"
    else:
        visibility = rng.choices(("public", "groups", "connectors"), (85, 12, 3))[0]
    title, body = rng.choice(NEED_TITLES[info.slug])
    public_lat, public_lng = world.public(lat, lng)
    needed_by = None
    if urgency != "no_rush" or rng.random() < 0.3:
        needed_by = (created + timedelta(days=rng.randint(0, 3 if urgency == "today" else 12))).date()
    row = {
        "id": number,
        "requester_id": world.people[requester].id if requester is not None else None,
        "posted_by_id": world.people[poster].id,
        "on_behalf_group_id": on_behalf.id if on_behalf else None,
        "on_behalf_name": None,
        "on_behalf_contact": None,
        "consent_statement": None,
        "sensitive_consent_version": SENSITIVE_CONSENT_VERSION if info.sensitive else None,
        "sensitive_consent_at": created if info.sensitive else None,
        "category_id": info.id,
        "title": title,
        "body": body + rng.choice(NEED_CLOSINGS),
        "urgency": urgency,
        "needed_by": needed_by,
        "lat": lat,
        "lng": lng,
        "public_lat": public_lat,
        "public_lng": public_lng,
        "area_id": world.wards[ward].id,
        "visibility": visibility,
        "status": "open",
        "unmet_reason": None,
        "group_id": None,
        "assigned_to_id": None,
        "referred_to_group_id": None,
        "hidden": False,
        "created_at": created,
        "first_response_at": None,
        "accepted_at": None,
        "met_at": None,
        "closed_at": None,
        "expires_at": created + NEED_LIFETIME,
        "reminded_at": None,
        # Working values for the responder; removed before the row is written.
        "_ward": ward,
        "_category": category,
        "_requester": requester,
        "_poster": poster,
    }
    if requester is None:
        row.update(_offline_resident(world, created))
    return row


def _offline_resident(world: World, created: datetime) -> dict:
    rng = world.rng
    pool = NAME_POOLS[rng.choice(list(NAME_POOLS))]
    title = rng.choice(("Mrs", "Mr", "Ms", "Miss"))
    first = title if rng.random() < 0.6 else rng.choice(pool[0])
    name = f"{first} {rng.choice(pool[1])}"
    number = f"020 7946 0{rng.randrange(1000):03d}"
    contact = rng.choice((
        f"Landline {number}, mornings are best",
        f"Landline {number}; hard of hearing, let it ring",
        f"Via her daughter on 07700 900{rng.randrange(1000):03d}",
        f"Via his son on 07700 900{rng.randrange(1000):03d}",
        f"Landline {number}",
    ))
    return {
        "on_behalf_name": name,
        "on_behalf_contact": contact,
        "consent_statement": f"Agreed by phone on {created.day} {created:%B %Y}",
    }
