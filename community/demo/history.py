"""Two years of needs with the patterns a forecast should find (city demo only; the small demo skips it).

Demand for each ward × kind of help is drawn week by week from a rate that has:

- a **winter peak** for food and shopping, cooked meals, befriending, health support and prescriptions;
- **school holidays** (Easter, summer, Christmas and the half-terms): more childcare and cooked meals,
  fewer lifts;
- a **shock** 30 weeks ago in a few wards (a cost-of-living crisis): food, shopping and forms jump to
  2.5 times, ease over twelve weeks and settle a third higher than before.

Everything comes from the seed: the same seed gives the same history. The needs are closed (met, mostly,
within a week; or not met, expired or withdrawn), posted by people of their ward, and sit beside the year
of needs ``community.demo.needs`` makes.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from community.demo.needs import NEED_WEIGHTS
from community.demo.texts import NEED_TITLES
from community.demo.world import World, bulk_insert
from community.models import Need
from community.posts.needs import NEED_LIFETIME, SENSITIVE_CONSENT_VERSION

__all__ = ["HISTORY_WEEKS", "SHOCK_WEEKS_AGO", "make_history", "school_holiday", "weekly_rates"]

HISTORY_WEEKS = 104
SHOCK_WEEKS_AGO = 30
WINTER = {"food-and-shopping", "cooked-meals", "befriending", "health-support", "prescriptions"}
HOLIDAY_MORE = {"childcare": 2.2, "cooked-meals": 1.5}
HOLIDAY_LESS = {"lifts-and-transport": 0.75}
SHOCKED = {"food-and-shopping", "forms-and-admin", "cooked-meals"}


def school_holiday(day: date) -> bool:
    """English school holidays, roughly: Easter (early April), summer (late July to August), Christmas,
    and the February, May and October half-terms.

    >>> school_holiday(date(2026, 8, 10)), school_holiday(date(2026, 3, 10))
    (True, False)
    """
    md = (day.month, day.day)
    return (
        (4, 1) <= md <= (4, 14)
        or (7, 22) <= md <= (8, 31)
        or md >= (12, 20)
        or md <= (1, 3)
        or (2, 14) <= md <= (2, 21)
        or (5, 25) <= md <= (5, 31)
        or (10, 24) <= md <= (10, 31)
    )


def _shock(weeks_ago: int) -> float:
    since = SHOCK_WEEKS_AGO - weeks_ago
    if since < 0:
        return 1.0
    return 1.33 + (2.5 - 1.33) * max(0.0, 1 - since / 12)


def weekly_rates(world: World, weeks: list[date], shocked_wards: set[int]) -> np.ndarray:
    """The relative rate of needs for each week × ward × kind of help."""
    categories = world.categories
    base = np.array([NEED_WEIGHTS.get(c.slug, 1) for c in categories], dtype=float)
    ward_weight = np.array([max(0.3, len(w.people)) for w in world.wards], dtype=float)
    rates = np.empty((len(weeks), len(world.wards), len(categories)))
    for i, monday in enumerate(weeks):
        mid = monday + timedelta(days=3)
        winter = 1.0 + 0.7 * math.cos(2 * math.pi * (mid.timetuple().tm_yday - 15) / 365)
        holiday = school_holiday(mid)
        season = np.array(
            [
                (winter if c.slug in WINTER else 1.0)
                * (HOLIDAY_MORE.get(c.slug, 1.0) * HOLIDAY_LESS.get(c.slug, 1.0) if holiday else 1.0)
                for c in categories
            ]
        )
        shock = _shock(len(weeks) - i)
        for ward in range(len(world.wards)):
            factor = np.array(
                [shock if ward in shocked_wards and c.slug in SHOCKED else 1.0 for c in categories]
            )
            rates[i, ward] = ward_weight[ward] * base * season * factor
    return rates


def make_history(session: Session, world: World, *, count: int, seed: int) -> dict[str, int]:
    if count <= 0:
        return {"history_needs": 0}
    rng = world.rng
    draw = np.random.default_rng(seed * 7919 + 104)
    this_week = world.now.date() - timedelta(days=world.now.weekday())
    weeks = [this_week - timedelta(weeks=HISTORY_WEEKS - i) for i in range(HISTORY_WEEKS)]
    shocked = set(draw.choice(len(world.wards), size=min(5, len(world.wards)), replace=False).tolist())
    rates = weekly_rates(world, weeks, shocked)
    counts = draw.poisson(rates / rates.sum() * count)
    first_id = (session.scalar(select(func.max(Need.id))) or 0) + 1
    rows: list[dict[str, Any]] = []
    people_by_ward = [w.people for w in world.wards]
    for i, w, c in zip(*np.nonzero(counts), strict=True):
        info = world.categories[c]
        for _ in range(int(counts[i, w, c])):
            created = datetime(
                weeks[i].year, weeks[i].month, weeks[i].day, tzinfo=world.now.tzinfo
            ) + timedelta(seconds=int(draw.integers(0, 7 * 86400)))
            local = people_by_ward[w]
            person = (
                world.people[local[int(draw.integers(len(local)))]]
                if local
                else world.people[int(draw.integers(len(world.people)))]
            )
            fate = draw.random()
            status = (
                "met"
                if fate < 0.74
                else "closed_unmet"
                if fate < 0.84
                else "expired"
                if fate < 0.93
                else "withdrawn"
            )
            met_at = created + timedelta(hours=float(draw.gamma(2.0, 30.0))) if status == "met" else None
            closed = met_at or created + timedelta(days=float(draw.uniform(3, 28)))
            title, body = rng.choice(NEED_TITLES[info.slug])
            public_lat, public_lng = world.public(person.lat, person.lng)
            rows.append(
                {
                    "id": first_id + len(rows),
                    "requester_id": person.id,
                    "posted_by_id": person.id,
                    "on_behalf_group_id": None,
                    "on_behalf_name": None,
                    "on_behalf_contact": None,
                    "consent_statement": None,
                    "sensitive_consent_version": SENSITIVE_CONSENT_VERSION if info.sensitive else None,
                    "sensitive_consent_at": created if info.sensitive else None,
                    "category_id": info.id,
                    "title": title,
                    "body": body,
                    "urgency": "this_week",
                    "needed_by": None,
                    "lat": person.lat,
                    "lng": person.lng,
                    "public_lat": public_lat,
                    "public_lng": public_lng,
                    "area_id": world.wards[w].id,
                    "visibility": "groups" if info.sensitive else "public",
                    "status": status,
                    "unmet_reason": "Nobody was free" if status == "closed_unmet" else None,
                    "group_id": None,
                    "assigned_to_id": None,
                    "referred_to_group_id": None,
                    "hidden": False,
                    "hidden_while_suspended": False,
                    "created_at": created,
                    "first_response_at": None,
                    "accepted_at": None,
                    "met_at": met_at,
                    "closed_at": closed,
                    "expires_at": created + NEED_LIFETIME,
                    "reminded_at": None,
                }
            )
    bulk_insert(session, Need.__table__, rows)
    return {"history_needs": len(rows)}
