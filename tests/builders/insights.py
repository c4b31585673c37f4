"""What the connectors' insights read: needs met by helpers, searches that found nothing, and
``SmallCommunity``, a ward with three groups and their people built to give the analysis one of each finding.
"""

from __future__ import annotations

from datetime import timedelta

from community.db import utcnow
from community.insights.runs import create_run, execute_run
from community.models import Response, SearchMiss
from tests.builders.groups import make_membership, make_partnership, make_serving_group
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward
from tests.builders.posts import make_need


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
        self.ward = make_ward(session, name="Acton Central", code="E05000001",
                              box=(-0.32, 51.50, -0.31, 51.51))
        self.food = make_category(session, slug="food-and-shopping")
        self.lifts = make_category(session, slug="lifts-and-transport")
        self.friends = make_category(session, slug="befriending")
        self.connector = make_user(session, name="Connie Connector", role="connector")
        self.ann = make_user(session, name="Ann Larder")
        self.bea = make_user(session, name="Bea Lifts")
        self.cal = make_user(session, name="Cal Friends")
        self.dee = make_user(session, name="Dee Waiting")
        self.eve = make_user(session, name="Eve Helped")
        base = (self.ward.centre_lat, self.ward.centre_lng)
        self.larder = make_serving_group(session, name="Acton Larder", coordinator=self.ann,
                                         areas=[self.ward], categories=[self.food], base=base,
                                         listing=False)
        self.lifts_group = make_serving_group(session, name="Acton Lifts", coordinator=self.bea,
                                              areas=[self.ward], categories=[self.lifts],
                                              base=(base[0] + 0.002, base[1]), listing=False)
        self.friends_group = make_serving_group(session, name="Acton Friends", coordinator=self.cal,
                                                areas=[self.ward], categories=[self.friends],
                                                base=(base[0], base[1] + 0.002), listing=False)
        for group in (self.larder, self.lifts_group, self.friends_group):
            for _ in range(2):
                make_membership(session, user=make_user(session), group=group)
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


def finished_run(factory, community) -> int:
    """Run the analysis of a built community (its connector starts it) to the end; the run's id."""
    with factory() as s:
        run_id = create_run(s, created_by=s.merge(community.connector)).id
        s.commit()
    assert execute_run(factory, run_id) == "finished"
    return run_id
