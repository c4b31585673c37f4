"""`flask retention apply`, with time travel."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from community.models import Need
from tests.builders.people import make_user
from tests.builders.posts import make_need


def needs(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Need))


def test_apply_deletes_what_is_past_its_time_on_the_day_given(runner, session):
    poster = make_user(session)
    make_need(session, poster=poster, status="met", closed_at=datetime(2026, 1, 10, tzinfo=UTC))
    session.commit()

    early = runner.invoke(args=["retention", "apply", "--now", "2028-01-09"])
    assert early.exit_code == 0, early.output
    assert early.output.startswith("Deleted 0 needs and 0 offers closed over 2 years ago")
    assert needs(session) == 1

    late = runner.invoke(args=["retention", "apply", "--now", "2028-01-11"])
    assert late.output == (
        "Deleted 1 needs and 0 offers closed over 2 years ago, 0 audit log entries over 6 years old and "
        "0 used or expired email links.\n"
    )
    assert needs(session) == 0


def test_a_bad_date_is_refused(runner, session):
    result = runner.invoke(args=["retention", "apply", "--now", "next week"])
    assert result.exit_code == 2
    assert "give the date as YYYY-MM-DD" in result.output
