"""Needs get a "still needed?" reminder before they expire; offers expire on their date; all idempotent."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from community.db import utcnow
from community.models import Notification
from community.posts.claims import offer_help
from community.posts.expiry import age_posts
from tests.builders.people import make_user
from tests.builders.posts import make_need, make_offer


def kinds(session, user) -> list[str]:
    return list(session.scalars(select(Notification.kind).where(Notification.user_id == user.id)
                                .order_by(Notification.id)))


def test_a_need_is_reminded_then_expires_and_running_again_changes_nothing(session):
    now = utcnow()
    poster, helper = make_user(session), make_user(session)
    need = make_need(session, poster=poster)
    need.expires_at = now + timedelta(days=2)
    response = offer_help(session, need_id=need.id, helper=helper, message="I can")

    first = age_posts(session, now=now)
    assert (first.reminded, first.needs_expired) == (1, 0)
    assert need.reminded_at == now
    assert kinds(session, poster)[-1] == "still_needed"
    assert age_posts(session, now=now).reminded == 0

    later = now + timedelta(days=3)
    assert age_posts(session, now=later).needs_expired == 1
    assert need.status == "expired" and response.status == "withdrawn"
    assert kinds(session, helper)[-1] == "need_expired"
    assert age_posts(session, now=later) == type(first)(0, 0, 0)


def test_a_need_found_late_still_gets_its_warning_before_expiring(session):
    now = utcnow()
    need = make_need(session, poster=make_user(session))
    need.expires_at = now - timedelta(days=10)
    result = age_posts(session, now=now)
    assert (result.reminded, result.needs_expired, need.status) == (1, 0, "open")
    assert age_posts(session, now=now + timedelta(days=1)).needs_expired == 0
    assert age_posts(session, now=now + timedelta(days=2)).needs_expired == 1


def test_a_need_in_progress_does_not_expire(session):
    now = utcnow()
    need = make_need(session, poster=make_user(session), status="in_progress")
    need.expires_at, need.reminded_at = now - timedelta(days=5), now - timedelta(days=5)
    assert age_posts(session, now=now).needs_expired == 0


def test_offers_expire_on_their_date_and_the_helper_is_told(session):
    now = utcnow()
    helper = make_user(session)
    old = make_offer(session, helper=helper, expires_at=now - timedelta(minutes=1))
    current = make_offer(session, helper=helper, expires_at=now + timedelta(days=1))
    assert age_posts(session, now=now).offers_expired == 1
    assert (old.status, current.status) == ("expired", "active")
    assert kinds(session, helper) == ["offer_expired"]
    assert age_posts(session, now=now).offers_expired == 0
