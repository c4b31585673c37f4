"""`flask posts expire`: reminders, then expiry; running it twice does nothing more."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from community.db import utcnow
from community.models import Need, Notification, Offer
from tests.builders import committed
from tests.builders.people import make_user
from tests.builders.posts import make_need, make_offer


def test_expire_reminds_then_closes_and_is_idempotent(runner, db, session):
    def build(s):
        poster = make_user(s)
        soon = make_need(s, poster=poster, title="Soon")
        soon.expires_at = utcnow() + timedelta(days=1)
        overdue = make_need(s, poster=poster, title="Overdue")
        overdue.expires_at, overdue.reminded_at = utcnow() - timedelta(days=1), utcnow() - timedelta(days=3)
        make_offer(s, helper=poster, expires_at=utcnow() - timedelta(hours=1))
        make_need(s, poster=poster, title="Fresh")
        return poster.id

    poster_id = committed(db, build)
    first = runner.invoke(args=["posts", "expire"])
    assert first.exit_code == 0, first.output
    assert first.output.splitlines() == [
        "Sent 1 “still needed?” reminders.", "Closed 1 needs and 1 offers past their date."]
    second = runner.invoke(args=["posts", "expire"])
    assert second.output.splitlines() == [
        "Sent 0 “still needed?” reminders.", "Closed 0 needs and 0 offers past their date."]
    statuses = dict(session.execute(select(Need.title, Need.status)).all())
    assert statuses == {"Soon": "open", "Overdue": "expired", "Fresh": "open"}
    assert session.scalar(select(Offer.status)) == "expired"
    kinds = sorted(session.scalars(select(Notification.kind).where(Notification.user_id == poster_id)))
    assert kinds == ["need_expired", "offer_expired", "still_needed"]
