"""The group directory: chainable queries and the paginated search."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from community.db import utcnow
from community.groups.directory import (
    GroupFilters,
    active,
    by_name,
    for_area,
    for_category,
    matching,
    of_kind,
    search_groups,
    stale,
    verified,
)
from community.models import Group
from tests.builders.groups import make_serving_group
from tests.builders.places import make_category, make_wards


@pytest.fixture()
def world(session):
    wards = make_wards(session)
    food, lifts = make_category(session, slug="food"), make_category(session, slug="lifts")
    groups = {
        "kitchen": make_serving_group(session, name="Acton Faith Kitchen", kind="faith",
                                      areas=[wards["Acton Green"]], categories=[food]),
        "aid": make_serving_group(session, name="Brentham Mutual Aid", areas=[wards["Brentham"],
                                  wards["Cleveland"]], categories=[food, lifts]),
        "drivers": make_serving_group(session, name="Cleveland Drivers", kind="club",
                                      areas=[wards["Cleveland"]], categories=[lifts]),
    }
    groups["aid"].description = "Shopping, prescriptions and 100% friendly lifts."
    return wards, {"food": food, "lifts": lifts}, groups


def names(session, query):
    return [group.name for group in session.scalars(by_name(query))]


def test_queries_chain_without_a_session(session, world):
    wards, categories, _ = world

    query = for_category(for_area(active(select(Group)), wards["Cleveland"].id), categories["lifts"].id)

    assert names(session, query) == ["Brentham Mutual Aid", "Cleveland Drivers"]
    assert names(session, of_kind(query, "club")) == ["Cleveland Drivers"]


def test_text_matches_name_or_description_whatever_the_case_and_wildcards_are_literal(session, world):
    assert names(session, matching(select(Group), "KITCHEN")) == ["Acton Faith Kitchen"]
    assert names(session, matching(select(Group), "prescriptions")) == ["Brentham Mutual Aid"]
    assert names(session, matching(select(Group), "100%")) == ["Brentham Mutual Aid"]
    assert names(session, matching(select(Group), "%")) == ["Brentham Mutual Aid"]
    assert names(session, matching(select(Group), "_")) == []


def test_closed_groups_are_not_listed(session, world):
    *_, groups = world
    groups["drivers"].closed_at = utcnow()

    assert names(session, active(select(Group))) == ["Acton Faith Kitchen", "Brentham Mutual Aid"]


def test_stale_and_verified(session, world):
    *_, groups = world
    groups["kitchen"].assured_at = utcnow() - timedelta(days=400)
    groups["drivers"].assured_at = None
    groups["aid"].verified_at = utcnow()

    assert names(session, stale(select(Group))) == ["Acton Faith Kitchen", "Cleveland Drivers"]
    assert names(session, verified(select(Group))) == ["Brentham Mutual Aid"]


def test_search_combines_filters_and_paginates(session, world):
    wards, categories, _ = world

    by_ward = search_groups(session, GroupFilters(area_id=wards["Cleveland"].id), per_page=1, page=2)
    by_everything = search_groups(
        session,
        GroupFilters(area_id=wards["Cleveland"].id, category_id=categories["food"].id, kind="mutual_aid",
                     text="brentham"),
    )

    assert (by_ward.total, by_ward.pages, [g.name for g in by_ward.groups]) == (2, 2, ["Cleveland Drivers"])
    assert [g.name for g in by_everything.groups] == ["Brentham Mutual Aid"]


def test_an_unknown_kind_matches_nothing(session, world):
    assert search_groups(session, GroupFilters(kind="cult")).total == 0
