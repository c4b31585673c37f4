"""Community groups: names from the places they serve, wards and kinds of help, and coverage gaps."""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta

from sqlalchemy.orm import Session

from community.demo.names import SAINTS, ward_places, ward_streets
from community.demo.people import DEMO_ACCOUNTS
from community.demo.texts import GROUP_DESCRIPTIONS, GROUP_NAME_TEMPLATES
from community.demo.world import GroupInfo, World, bulk_insert
from community.models import Group, group_areas, group_categories

__all__ = ["choose_gaps", "make_groups", "DEMO_GROUP_NAME"]

DEMO_GROUP_NAME = "Northolt Mutual Aid"
_DEMO_GROUP_WARDS = ("Northolt Mandeville", "Northolt West End", "Greenford Green")
_DEMO_GROUP_CATEGORIES = (
    "food-and-shopping", "prescriptions", "befriending", "lifts-and-transport", "digital-help",
)

_KIND_WEIGHTS = {"mutual_aid": 24, "charity": 18, "faith": 20, "tenants": 12, "club": 14, "school": 7,
                 "business": 5}
# What each kind of group tends to do; anything else has a small weight.
_KIND_CATEGORIES = {
    "mutual_aid": {"food-and-shopping": 8, "prescriptions": 5, "befriending": 5, "lifts-and-transport": 4,
                   "household-and-diy": 3, "pets": 3, "digital-help": 3, "cooked-meals": 2},
    "charity": {"forms-and-admin": 5, "befriending": 5, "health-support": 4, "mental-wellbeing": 4,
                "food-and-shopping": 4, "lifts-and-transport": 3, "translation": 3, "personal-care": 2,
                "english-conversation": 2},
    "faith": {"food-and-shopping": 6, "cooked-meals": 6, "befriending": 6, "translation": 3,
              "lifts-and-transport": 3, "mental-wellbeing": 2, "english-conversation": 2},
    "tenants": {"household-and-diy": 6, "forms-and-admin": 4, "gardening": 4, "befriending": 3,
                "food-and-shopping": 2, "digital-help": 2},
    "club": {"befriending": 6, "gardening": 5, "household-and-diy": 4, "digital-help": 3,
             "lifts-and-transport": 3, "pets": 2},
    "school": {"childcare": 7, "english-conversation": 4, "translation": 3, "digital-help": 3,
               "food-and-shopping": 2},
    "business": {"digital-help": 5, "food-and-shopping": 4, "cooked-meals": 4, "lifts-and-transport": 3,
                 "prescriptions": 2},
}
_BLOCKS = (
    "Cedar Court", "Beech House", "Willow Gardens", "Brunel House", "Laurel Court", "Poplar House",
    "Redwood Court", "Chestnut Grove", "Maple Court", "Rowan House", "Holly House", "Ash Grove",
    "Hawthorn Court", "Sycamore House", "Elm Gardens", "Hornbeam Court", "Juniper House", "Linden Court",
    "Magnolia House", "Aspen Court", "Orchard Estate", "Meadow Court", "Brook House", "Mill Court",
)


def choose_gaps(world: World, *, underserved: int) -> None:
    """Pick the under-served wards and the ward x category cells nobody will serve."""
    rng = world.rng
    # The demo accounts' own wards stay well served, so what they post never lands in a gap.
    homes = [account.home_ward for account in DEMO_ACCOUNTS]
    protected = {world.ward_index(name) for name in (*_DEMO_GROUP_WARDS, *homes)}
    candidates = [w.index for w in world.wards if w.index not in protected]
    for index in rng.sample(candidates, min(underserved, len(candidates))):
        world.wards[index].underserved = True
        for category in rng.sample(range(len(world.categories)), 5):
            world.gaps.add((index, category))
    for index in rng.sample(candidates, len(world.wards) // 3):
        world.gaps.add((index, rng.randrange(len(world.categories))))


def make_groups(session: Session, world: World, *, count: int, coordinator_person: int) -> int:
    rng = world.rng
    placement = [w.size * (0.1 if w.underserved else rng.uniform(0.7, 1.4)) for w in world.wards]
    kinds, kind_weights = list(_KIND_WEIGHTS), list(_KIND_WEIGHTS.values())
    names: set[str] = set()
    slugs: set[str] = set()
    rows: list[dict] = []
    area_rows: list[dict] = []
    category_rows: list[dict] = []
    for number in range(count):
        if number == 0:
            group = _demo_group(world, coordinator_person)
        else:
            kind = rng.choices(kinds, kind_weights)[0]
            ward = rng.choices(range(len(world.wards)), placement)[0]
            group = _group(world, kind, ward, _name(world, kind, ward, names))
        names.add(group.name.lower())
        world.groups.append(group)
        g = len(world.groups) - 1
        for ward in group.wards:
            world.wards[ward].groups.append(g)
            for category in group.categories:
                world.serving.setdefault((ward, category), []).append(g)
        slug = _unique_slug(group.name, slugs)
        rows.append(_row(world, group, slug))
        area_rows.extend({"group_id": group.id, "area_id": world.wards[w].id} for w in group.wards)
        category_rows.extend(
            {"group_id": group.id, "category_id": world.categories[c].id} for c in group.categories
        )
    bulk_insert(session, Group.__table__, rows)
    bulk_insert(session, group_areas, area_rows)
    bulk_insert(session, group_categories, category_rows)
    return len(rows)


def _demo_group(world: World, coordinator_person: int) -> GroupInfo:
    wards = [world.ward_index(name) for name in _DEMO_GROUP_WARDS]
    lat, lng = world.points_in(wards[0], 1)[0]
    categories = [world.category_index(slug) for slug in _DEMO_GROUP_CATEGORIES]
    group = GroupInfo(1, DEMO_GROUP_NAME, "mutual_aid", wards[0], lat, lng, list(dict.fromkeys(wards)),
                      categories, world.days_ago(400, 700))
    group.coordinators.append(coordinator_person)
    world.people[coordinator_person].groups += 1
    return group


def _group(world: World, kind: str, ward: int, name: str) -> GroupInfo:
    rng = world.rng
    lat, lng = world.points_in(ward, 1)[0]
    wards = [ward]
    extra = rng.choices((0, 1, 2, 3), (35, 30, 20, 15))[0]
    neighbours = world.wards[ward].neighbours
    for _ in range(extra):
        pool = neighbours if neighbours and rng.random() < 0.9 else range(len(world.wards))
        weights = [0.2 if world.wards[w].underserved else 1.0 for w in pool]
        choice = rng.choices(list(pool), weights)[0]
        if choice not in wards:
            wards.append(choice)
    categories = _categories(world, kind, ward)
    wards = [w for w in wards if w == ward or not any((w, c) in world.gaps for c in categories)]
    group = GroupInfo(len(world.groups) + 1, name, kind, ward, lat, lng, wards, categories,
                      world.days_ago(30, 1500))
    _choose_coordinators(world, group)
    return group


def _categories(world: World, kind: str, ward: int) -> list[int]:
    rng = world.rng
    preferred = _KIND_CATEGORIES[kind]
    pool = [i for i in range(len(world.categories)) if (ward, i) not in world.gaps]
    weights = [preferred.get(world.categories[i].slug, 0.3) for i in pool]
    chosen: list[int] = []
    for _ in range(min(rng.choices((2, 3, 4, 5), (30, 35, 22, 13))[0], len(pool))):
        pick = rng.choices(range(len(pool)), weights)[0]
        chosen.append(pool.pop(pick))
        weights.pop(pick)
    return sorted(chosen)


def _choose_coordinators(world: World, group: GroupInfo) -> None:
    rng = world.rng
    wanted = 1 if rng.random() < 0.6 else 2
    for _ in range(40):
        person = world.person_in(group.wards)
        if len(group.coordinators) >= wanted or person is None:
            break
        if world.people[person].groups < 3 and person not in group.coordinators and person >= 4:
            group.coordinators.append(person)
            world.people[person].groups += 1
    if group.coordinators:
        joined = world.people[group.coordinators[0]].created_at
        group.created_at = min(max(group.created_at, joined + timedelta(days=1)), world.now)


def _name(world: World, kind: str, ward: int, taken: set[str]) -> str:
    rng = world.rng
    ward_name = world.wards[ward].name
    places, streets = ward_places(ward_name), ward_streets(ward_name)
    name = ""
    for _ in range(25):
        template = rng.choice(GROUP_NAME_TEMPLATES[kind])
        street_pool = streets + _BLOCKS if kind == "tenants" else streets
        name = template.format(place=rng.choice(places), street=rng.choice(street_pool),
                               saint=rng.choice(SAINTS))
        if name.lower() not in taken:
            return name
    for suffix in (ward_name, *(f"{ward_name} {n}" for n in range(2, 10_000))):
        candidate = f"{name} ({suffix})"
        if candidate.lower() not in taken:
            return candidate
    raise AssertionError("unreachable")


def _unique_slug(name: str, taken: set[str]) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", text.replace("'", "").replace("&", " and ")).strip("-")[:130]
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def _row(world: World, group: GroupInfo, slug: str) -> dict:
    rng = world.rng
    place = ward_places(world.wards[group.ward].name)[0]
    assured = world.between(max(group.created_at, world.now - timedelta(days=540)), world.now)
    verified = group.id == 1 or rng.random() < 0.45
    return {
        "id": group.id,
        "name": group.name,
        "name_normalised": group.name.lower(),
        "slug": slug,
        "description": GROUP_DESCRIPTIONS[group.kind].format(place=place),
        "kind": group.kind,
        "contact_email": f"{slug[:50].rstrip('-')}@groups.example.org",
        "contact_phone": f"020 7946 0{rng.randrange(1000):03d}" if rng.random() < 0.5 else None,
        "website": f"https://example.org/{slug}" if rng.random() < 0.3 else None,
        "base_lat": group.lat,
        "base_lng": group.lng,
        "drawn_area": None,
        "created_by_id": world.people[group.coordinators[0]].id if group.coordinators else None,
        "created_at": group.created_at,
        "assured_at": assured,
        "assurance_reminded_at": None,
        "verified_at": world.between(group.created_at, world.now) if verified else None,
        "verified_by_id": world.people[rng.choice(world.connectors)].id if verified else None,
        "closed_at": None,
    }
