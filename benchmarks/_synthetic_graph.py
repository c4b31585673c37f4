"""Seeded synthetic city for the network benchmark.

``city_graph(seed)`` is the single entry point: it returns the same record
types ``run_analysis`` takes, so the benchmark can later read the real demo
database instead by swapping this one function.

Shape (defaults): 40 wards on an 8x5 grid (London scale: 680 on 34x20), 2,000 groups, 30,000 people,
about 105,000 weighted edges once faded ties are dropped. People join 1-3
groups mostly in their own ward; a few hundred organisers join groups across
the city (the real brokers); groups partner mostly within or next to their
ward; helped ties join neighbours, mostly from a civic core of busy helpers;
about 1,500 people have no ties at all.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from community.network.coverage import CoverageCell, coverage_status
from community.network.graph import GroupInfo, OpenNeed, PersonInfo, Tie

__all__ = ["SCALES", "SyntheticCity", "city_graph", "scaled_city"]

_WARD_NAMES = [
    "Acton Central",
    "Cleveland",
    "Dormers Wells",
    "Ealing Broadway",
    "Ealing Common",
    "East Acton",
    "Elthorne",
    "Greenford Broadway",
    "Greenford Green",
    "Hanger Hill",
    "Hobbayne",
    "Lady Margaret",
    "North Greenford",
    "Northfield",
    "Northolt Mandeville",
    "Northolt West End",
    "Norwood Green",
    "Perivale",
    "South Acton",
    "Southall Broadway",
    "Southall Green",
    "Southfield",
    "Walpole",
    "Hanwell Broadway",
    "Pitshanger",
    "Central Northolt",
    "Southall West",
    "Acton Green",
    "Hanger Lane",
    "Ealing Green",
    "Lady Margaret East",
    "North Acton",
    "Park Royal",
    "West Ealing",
    "Cuckoo",
    "Gurnell",
    "Horsenden",
    "Brentside",
    "Havelock",
    "Dormers South",
]
_CATEGORIES = [
    "food",
    "housing",
    "befriending",
    "transport",
    "benefits-advice",
    "childcare",
    "digital",
    "health",
    "employment",
    "language",
    "legal",
    "mental-health",
]
# Popular categories are offered by more groups and asked for more often.
_CAT_WEIGHTS = [10, 6, 8, 4, 5, 3, 4, 5, 3, 2, 1, 3]
_GRID = (8, 5)


@dataclass
class SyntheticCity:
    """Everything ``run_analysis`` needs, plus display names for ward codes."""

    people: list[PersonInfo]
    groups: list[GroupInfo]
    ties: list[Tie]
    open_needs: list[OpenNeed]
    coverage_cells: list[CoverageCell]
    now: datetime
    area_names: dict[str, str] = field(default_factory=dict)


def _neighbours(w: int, grid: tuple[int, int]) -> list[int]:
    width, height = grid
    x, y = w % width, w // width
    out = []
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        nx_, ny_ = x + dx, y + dy
        if 0 <= nx_ < width and 0 <= ny_ < height:
            out.append(ny_ * width + nx_)
    return out


def _ward_name(i: int) -> str:
    # Past the 40 demo names a grid repeats them, numbered: "Acton Central 2".
    base = _WARD_NAMES[i % len(_WARD_NAMES)]
    return base if i < len(_WARD_NAMES) else f"{base} {i // len(_WARD_NAMES) + 1}"


def city_graph(
    seed: int = 0,
    *,
    n_people: int = 30_000,
    n_groups: int = 2_000,
    grid: tuple[int, int] = _GRID,
) -> SyntheticCity:
    """Return a seeded synthetic city; the same seed gives the same records.

    Everything else scales with ``n_people`` and ``n_groups`` (the defaults
    give about 32,000 nodes and 105,000 edges).
    """
    n_organisers = n_people // 100
    helped_pairs = n_people * 17 // 6
    n_helpers = n_people * 4 // 15
    rng = random.Random(seed)
    now = datetime(2025, 6, 1)
    n_wards = grid[0] * grid[1]
    codes = [f"E0501{3500 + i:04d}" for i in range(n_wards)]
    area_names = {code: _ward_name(i) for i, code in enumerate(codes)}
    nbrs = [_neighbours(w, grid) for w in range(n_wards)]
    ward_weight = [rng.uniform(0.5, 1.5) for _ in range(n_wards)]

    def near(w: int, p_same: float) -> int:
        return w if rng.random() < p_same else rng.choice(nbrs[w])

    def ago(max_days: float) -> datetime:
        return now - timedelta(days=rng.uniform(0, max_days))

    groups: list[GroupInfo] = []
    group_home: list[int] = []
    by_ward: list[list[int]] = [[] for _ in range(n_wards)]
    for gi in range(n_groups):
        home = rng.choices(range(n_wards), ward_weight)[0]
        areas = {home}
        r = rng.random()
        if r < 0.5:
            areas.update(rng.sample(nbrs[home], 1))
        elif r < 0.7:
            areas.update(rng.sample(nbrs[home], min(2, len(nbrs[home]))))
        n_cat = rng.choice((1, 1, 2, 2, 3, 4))
        cats = set(rng.choices(_CATEGORIES, _CAT_WEIGHTS, k=n_cat))
        groups.append(
            GroupInfo(
                f"group:{gi + 1}",
                f"{area_names[codes[home]]} {rng.choice(_CATEGORIES).title()} Group {gi + 1}",
                frozenset(codes[a] for a in areas),
                frozenset(cats),
            )
        )
        group_home.append(home)
        by_ward[home].append(gi)

    people = [PersonInfo(f"user:{i + 1}", f"Resident {i + 1}") for i in range(n_people)]
    person_home = [rng.choices(range(n_wards), ward_weight)[0] for _ in range(n_people)]
    people_by_ward: list[list[int]] = [[] for _ in range(n_wards)]
    for i, w in enumerate(person_home):
        people_by_ward[w].append(i)

    ties: list[Tie] = []
    lonely = set(rng.sample(range(n_people), n_people // 20))

    def group_near(w: int, p_same: float) -> int:
        ward = near(w, p_same)
        while not by_ward[ward]:
            ward = rng.choice(nbrs[ward])
        return rng.choice(by_ward[ward])

    for i in range(n_people):
        if i in lonely or rng.random() > 0.7:
            continue
        k = rng.choices((1, 2, 3), (60, 30, 10))[0]
        for gi in {group_near(person_home[i], 0.85) for _ in range(k)}:
            active = rng.random() < 0.9
            ties.append(Tie(f"user:{i + 1}", groups[gi].id, "membership", ago(720), active))
    organisers = rng.sample(sorted(set(range(n_people)) - lonely), n_organisers)
    for i in organisers:
        for gi in rng.sample(range(n_groups), rng.randint(4, 8)):
            ties.append(Tie(f"user:{i + 1}", groups[gi].id, "membership", ago(720), True))

    for gi in range(n_groups):
        for _ in range(min(8, int(rng.expovariate(1 / 2.5)))):
            r = rng.random()
            other = group_near(group_home[gi], 0.8) if r < 0.95 else rng.randrange(n_groups)
            if other != gi:
                kind = "partnership" if rng.random() < 0.9 else "introduction"
                ties.append(
                    Tie(
                        groups[gi].id,
                        groups[other].id,
                        kind,
                        ago(720),
                        kind == "partnership" and rng.random() < 0.7,
                    )
                )

    active_people = [i for i in range(n_people) if i not in lonely]
    active_by_ward = [[i for i in people_by_ward[w] if i not in lonely] for w in range(n_wards)]
    # Volunteering is concentrated in a "civic core": a minority of helpers
    # with heavy-tailed (log-normal) activity meet most needs; the rest of the
    # helped ties are one-off favours between any two neighbours.
    helpers = rng.sample(active_people, n_helpers)
    activity = [rng.lognormvariate(0.0, 1.0) for _ in helpers]
    n_core = int(helped_pairs * 0.75)
    doers = rng.choices(helpers, activity, k=n_core)
    doers += [rng.choice(active_people) for _ in range(helped_pairs - n_core)]
    for a in doers:
        ward = near(person_home[a], 0.9)
        b = rng.choice(active_by_ward[ward])
        for _ in range(rng.choices((1, 2, 3), (70, 20, 10))[0]):
            ties.append(Tie(f"user:{a + 1}", f"user:{b + 1}", "helped", ago(540)))
    for _ in range(n_groups * 6):
        gi = rng.randrange(n_groups)
        b = rng.choice(active_by_ward[group_home[gi]])
        ties.append(Tie(groups[gi].id, f"user:{b + 1}", "helped", ago(540)))

    open_needs = []
    needy = rng.sample(range(n_people), n_people * 6 // 100)
    needy += rng.sample(sorted(lonely), len(lonely) // 5)
    for i in needy:
        cat = rng.choices(_CATEGORIES, _CAT_WEIGHTS)[0]
        open_needs.append(OpenNeed(f"user:{i + 1}", codes[person_home[i]], cat))

    serving: dict[tuple[str, str], int] = {}
    for g in groups:
        for a in g.areas:
            for c in g.categories:
                serving[a, c] = serving.get((a, c), 0) + 1
    cells = []
    for a in codes:
        for c, cw in zip(_CATEGORIES, _CAT_WEIGHTS, strict=True):
            posted = max(0, int(rng.gauss(cw * 2, cw)))
            met = int(posted * rng.uniform(0.2, 0.95))
            status = coverage_status(
                needs_posted=posted,
                needs_met=met,
                needs_unmet=posted - met,
                open_over_7_days=int((posted - met) * rng.uniform(0, 0.5)),
                active_offers=rng.randint(0, 3),
                groups_serving=serving.get((a, c), 0),
            )
            cells.append(CoverageCell(a, c, status, posted))
    return SyntheticCity(people, groups, ties, open_needs, cells, now, area_names)


# Sizes of the benchmark's scales: (people, groups, ward grid). A county is about five cities, London about
# 25. London has about 680 wards: with the city's 40 it would hold 1,250 groups a ward, and every stage that
# pairs the groups of a ward (introductions) would face 30 million pairs that no real place has.
SCALES = {
    "city": (30_000, 2_000, _GRID),
    "county": (150_000, 10_000, _GRID),
    "london": (800_000, 50_000, (34, 20)),
}


def scaled_city(scale: str, seed: int = 0) -> SyntheticCity:
    """The synthetic city at one of :data:`SCALES`; ``"city"`` is exactly ``city_graph(seed)``."""
    n_people, n_groups, grid = SCALES[scale]
    return city_graph(seed, n_people=n_people, n_groups=n_groups, grid=grid)
