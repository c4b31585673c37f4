"""`flask groups remind-assurance`: reminders before a group's assured date lapses, once each, with counts."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from community.db import utcnow
from community.groups.manage import ASSURANCE_PERIOD
from community.models import Notification
from tests.builders.groups import make_membership, make_serving_group
from tests.builders.people import make_user


def reminders(session) -> int:
    session.expire_all()
    query = select(func.count(Notification.id)).where(Notification.kind == "group_assurance_due")
    return session.scalar(query)


def remind(runner, *args):
    return runner.invoke(args=["groups", "remind-assurance", *args])


def test_reminds_coordinators_of_groups_about_to_lapse_and_is_idempotent(runner, session):
    due = make_serving_group(session, name="Due Soon")
    make_membership(session, user=make_user(session), group=due, role="coordinator")
    due.assured_at = utcnow() - ASSURANCE_PERIOD + timedelta(days=3)
    make_serving_group(session, name="Fresh").assured_at = utcnow() - timedelta(days=10)
    session.commit()

    first = remind(runner)
    second = remind(runner)

    assert first.exit_code == 0, first.output
    assert first.output.strip() == "Reminded 1 group: 2 reminders sent to coordinators."
    assert second.output.strip() == "Reminded 0 groups: 0 reminders sent to coordinators."
    assert reminders(session) == 2


def test_now_can_be_set_to_see_what_a_later_run_would_do(runner, session):
    make_serving_group(session, name="Fresh").assured_at = utcnow() - timedelta(days=10)
    session.commit()
    later = (utcnow() + ASSURANCE_PERIOD).date().isoformat()

    result = remind(runner, "--now", later)

    assert result.output.strip() == "Reminded 1 group: 1 reminder sent to coordinators."


def test_a_badly_written_date_is_refused_plainly(runner, session):
    result = remind(runner, "--now", "next tuesday")

    assert result.exit_code == 2
    assert "give the date as YYYY-MM-DD" in result.output
    assert reminders(session) == 0
