"""The reminders Weave already wrote reach a real mail server through the same sender: "still needed?",
an offer's end, a group's assurance, an introduction and a match."""

from __future__ import annotations

from datetime import timedelta

from app.email.sender import send_outbox
from community.db import make_sessionmaker, utcnow
from community.insights.introductions import send_introduction
from community.posts.matching import match_and_notify_need
from tests.builders import committed
from tests.builders.groups import make_serving_group
from tests.builders.mail import text_of
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward
from tests.builders.posts import make_need, make_offer


def test_every_reminder_goes_out_by_email_with_a_link_and_a_plain_subject(mail_app, db, inbox):
    def build(session):
        ward = make_ward(session)
        shopping = make_category(session, slug="shopping")
        poster = make_user(session, email="poster@example.com")
        helper = make_user(session, email="helper@example.com")
        coordinator = make_user(session, email="coordinator@example.com")
        other_coordinator = make_user(session, email="other@example.com")
        connector = make_user(session, role="connector")
        need = make_need(session, poster=poster, title="Shopping for my mum", category=shopping,
                         area_id=ward.id)
        need.expires_at = utcnow() + timedelta(days=1)
        offer = make_offer(session, helper=helper, title="Shopping runs", category=shopping, area_id=ward.id)
        offer.expires_at = utcnow() - timedelta(minutes=1)
        group = make_serving_group(session, coordinator=coordinator, areas=[ward], categories=[shopping])
        group.assured_at = utcnow() - timedelta(days=400)
        other = make_serving_group(session, coordinator=other_coordinator, areas=[ward])
        send_introduction(session, connector=connector, group_a_id=group.id, group_b_id=other.id,
                          reason="You both work in this ward")
        # A second offer, still active, so that a new need finds its helper.
        make_offer(session, helper=helper, title="More shopping", category=shopping, area_id=ward.id)
        matched = make_need(session, poster=poster, title="Weekly shop", category=shopping, area_id=ward.id)
        match_and_notify_need(session, need=matched, salt="weave-testing-salt")
        return need.id

    need_id = committed(db, build)
    runner = mail_app.test_cli_runner()
    assert runner.invoke(args=["posts", "expire"]).exit_code == 0
    assert runner.invoke(args=["groups", "remind-assurance"]).exit_code == 0

    result = send_outbox(mail_app)
    assert result.failed == 0 and result.retrying == 0
    subjects = {(rcpts[0], m["Subject"]) for rcpts, m in inbox.messages}
    assert ("poster@example.com", "Weave: still needed") in subjects
    assert ("helper@example.com", "Weave: offer expired") in subjects
    assert ("coordinator@example.com", "Weave: group assurance due") in subjects
    assert any(to in ("coordinator@example.com", "other@example.com") and "introduction" in s.lower()
               for to, s in subjects), subjects
    assert ("helper@example.com", "Weave: need match") in subjects
    for _rcpts, message in inbox.messages:
        assert "Shopping for my mum" not in message["Subject"]
    [still_needed] = [m for r, m in inbox.messages if m["Subject"] == "Weave: still needed"]
    assert f"https://weave.council.example/needs/{need_id}/renew" in text_of(still_needed)
    with make_sessionmaker(db)() as session:
        from sqlalchemy import select

        from community.models import OutboxEmail

        assert {e.status for e in session.scalars(select(OutboxEmail))} == {"sent"}
