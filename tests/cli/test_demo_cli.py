"""`flask demo seed`."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from community.models import Area, Group, User


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
    assert again.output.splitlines() == [
        "Error: The database already has people or groups; the demo only seeds an empty database."
    ]
    skipped = seed(runner, "--if-empty")
    assert skipped.exit_code == 0
    assert skipped.output == "The database already has data; demo not seeded.\n"
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
