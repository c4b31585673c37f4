"""Offers of help from residents and groups, over the past year."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from community.demo.people import RESIDENT
from community.demo.texts import AVAILABILITY, OFFER_TITLES
from community.demo.world import World, bulk_insert
from community.models import Offer
from community.posts.offers import OFFER_LIFETIME

__all__ = ["make_offers", "OFFER_WEIGHTS"]

# How often each kind of help is offered, relative to the others.
OFFER_WEIGHTS = {
    "food-and-shopping": 14, "cooked-meals": 4, "lifts-and-transport": 8, "befriending": 10,
    "health-support": 2, "prescriptions": 5, "mental-wellbeing": 2, "personal-care": 0.5,
    "digital-help": 10, "household-and-diy": 10, "gardening": 7, "pets": 6, "childcare": 1,
    "forms-and-admin": 6, "translation": 5, "english-conversation": 3,
}
_YEAR = timedelta(days=365)


def make_offers(session: Session, world: World, *, count: int) -> int:
    rng = world.rng
    weights = [OFFER_WEIGHTS.get(c.slug, 1) for c in world.categories]
    rows = []
    for number in range(1, count + 1):
        group = None
        created = world.posted_between(world.now - _YEAR, world.now)
        if number <= 2:
            person = RESIDENT
            ward = world.people[person].ward
            category = world.category_index(("digital-help", "gardening")[number - 1])
            lat, lng = world.people[person].lat, world.people[person].lng
        elif rng.random() < 0.25:
            group = world.groups[rng.randrange(len(world.groups))]
            person = rng.choice(group.coordinators or group.active or [RESIDENT])
            ward, lat, lng = group.ward, group.lat, group.lng
            category = rng.choice(group.categories)
        else:
            person = world.person_before(created)
            who = world.people[person]
            ward, lat, lng = who.ward, who.lat, who.lng
            category = _category(world, ward, weights)
        poster = world.people[person]
        if number <= 2:
            created = world.now - timedelta(days=(3.2, 150)[number - 1])
        created = world.not_before_joining(person, created)
        expires = created + OFFER_LIFETIME
        closed = None
        if expires <= world.now:
            status = "expired" if rng.random() < 0.75 else "closed"
        else:
            status = rng.choices(("active", "paused", "closed"), (88, 7, 5))[0]
        if status == "closed":
            closed = world.between(created, min(expires, world.now))
        title, body = rng.choice(OFFER_TITLES[world.categories[category].slug])
        public_lat, public_lng = world.public(lat, lng)
        rows.append({
            "id": number,
            "user_id": poster.id,
            "group_id": group.id if group else None,
            "category_id": world.categories[category].id,
            "title": title,
            "body": body,
            "lat": lat,
            "lng": lng,
            "public_lat": public_lat,
            "public_lng": public_lng,
            "area_id": world.wards[ward].id,
            "radius_km": rng.choice((1.0, 1.5, 2.0, 2.0, 3.0, 5.0)),
            "availability": rng.choice(AVAILABILITY),
            "status": status,
            "hidden": False,
            "created_at": created,
            "expires_at": expires,
            "closed_at": closed,
        })
    return bulk_insert(session, Offer.__table__, rows)


def _category(world: World, ward: int, weights: list[float]) -> int:
    """A kind of help, never one of the ward's deliberate gaps."""
    rng = world.rng
    for _ in range(20):
        category = rng.choices(range(len(weights)), weights)[0]
        if (ward, category) not in world.gaps:
            return category
    return next(c for c in range(len(weights)) if (ward, c) not in world.gaps)
