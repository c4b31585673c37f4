"""The small demo, seeded once for this module: its shape, its privacy, its history and its determinism.

Tests here read the module's seeded database through ``demo``; the ``db`` and ``session`` fixtures would
empty it after their test, so they are not used in this module.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from community.accounts.passwords import UNUSABLE_PASSWORD, configure_hasher, verify_password
from community.db import make_sessionmaker, session_scope
from community.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, has_council_data, seed_demo
from community.errors import Conflict, ValidationFailed
from community.models import (
    Area,
    Category,
    DBSCheck,
    Group,
    Membership,
    Need,
    Offer,
    Partnership,
    Response,
    User,
    group_areas,
    group_categories,
)
from community.places.geo import area_geometry, contains
from community.places.privacy import MAX_METRES, MIN_METRES, metres_between, public_position
from tests.conftest import empty_database

NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
SALT = "demo-test-salt"
SEED = 7


def seed(engine, seed_value: int = SEED):
    with session_scope(make_sessionmaker(engine)) as session:
        return seed_demo(session, scale="small", seed=seed_value, now=NOW, location_salt=SALT)


@pytest.fixture(scope="module")
def seeded(engine):
    # The four demo accounts hash real passwords; tests use the same cheap costs as TestingConfig.
    configure_hasher(time_cost=1, memory_cost=1024)
    empty_database(engine)
    summary = seed(engine)
    yield engine, summary
    empty_database(engine)


@pytest.fixture()
def demo(seeded):
    session = make_sessionmaker(seeded[0])()
    yield session
    session.rollback()
    session.close()


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_the_small_demo_has_the_promised_size(demo, seeded):
    summary = seeded[1]
    assert count(demo, User) == 600
    assert count(demo, Group) == 40
    assert count(demo, Need) + count(demo, Offer) == 2000
    assert 300 <= count(demo, Membership) <= 1200
    assert 20 <= count(demo, Partnership) <= 60
    assert count(demo, Response) > 500
    assert count(demo, DBSCheck) > 0
    assert summary.counts["people"] == 600 and summary.counts["needs"] == count(demo, Need)


def test_every_home_is_inside_the_ward_it_is_recorded_in(demo):
    wards = {a.id: area_geometry(a) for a in demo.scalars(select(Area).where(Area.kind == "ward"))}
    homes = demo.execute(select(User.home_lat, User.home_lng, User.area_id)).all()
    assert len(wards) == 23
    assert all(contains(wards[area_id], lat, lng) for lat, lng, area_id in homes)
    # Everyone lives somewhere, in a spread of wards.
    assert len({area_id for *_, area_id in homes}) == 23


@pytest.mark.parametrize("model", [Need, Offer])
def test_every_public_position_is_the_blurred_one_between_200_and_500_metres_away(demo, model):
    rows = demo.execute(select(model.lat, model.lng, model.public_lat, model.public_lng)).all()
    for lat, lng, public_lat, public_lng in rows:
        assert (public_lat, public_lng) == public_position(lat, lng, salt=SALT)
        assert MIN_METRES - 1 <= metres_between(lat, lng, public_lat, public_lng) <= MAX_METRES + 1


def test_demo_accounts_sign_in_with_the_demo_password_and_everyone_else_cannot(demo):
    for account in DEMO_ACCOUNTS:
        user = demo.scalar(select(User).where(User.email_normalised == account.email))
        assert verify_password(user.password_hash, DEMO_PASSWORD), account.email
        assert user.role == account.role and user.has_home and user.area_id is not None
    synthetic = demo.scalars(select(User.password_hash).where(User.email.not_like("%@demo.example.org")))
    assert set(synthetic) == {UNUSABLE_PASSWORD}
    roles = Counter(demo.scalars(select(User.role)))
    assert roles["admin"] == 1 and roles["connector"] >= 2


def test_the_demo_coordinator_runs_a_real_group_with_requests_waiting(demo):
    coordinator = demo.scalar(select(User).where(User.email == "coordinator@demo.example.org"))
    membership = demo.scalar(select(Membership).where(Membership.user_id == coordinator.id))
    assert (membership.role, membership.status, membership.group.name) == (
        "coordinator", "active", "Northolt Mutual Aid",
    )
    in_group = select(Membership.status).where(Membership.group_id == membership.group_id)
    statuses = Counter(demo.scalars(in_group))
    assert statuses["pending"] >= 1 and statuses["active"] >= 3


def test_the_demo_resident_has_needs_in_several_states(demo):
    resident = demo.scalar(select(User).where(User.email == "resident@demo.example.org"))
    statuses = set(demo.scalars(select(Need.status).where(Need.requester_id == resident.id)))
    assert {"open", "in_progress", "met"} <= statuses
    assert demo.scalar(select(func.count()).where(Offer.user_id == resident.id)) >= 2


def test_group_names_and_slugs_are_unique_and_groups_serve_a_few_wards_and_kinds_of_help(demo):
    groups = demo.scalars(select(Group)).all()
    assert len({g.name.lower() for g in groups}) == len({g.slug for g in groups}) == len(groups)
    wards = Counter(demo.scalars(select(group_areas.c.group_id)))
    kinds = Counter(demo.scalars(select(group_categories.c.group_id)))
    assert all(1 <= wards[g.id] <= 4 for g in groups)
    assert all(1 <= kinds[g.id] <= 5 for g in groups)
    assert sum(kinds[g.id] >= 2 for g in groups) >= 0.9 * len(groups)
    assert len({g.kind for g in groups}) >= 5


def test_groups_have_assurance_dates_over_eighteen_months_so_some_are_stale(demo):
    assured = list(demo.scalars(select(Group.assured_at)))
    assert all(NOW - timedelta(days=550) <= a <= NOW for a in assured)
    assert any(a < NOW - timedelta(days=365) for a in assured)
    assert any(a > NOW - timedelta(days=90) for a in assured)
    assert 0 < demo.scalar(select(func.count()).where(Group.verified_at.is_not(None))) < len(assured)


def test_nobody_is_in_more_than_three_groups(demo):
    per_person = Counter(demo.scalars(select(Membership.user_id)))
    assert max(per_person.values()) <= 3


def test_some_dbs_checks_have_expired(demo):
    expiries = list(demo.scalars(select(DBSCheck.expires_on)))
    assert any(e < NOW.date() for e in expiries) and any(e > NOW.date() for e in expiries)


def test_met_needs_have_a_consistent_history_and_a_completed_response(demo):
    met = demo.scalars(select(Need).where(Need.status == "met")).all()
    assert len(met) > 300
    completed = {r.need_id: r for r in demo.scalars(select(Response).where(Response.status == "completed"))}
    for need in met:
        assert need.created_at <= need.first_response_at <= need.accepted_at <= need.met_at <= NOW
        response = completed[need.id]
        assert response.completed_at == need.met_at
        assert response.group_id == need.group_id
        assert response.helper_id != need.requester_id


def test_every_timestamp_is_in_the_past_and_within_the_year(demo):
    for model in (Need, Offer):
        earliest, latest = demo.execute(select(func.min(model.created_at), func.max(model.created_at))).one()
        assert NOW - timedelta(days=366) <= earliest and latest <= NOW
    assert demo.scalar(select(func.max(Response.created_at))) <= NOW


def test_statuses_cover_the_whole_lifecycle(demo):
    needs = Counter(demo.scalars(select(Need.status)))
    assert set(needs) == {"open", "in_progress", "met", "withdrawn", "expired", "closed_unmet"}
    assert needs["met"] > needs["closed_unmet"]
    assert {"active", "expired"} <= set(demo.scalars(select(Offer.status)))


def test_sensitive_needs_are_never_public(demo):
    sensitive = select(Category.id).where(Category.sensitive)
    visibilities = set(demo.scalars(select(Need.visibility).where(Need.category_id.in_(sensitive))))
    assert visibilities and "public" not in visibilities


def test_needs_posted_for_offline_residents_record_who_and_their_consent(demo):
    offline = demo.scalars(select(Need).where(Need.requester_id.is_(None))).all()
    assert offline
    for need in offline:
        assert need.on_behalf_name and need.on_behalf_contact
        assert need.consent_statement.startswith("Agreed by phone on ")
        assert need.posted_by_id is not None


def test_some_ward_and_category_cells_have_demand_but_no_supply(demo):
    demand = set(demo.execute(select(Need.area_id, Need.category_id)).all())
    served = set(
        demo.execute(
            select(group_areas.c.area_id, group_categories.c.category_id).join(
                group_categories, group_categories.c.group_id == group_areas.c.group_id
            )
        ).all()
    )
    active = select(Offer.area_id, Offer.category_id).where(Offer.status == "active")
    offered = set(demo.execute(active).all())
    assert len(demand - served - offered) >= 5


def test_seeding_refuses_a_database_that_already_has_people(seeded, demo):
    assert has_council_data(demo)
    with pytest.raises(Conflict, match="already holds a council's data"):
        seed_demo(demo, scale="small", seed=SEED, now=NOW, location_salt=SALT)
    assert count(demo, User) == 600


def test_an_unknown_scale_or_a_naive_time_is_refused_before_anything_is_written(demo):
    with pytest.raises(ValidationFailed, match="small, city"):
        seed_demo(demo, scale="huge", seed=1, now=NOW, location_salt=SALT)
    with pytest.raises(ValidationFailed, match="time zone"):
        seed_demo(demo, scale="small", seed=1, now=NOW.replace(tzinfo=None), location_salt=SALT)
    assert count(demo, User) == 600 and count(demo, Area) == 23 + 196


def test_new_rows_after_seeding_get_fresh_ids(seeded, demo):
    user = User(email="new@example.test", email_normalised="new@example.test", display_name="New",
                password_hash=UNUSABLE_PASSWORD)
    demo.add(user)
    demo.flush()
    assert user.id == 601


FINGERPRINTED = ("users", "groups", "group_areas", "group_categories", "memberships", "partnerships",
                 "offers", "needs", "responses", "dbs_checks", "notifications", "search_misses")


def fingerprint(engine) -> dict[str, str]:
    """A hash of every row of the demo's tables.

    Argon2 hashes are salted at random, so they are left out. Areas and categories may already exist
    with any ids, so references to them are compared by code and slug.
    """
    from community.db import Base

    prints = {}
    with engine.connect() as connection:
        names = {
            "areas": dict(connection.execute(select(Area.id, Area.code)).all()),
            "categories": dict(connection.execute(select(Category.id, Category.slug)).all()),
        }
        for name in FINGERPRINTED:
            table = Base.metadata.tables[name]
            columns = [c for c in table.columns if c.name != "password_hash"]
            lookups = [
                next((names[fk.column.table.name] for fk in c.foreign_keys if fk.column.table.name in names),
                     None)
                for c in columns
            ]
            rows = connection.execute(select(*columns).order_by(*table.primary_key.columns)).all()
            rows = [
                tuple(v if lookup is None else lookup.get(v) for v, lookup in zip(row, lookups, strict=True))
                for row in rows
            ]
            prints[name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return prints


def test_the_same_seed_gives_identical_data_and_another_seed_different_data(seeded):
    engine = seeded[0]
    first = fingerprint(engine)
    try:
        empty_database(engine)
        seed(engine, SEED)
        assert fingerprint(engine) == first

        empty_database(engine)
        seed(engine, SEED + 1)
        other = fingerprint(engine)
        assert all(other[name] != first[name] for name in ("users", "groups", "needs", "offers"))
    finally:
        # Leave the module's database as the other tests expect it, whatever order they run in.
        empty_database(engine)
        seed(engine, SEED)
