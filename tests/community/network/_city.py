"""A small seeded city for the tests (the benchmark's generator, scaled down)."""

from __future__ import annotations

from functools import cache

from benchmarks._synthetic_graph import SyntheticCity, city_graph
from community.network.graph import build_graph


@cache
def small_city(seed: int = 3, n_people: int = 3000, n_groups: int = 200) -> SyntheticCity:
    return city_graph(seed, n_people=n_people, n_groups=n_groups)


@cache
def small_city_graph(seed: int = 3, n_people: int = 3000, n_groups: int = 200):
    city = small_city(seed, n_people, n_groups)
    return build_graph(city.people, city.groups, city.ties, now=city.now)
