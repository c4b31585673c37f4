"""`flask demo seed`."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_REFUSED
from community.models import Area, Category, CouncilSettings, Group, Need, User
from tests.builders.groups import make_group
from tests.builders.people import make_user
from tests.builders.places import make_category, make_postcode, make_ward


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def seed(runner, *args):
    return runner.invoke(args=["demo", "seed", *args])


def test_seeding_an_empty_database_prints_progress_and_the_demo_accounts(runner, session):
    result = seed(runner, "--scale", "small", "--seed", "3", "--if-empty")

    assert result.exit_code == 0, result.output
    assert "People: 600 people" in result.output
    assert "Demo seeded (small, seed 3)" in result.output
    assert "for this demo database only" in result.output
    for account in DEMO_ACCOUNTS:
        assert account.email in result.output
    assert f"Password for all four: {DEMO_PASSWORD}" in result.output
    assert count(session, User) == 600 and count(session, Group) == 40

    # Seeding again is refused with one line, or skipped politely with --if-empty.
    again = seed(runner)
    assert again.exit_code == 1
    assert again.output.splitlines() == [f"Error: {DEMO_REFUSED}"]
    skipped = seed(runner, "--if-empty")
    assert skipped.exit_code == 0
    assert skipped.output == "The database already holds a council's data: the demo is not seeded.\n"
    assert count(session, User) == 600


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scale", "huge"], "The scale must be one of small, city, not 'huge'"),
        (["--seed", "one"], "The seed must be a whole number, like 1, not 'one'"),
    ],
)
def test_bad_options_fail_with_one_line_and_write_nothing(runner, session, args, message):
    result = seed(runner, *args)
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"Error: {message}"]
    assert count(session, User) == 0 and count(session, Area) == 0


COUNCIL_DATA = {
    "a ward": lambda s: make_ward(s, name="Harbourside"),
    "a category": lambda s: make_category(s, slug="boat-repairs"),
    "a group": lambda s: make_group(s),
    "a person": lambda s: make_user(s, name="First Admin", role="admin"),
    "the council's settings": lambda s: s.add(CouncilSettings(name="Portmere Borough Council")),
    "postcodes": lambda s: make_postcode(s),
}


@pytest.mark.parametrize("what", COUNCIL_DATA)
def test_the_demo_refuses_a_database_with_any_council_data_and_writes_nothing(runner, session, what):
    COUNCIL_DATA[what](session)
    session.commit()
    before = {model: count(session, model) for model in (Area, Category, Group, User, Need)}

    refused = seed(runner, "--scale", "small", "--seed", "1")

    assert refused.exit_code == 1
    assert refused.output.splitlines() == [f"Error: {DEMO_REFUSED}"]
    assert {model: count(session, model) for model in before} == before


def test_make_runs_if_empty_serves_a_councils_database_without_seeding_it(runner, session):
    make_ward(session, name="Harbourside")
    session.commit()

    skipped = seed(runner, "--scale", "small", "--seed", "1", "--if-empty")

    assert skipped.exit_code == 0
    assert skipped.output == "The database already holds a council's data: the demo is not seeded.\n"
    assert count(session, Area) == 1 and count(session, User) == 0 and count(session, Category) == 0
