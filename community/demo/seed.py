"""`seed_demo`: a believable synthetic community on the real Ealing wards, the same for the same seed."""

from __future__ import annotations

import json
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import exists, select, text
from sqlalchemy.orm import Session

from community.demo.activity import make_notifications, make_search_misses
from community.demo.council import make_council
from community.demo.groups import choose_gaps, make_groups
from community.demo.history import make_history
from community.demo.memberships import make_memberships
from community.demo.needs import make_needs
from community.demo.offers import make_offers
from community.demo.partnerships import make_partnerships
from community.demo.people import COORDINATOR, DEMO_ACCOUNTS, DEMO_PASSWORD, DemoAccount, make_people
from community.demo.world import NEIGHBOUR_TOLERANCE_DEGREES, CategoryInfo, Ward, World, reset_sequences
from community.errors import Conflict, ValidationFailed
from community.models import Area, Category, CouncilSettings, Group, Postcode, User
from community.places.areas import import_areas
from community.places.categories import DEFAULT_CATEGORIES, ensure_default_categories
from community.places.geo import area_geometry

__all__ = ["Scale", "SCALES", "DemoSummary", "seed_demo", "has_council_data", "DEMO_REFUSED", "EALING_DATA"]

EALING_DATA = Path(__file__).resolve().parent.parent / "data" / "ealing"
_TABLES_WITH_IDS = (
    "users", "groups", "memberships", "dbs_checks", "partnerships", "offers", "needs", "responses",
    "notifications", "search_misses",
)


@dataclass(frozen=True, slots=True)
class Scale:
    accounts: int
    groups: int
    needs: int
    offers: int
    connectors: int
    underserved_wards: int
    partnerships_per_group: float
    notifications: int
    search_misses: int
    # Needs over the two years before (``community.demo.history``): the city only, for the forecast.
    history_needs: int = 0


SCALES = {
    "small": Scale(600, 40, 1_300, 700, 3, 2, 0.9, 80, 40),
    # Ealing: about 370,000 people; 30,000 on Weave is one in twelve.
    "city": Scale(30_000, 2_000, 65_000, 35_000, 15, 3, 0.8, 1_500, 600, history_needs=60_000),
}


@dataclass(frozen=True, slots=True)
class DemoSummary:
    scale: str
    seed: int
    counts: dict[str, int]
    accounts: tuple[DemoAccount, ...] = DEMO_ACCOUNTS
    password: str = DEMO_PASSWORD
    timings: dict[str, float] = field(default_factory=dict)


# The demo never lands on a real council's database: one plain line, and nothing written.
DEMO_REFUSED = (
    "This database already holds a council's data (wards, categories, groups or people); the demo only "
    "seeds an empty database."
)


def has_council_data(session: Session) -> bool:
    """Whether the database holds anything of a council's: its settings, areas, postcodes, categories,
    groups or people."""
    return bool(session.scalar(select(
        exists(select(CouncilSettings.id)) | exists(select(Area.id)) | exists(select(Postcode.postcode))
        | exists(select(Category.id)) | exists(select(Group.id)) | exists(select(User.id))
    )))


def seed_demo(
    session: Session,
    *,
    scale: str,
    seed: int,
    now: datetime,
    location_salt: str,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Fill an empty database with the demo and return what was made.

    The same (scale, seed, now) always gives the same rows. Every id is assigned here, except those of
    areas and categories, which the database may already hold; rows refer to those by whatever ids
    they have. ``progress`` is told about each stage as it finishes.
    """
    if scale not in SCALES:
        raise ValidationFailed({"scale": f"The scale must be one of {', '.join(SCALES)}"})
    if now.tzinfo is None:
        raise ValidationFailed({"now": "The reference time must include a time zone"})
    if has_council_data(session):
        raise Conflict(DEMO_REFUSED)
    size = SCALES[scale]
    counts: dict[str, int] = {}
    timings: dict[str, float] = {}
    report = progress or (lambda _message: None)

    def stage(label: str, action: Callable[[], dict[str, int] | int], noun: str | None = None) -> None:
        started = time.perf_counter()
        result = action()
        timings[label] = time.perf_counter() - started
        made = result if isinstance(result, dict) else {noun or label: result}
        counts.update(made)
        described = ", ".join(f"{n:,} {k.replace('_', ' ')}" for k, n in made.items())
        report(f"{label.capitalize()}: {described} ({timings[label]:.1f} s)")

    stage("areas", lambda: ensure_ealing_areas(session))
    stage("categories", lambda: {"categories": _categories_ready(session)})
    world = _world(session, random.Random(seed), now.astimezone(UTC).replace(microsecond=0), location_salt)
    stage("people", lambda: make_people(session, world, accounts=size.accounts, connectors=size.connectors))
    choose_gaps(world, underserved=size.underserved_wards)
    stage("groups", lambda: make_groups(session, world, count=size.groups, coordinator_person=COORDINATOR))
    stage("memberships", lambda: make_memberships(session, world))
    stage("partnerships", lambda: make_partnerships(session, world, per_group=size.partnerships_per_group))
    stage("offers", lambda: make_offers(session, world, count=size.offers))
    stage("needs", lambda: make_needs(session, world, count=size.needs))
    stage("notifications", lambda: {
        "notifications": make_notifications(session, world, count=size.notifications),
        "search_misses": make_search_misses(session, world, count=size.search_misses),
    })
    stage("council", lambda: make_council(session, world))
    stage("history", lambda: make_history(session, world, count=size.history_needs, seed=seed))
    reset_sequences(session, _TABLES_WITH_IDS)
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        # Fresh bulk-loaded tables have no statistics: without them the planner picks nested loops
        # that make coverage queries take seconds instead of a fraction of one.
        session.execute(text("ANALYZE"))
    counts["underserved_wards"] = sum(w.underserved for w in world.wards)
    counts["coverage_gaps"] = len(world.gaps)
    return DemoSummary(scale=scale, seed=seed, counts=counts, timings=timings)


def ensure_ealing_areas(session: Session) -> dict[str, int]:
    """Import the Ealing wards and LSOAs shipped with Weave unless every one is already there."""
    counts = {}
    for filename, kind, label in (("wards.geojson", "ward", "wards"), ("lsoas.geojson", "lsoa", "LSOAs")):
        document = json.loads((EALING_DATA / filename).read_text(encoding="utf-8"))
        codes = _codes(document)
        present = set(session.scalars(select(Area.code).where(Area.code.in_(codes))))
        if present != set(codes):
            import_areas(session, source=document, kind=kind)
        counts[label] = len(codes)
    return counts


def _codes(document: dict) -> list[str]:
    key = "WD13CD" if "WD13CD" in document["features"][0]["properties"] else "LSOA11CD"
    return [f["properties"][key] for f in document["features"]]


def _categories_ready(session: Session) -> int:
    ensure_default_categories(session)
    return len(DEFAULT_CATEGORIES)


def _world(session: Session, rng: random.Random, now: datetime, salt: str) -> World:
    ward_codes = _codes(json.loads((EALING_DATA / "wards.geojson").read_text(encoding="utf-8")))
    areas = session.scalars(select(Area).where(Area.code.in_(ward_codes)).order_by(Area.code)).all()
    wards = []
    for index, area in enumerate(areas):
        geom = area_geometry(area)
        # Square degrees shrink with latitude in the east-west direction; scale to compare sizes fairly.
        size = geom.area * math.cos(math.radians(area.centre_lat))
        wards.append(Ward(index, area.id, area.code, area.name, geom, size))
    for ward in wards:
        ward.neighbours = [
            other.index for other in wards
            if other.index != ward.index and ward.geom.distance(other.geom) < NEIGHBOUR_TOLERANCE_DEGREES
        ]
    slugs = [spec.slug for spec in DEFAULT_CATEGORIES]
    by_slug = {c.slug: c for c in session.scalars(select(Category).where(Category.slug.in_(slugs)))}
    categories = [
        CategoryInfo(by_slug[s].id, s, by_slug[s].name, by_slug[s].sensitive, by_slug[s].regulated)
        for s in slugs
    ]
    return World(rng=rng, now=now, salt=salt, wards=wards, categories=categories)
