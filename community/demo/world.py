"""What every stage of the demo shares: the wards, categories, people and groups made so far, the
seeded random generator, and fast bulk writes."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import cast

from shapely.geometry.base import BaseGeometry
from sqlalchemy import FromClause, Table, insert, text
from sqlalchemy.orm import Session

from community.places.geo import random_points
from community.places.privacy import public_position

__all__ = ["Ward", "CategoryInfo", "Person", "GroupInfo", "World", "bulk_insert", "reset_sequences"]

# Neighbouring wards share a boundary; generalised boundaries leave slivers, hence a small tolerance.
NEIGHBOUR_TOLERANCE_DEGREES = 0.001
_CHUNK = 5000
_YEAR = timedelta(days=365)
_DEMO_ACCOUNTS = 4  # people 0 to 3 are the demo accounts

# Monday..Sunday: people post more early in the week, least on Sunday.
_WEEKDAY_WEIGHT = (1.0, 0.95, 0.9, 0.88, 0.8, 0.62, 0.5)
# Hours of the day (UTC, close enough to London time for a demo) people post at.
_HOUR_WEIGHT = (
    1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 3, 6, 8, 8, 7, 6, 6, 6, 6, 6, 7, 8, 9, 8, 6, 4, 2,
)


@dataclass(slots=True)
class Ward:
    index: int
    id: int
    code: str
    name: str
    geom: BaseGeometry
    size: float
    neighbours: list[int] = field(default_factory=list)
    underserved: bool = False
    people: list[int] = field(default_factory=list)  # indexes into World.people
    groups: list[int] = field(default_factory=list)  # indexes into World.groups, by areas served


@dataclass(slots=True)
class CategoryInfo:
    id: int
    slug: str
    name: str
    sensitive: bool
    regulated: bool


@dataclass(slots=True)
class Person:
    id: int
    ward: int
    lat: float
    lng: float
    first: str
    surname: str
    created_at: datetime
    groups: int = 0

    @property
    def name(self) -> str:
        return f"{self.first} {self.surname}"


@dataclass(slots=True)
class GroupInfo:
    id: int
    name: str
    kind: str
    ward: int
    lat: float
    lng: float
    wards: list[int]
    categories: list[int]  # indexes into World.categories
    created_at: datetime
    coordinators: list[int] = field(default_factory=list)  # person indexes
    active: list[int] = field(default_factory=list)  # active members, person indexes
    dbs_valid: list[int] = field(default_factory=list)  # active members with a valid DBS check


@dataclass
class World:
    rng: random.Random
    now: datetime
    salt: str
    wards: list[Ward]
    categories: list[CategoryInfo]
    people: list[Person] = field(default_factory=list)
    groups: list[GroupInfo] = field(default_factory=list)
    connectors: list[int] = field(default_factory=list)  # person indexes of connectors and the admin
    # (ward index, category index) cells no group or offer will serve: the coverage gaps.
    gaps: set[tuple[int, int]] = field(default_factory=set)
    # (ward index, category index) -> groups serving that cell.
    serving: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    # Things people would have been told about: (person index, kind, message, when).
    events: list[tuple[int, str, str, datetime]] = field(default_factory=list)

    @property
    def today(self) -> date:
        return self.now.date()

    def category_index(self, slug: str) -> int:
        return next(i for i, c in enumerate(self.categories) if c.slug == slug)

    def ward_index(self, name: str, default: int = 0) -> int:
        return next((w.index for w in self.wards if w.name == name), default)

    def public(self, lat: float, lng: float) -> tuple[float, float]:
        return public_position(lat, lng, salt=self.salt)

    def points_in(self, ward: int, count: int) -> list[tuple[float, float]]:
        return random_points(self.wards[ward].geom, self.rng, count)

    def between(self, start: datetime, end: datetime) -> datetime:
        """A uniformly random moment between two, to the second."""
        if end <= start:
            return start
        return start + timedelta(seconds=int(self.rng.random() * (end - start).total_seconds()))

    def posted_between(self, start: datetime, end: datetime) -> datetime:
        """A moment people would post at: weekly rhythm, busier in winter, daytime hours, and more
        often lately as word of the service spreads."""
        rng = self.rng
        if end - start < timedelta(days=2):
            return self.between(start, end)
        span = (end - start).total_seconds()
        for _ in range(50):
            moment = start + timedelta(seconds=rng.random() * span)
            winter = 1.0 + 0.25 * math.cos(2 * math.pi * (moment.timetuple().tm_yday - 15) / 365)
            growth = 0.55 + 0.45 * max(0.0, 1 - (self.now - moment) / _YEAR)
            if rng.random() * 1.25 < _WEEKDAY_WEIGHT[moment.weekday()] * winter * growth:
                break
        hour = rng.choices(range(24), _HOUR_WEIGHT)[0]
        moment = moment.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60), microsecond=0)
        if not start <= moment <= end:
            moment = self.between(max(start, end - timedelta(hours=12)), end)
        return moment

    def person_in(self, wards: list[int]) -> int | None:
        """A random person living in one of ``wards`` (each person equally likely), or None."""
        weights = [len(self.wards[w].people) for w in wards]
        if not any(weights):
            return None
        return self.rng.choice(self.wards[self.rng.choices(wards, weights)[0]].people)

    def person_before(self, when: datetime) -> int:
        """A random person who had joined by ``when`` (so activity does not crowd into recent months).

        The demo accounts are left out: what they posted is arranged by hand.
        """
        for _ in range(20):
            person = self.rng.randrange(_DEMO_ACCOUNTS, len(self.people))
            if self.people[person].created_at <= when:
                break
        return person

    def not_before_joining(self, person: int, when: datetime) -> datetime:
        joined = self.people[person].created_at
        return when if when >= joined else self.between(joined, self.now)

    def days_ago(self, low: float, high: float) -> datetime:
        return (self.now - timedelta(days=self.rng.uniform(low, high))).replace(microsecond=0)


def spread(weights: list[float], total: int) -> list[int]:
    """Split ``total`` in proportion to ``weights`` exactly (largest remainder)."""
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - shares[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def bulk_insert(session: Session, table: FromClause, rows: Iterable[dict], chunk: int = _CHUNK) -> int:
    """Insert many rows with Core executemany, a chunk at a time; returns how many."""
    # A model's __table__ is typed as a FromClause; it is the model's Table.
    statement = insert(cast(Table, table))
    batch: list[dict] = []
    written = 0
    for row in rows:
        batch.append(row)
        if len(batch) >= chunk:
            session.execute(statement, batch)
            written += len(batch)
            batch = []
    if batch:
        session.execute(statement, batch)
        written += len(batch)
    return written


def reset_sequences(session: Session, tables: Iterable[str]) -> None:
    """Explicit ids leave PostgreSQL's sequences behind; move each past the highest id."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for name in tables:
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {name}))"
            )
        )


Progress = Callable[[str], None]
