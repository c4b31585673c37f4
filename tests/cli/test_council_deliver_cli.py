"""`flask council deliver` sends what is due and reports the counts."""

from __future__ import annotations

from community.db import make_sessionmaker
from community.models import Escalation
from tests.builders.council import make_team
from tests.builders.people import make_user
from tests.builders.places import make_category
from tests.builders.posts import make_need


def test_deliver_reports_what_it_tried(runner, db):
    with make_sessionmaker(db)() as session:
        # Nothing listens on port 9 of this machine: the try fails and is kept for later.
        team = make_team(
            session, delivery_kind="webhook", delivery_url="http://127.0.0.1:9/hook", delivery_secret="x" * 20
        )
        need = make_need(session, poster=make_user(session), category=make_category(session))
        session.add(
            Escalation(
                need_id=need.id,
                team_id=team.id,
                kind="beyond",
                summary="x",
                delivery_status="pending",
                next_delivery_at=need.created_at,
            )
        )
        session.commit()
    result = runner.invoke(args=["council", "deliver"])
    assert result.exit_code == 0, result.output
    assert "Delivered 0, to try again 1, failed 0." in result.output
