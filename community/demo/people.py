"""Synthetic residents, a few connectors, and the four demo accounts people sign in with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from community.accounts.passwords import UNUSABLE_PASSWORD, hash_password
from community.demo.names import email_local_part, person_name, pool_weights
from community.demo.world import Person, World, bulk_insert, spread
from community.models import User

__all__ = ["DEMO_PASSWORD", "DemoAccount", "DEMO_ACCOUNTS", "make_people"]

# Demo only: printed by `flask demo seed` and never valid outside a demo database.
DEMO_PASSWORD = "weave-demo-password"


@dataclass(frozen=True, slots=True)
class DemoAccount:
    email: str
    display_name: str
    role: str
    what: str
    home_ward: str


# Ids 1 to 4, in this order; the coordinator's group and the resident's posts are made by later stages.
DEMO_ACCOUNTS = (
    DemoAccount("resident@demo.example.org", "Riya Shah", "resident",
                "a resident with needs and offers of their own", "Ealing Broadway"),
    DemoAccount("coordinator@demo.example.org", "Sam Okafor", "resident",
                "coordinator of Northolt Mutual Aid", "Northolt Mandeville"),
    DemoAccount("connector@demo.example.org", "Chris Nowak", "connector",
                "a council connector: coverage, network and introductions", "Acton Central"),
    DemoAccount("admin@demo.example.org", "Alex Morgan", "admin",
                "an administrator", "Ealing Common"),
)
RESIDENT, COORDINATOR, CONNECTOR, ADMIN = range(4)


def _ward_weights(world: World) -> list[float]:
    # Proportional to ward size, varied so that density differs from ward to ward.
    return [w.size * world.rng.uniform(0.75, 1.3) for w in world.wards]


def make_people(session: Session, world: World, *, accounts: int, connectors: int) -> int:
    """Create ``accounts`` people (the demo four included) with homes inside the wards."""
    rng = world.rng
    homes: list[tuple[int, float, float]] = []
    for area, count in zip(world.wards, spread(_ward_weights(world), accounts - len(DEMO_ACCOUNTS)),
                           strict=True):
        homes.extend((area.index, lat, lng) for lat, lng in world.points_in(area.index, count))
    rng.shuffle(homes)

    rows = []
    for account in DEMO_ACCOUNTS:
        ward = world.ward_index(account.home_ward)
        (lat, lng), = world.points_in(ward, 1)
        first, surname = account.display_name.split(" ", 1)
        person = _add(world, ward, lat, lng, first, surname, world.now - timedelta(days=200))
        password_hash = hash_password(DEMO_PASSWORD)
        rows.append(_row(world, person, account.email, account.role, password_hash, account.display_name))
    world.connectors = [CONNECTOR, ADMIN]

    weights = {w.index: pool_weights(w.name) for w in world.wards}
    connector_ids = set(rng.sample(range(len(homes)), min(connectors, len(homes))))
    for n, (ward, lat, lng) in enumerate(homes):
        first, surname = person_name(rng, weights[ward])
        person = _add(world, ward, lat, lng, first, surname, world.days_ago(1, 900))
        email = f"{email_local_part(first, surname, str(person.id))}@example.test"
        role = "connector" if n in connector_ids else "resident"
        if role == "connector":
            world.connectors.append(len(world.people) - 1)
        rows.append(_row(world, person, email, role, UNUSABLE_PASSWORD, person.name))
    return bulk_insert(session, User.__table__, rows)


def _add(
    world: World, ward: int, lat: float, lng: float, first: str, surname: str, created: datetime
) -> Person:
    person = Person(len(world.people) + 1, ward, lat, lng, first, surname, created)
    world.people.append(person)
    world.wards[ward].people.append(len(world.people) - 1)
    return person


def _row(world: World, person: Person, email: str, role: str, password_hash: str, display_name: str) -> dict:
    rng = world.rng
    signed_in = None
    if person.id <= len(DEMO_ACCOUNTS) or rng.random() < 0.7:
        signed_in = world.between(person.created_at, world.now)
    phone = f"07700 900{rng.randrange(1000):03d}" if rng.random() < 0.4 else None
    return {
        "id": person.id,
        "email": email,
        "email_normalised": email.lower(),
        "display_name": display_name,
        "password_hash": password_hash,
        "role": role,
        "session_version": 1,
        "home_lat": person.lat,
        "home_lng": person.lng,
        "area_id": world.wards[person.ward].id,
        "phone": phone,
        "consented_terms_at": person.created_at,
        "email_confirmed_at": person.created_at,
        "created_at": person.created_at,
        "last_sign_in_at": signed_in,
        "deleted_at": None,
        "is_demo": True,
    }
