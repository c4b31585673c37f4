"""Builders for the connectors' tests: wards, groups that serve them, met needs and a small community.

People, groups, needs and offers come from tests/builders_posts.py; these add what coverage and the
network need on top (wards, service areas, categories served, a need met by a helper).
"""

from __future__ import annotations

import itertools
import json
from datetime import timedelta

from community.db import utcnow
from community.models import Area, Partnership, Response, SearchMiss, group_areas, group_categories
from tests.builders_posts import make_category, make_group, make_membership, make_need, make_person

_counter = itertools.count(1)


def make_ward(session, *, name: str | None = None, code: str | None = None, west: float = -0.32,
              south: float = 51.50, size: float = 0.01) -> Area:
    """A square ward ``size`` degrees across, its south-west corner at (``south``, ``west``)."""
    n = next(_counter)
    east, north = west + size, south + size
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    area = Area(
        code=code or f"E0500{n:04d}", name=name or f"Ward {n}", kind="ward",
        geometry=json.dumps({"type": "Polygon", "coordinates": [ring]}),
        min_lat=south, min_lng=west, max_lat=north, max_lng=east,
        centre_lat=(south + north) / 2, centre_lng=(west + east) / 2,
    )
    session.add(area)
    session.flush()
    return area


def serve(session, group, *, areas=(), categories=()) -> None:
    """Say ``group`` serves these wards and these categories."""
    for area in areas:
        session.execute(group_areas.insert().values(group_id=group.id, area_id=area.id))
    for category in categories:
        session.execute(group_categories.insert().values(group_id=group.id, category_id=category.id))
    session.flush()


def make_serving_group(session, *, name=None, coordinator=None, areas=(), categories=(), base=None):
    group = make_group(session, name=name, coordinator=coordinator)
    if base is not None:
        group.base_lat, group.base_lng = base
    serve(session, group, areas=areas, categories=categories)
    return group


def make_partnership(session, a, b, *, status="active", kind="referral") -> Partnership:
    low, high = sorted((a.id, b.id))
    partnership = Partnership(group_a_id=low, group_b_id=high, kind=kind, status=status,
                              accepted_at=utcnow() if status == "active" else None)
    session.add(partnership)
    session.flush()
    return partnership


def make_met_need(session, *, resident, helper, group=None, category=None, area=None, met_days_ago=10,
                  posted_days_ago=None, first_response_hours=2.0):
    """A need of ``resident`` met by ``helper`` (for ``group``, if given)."""
    now = utcnow()
    met_at = now - timedelta(days=met_days_ago)
    posted = now - timedelta(days=posted_days_ago if posted_days_ago is not None else met_days_ago + 1)
    need = make_need(
        session, poster=resident, category=category, status="met", met_at=met_at, closed_at=met_at,
        created_at=posted, first_response_at=posted + timedelta(hours=first_response_hours),
        area_id=area.id if area is not None else None, group_id=group.id if group is not None else None,
    )
    session.add(Response(need_id=need.id, helper_id=helper.id, group_id=group.id if group else None,
                         status="completed", completed_at=met_at))
    session.flush()
    return need


def make_search_miss(session, *, area, category, days_ago=1) -> SearchMiss:
    day = (utcnow() - timedelta(days=days_ago)).date()
    miss = SearchMiss(area_id=area.id, category_id=category.id, day=day)
    session.add(miss)
    session.flush()
    return miss


__all__ = [
    "make_category",
    "make_membership",
    "make_met_need",
    "make_partnership",
    "make_person",
    "make_search_miss",
    "make_serving_group",
    "make_ward",
    "serve",
]


class SmallCommunity:
    """A ward, three groups and their people, built to give the analysis one of each finding.

    * Acton Larder (food) has members but no partner: an isolated group, and the gap the journey closes;
    * Acton Lifts (lifts) and Acton Friends (befriending) are partners and serve the same ward;
    * Dee has an open need for a lift and no tie to anyone: an unconnected resident;
    * two lifts went unmet, so lifts in Acton Central are thin;
    * the analysis's best suggestion is to introduce the Larder to the Lifts (same ward, different help, no
      tie, and the Lifts cover the thin cell the Larder does not).
    """

    def __init__(self, session):
        self.ward = make_ward(session, name="Acton Central", code="E05000001")
        self.food = make_category(session, slug="food-and-shopping")
        self.lifts = make_category(session, slug="lifts-and-transport")
        self.friends = make_category(session, slug="befriending")
        self.connector = make_person(session, name="Connie Connector", role="connector")
        self.ann = make_person(session, name="Ann Larder")
        self.bea = make_person(session, name="Bea Lifts")
        self.cal = make_person(session, name="Cal Friends")
        self.dee = make_person(session, name="Dee Waiting")
        self.eve = make_person(session, name="Eve Helped")
        base = (self.ward.centre_lat, self.ward.centre_lng)
        self.larder = make_serving_group(session, name="Acton Larder", coordinator=self.ann,
                                         areas=[self.ward], categories=[self.food], base=base)
        self.lifts_group = make_serving_group(session, name="Acton Lifts", coordinator=self.bea,
                                              areas=[self.ward], categories=[self.lifts],
                                              base=(base[0] + 0.002, base[1]))
        self.friends_group = make_serving_group(session, name="Acton Friends", coordinator=self.cal,
                                                areas=[self.ward], categories=[self.friends],
                                                base=(base[0], base[1] + 0.002))
        for group in (self.larder, self.lifts_group, self.friends_group):
            for _ in range(2):
                make_membership(session, user=make_person(session), group=group)
        make_partnership(session, self.lifts_group, self.friends_group)
        make_met_need(session, resident=self.eve, helper=self.bea, group=self.lifts_group,
                      category=self.lifts, area=self.ward)
        make_need(session, poster=self.dee, category=self.lifts, area_id=self.ward.id)
        for _ in range(2):
            make_need(session, poster=self.eve, category=self.lifts, area_id=self.ward.id,
                      status="closed_unmet")
        make_need(session, poster=self.dee, category=self.food, area_id=self.ward.id,
                  created_at=utcnow() - timedelta(days=3))
        session.flush()
