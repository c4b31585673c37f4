"""Retention: closed posts go 2 years after they close, the audit log after 6 years, old links at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from community.models import AccountToken, AuditEntry, Need, Notification, Offer, Report, Response
from community.personal_data import AUDIT_YEARS, CLOSED_POSTS_YEARS, apply_retention
from community.personal_data.retention import years_before
from tests.builders.people import make_user
from tests.builders.posts import make_need, make_offer

NOW = datetime(2031, 6, 15, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def ids(session, model) -> set[int]:
    return set(session.scalars(select(model.id)))


def test_the_periods_are_the_privacy_notices():
    assert (CLOSED_POSTS_YEARS, AUDIT_YEARS) == (2, 6)


def test_closed_posts_go_two_years_after_closing_with_their_responses_reports_and_notices(session):
    poster, helper = make_user(session), make_user(session)
    cutoff = years_before(NOW, 2)
    old = make_need(session, poster=poster, status="met", closed_at=cutoff - DAY,
                    created_at=cutoff - 30 * DAY)
    recent = make_need(session, poster=poster, status="withdrawn", closed_at=cutoff + DAY)
    still_open = make_need(session, poster=poster, status="open", created_at=cutoff - 400 * DAY)
    met_without_closed_at = make_need(session, poster=poster, status="met", met_at=cutoff - DAY)
    response = Response(need_id=old.id, helper_id=helper.id, message="Done", status="completed")
    session.add_all([
        response,
        Report(reporter_id=helper.id, target_type="need", target_id=old.id, reason="Old"),
        Notification(user_id=poster.id, kind="need", message="Your need was met", target_kind="need",
                     target_id=old.id),
        Notification(user_id=poster.id, kind="need", message="Still open?", target_kind="need",
                     target_id=still_open.id),
    ])
    old_offer = make_offer(session, helper=helper, status="expired", closed_at=cutoff - DAY)
    live_offer = make_offer(session, helper=helper, status="active", created_at=cutoff - 90 * DAY)
    closed_recently = make_offer(session, helper=helper, status="closed", closed_at=NOW - 10 * DAY)
    session.flush()

    result = apply_retention(session, now=NOW)

    assert (result.needs, result.offers) == (2, 1)
    assert ids(session, Need) == {recent.id, still_open.id}
    assert met_without_closed_at.id not in ids(session, Need)
    assert ids(session, Offer) == {live_offer.id, closed_recently.id}
    assert ids(session, Response) == set() and ids(session, Report) == set()
    assert session.scalars(select(Notification.target_id)).all() == [still_open.id]
    assert old_offer.id not in ids(session, Offer)


def test_the_audit_log_is_kept_six_years_to_the_day(session):
    admin = make_user(session, role="admin")
    cutoff = years_before(NOW, 6)
    for when, action in ((cutoff - DAY, "too old"), (cutoff + DAY, "kept"), (NOW, "today")):
        session.add(AuditEntry(actor_id=admin.id, action=action, target_type="user", target_id=admin.id,
                               created_at=when))
    session.flush()

    assert apply_retention(session, now=NOW).audit_entries == 1
    assert sorted(session.scalars(select(AuditEntry.action))) == ["kept", "today"]


def test_used_and_expired_links_go_a_day_later(session):
    person = make_user(session)
    for n, (expires, used) in enumerate(((NOW - 2 * DAY, None), (NOW + DAY, NOW - 2 * DAY), (NOW + DAY, None),
                                         (NOW - DAY / 2, None))):
        session.add(AccountToken(user_id=person.id, purpose="reset_password", token_hash=f"{n:064d}",
                                 created_at=NOW - 3 * DAY, expires_at=expires, used_at=used))
    session.flush()

    assert apply_retention(session, now=NOW).links == 2
    assert session.scalar(select(func.count()).select_from(AccountToken)) == 2


def test_running_it_again_removes_nothing_more(session):
    poster = make_user(session)
    make_need(session, poster=poster, status="met", closed_at=NOW - 3 * 365 * DAY)
    session.flush()
    assert apply_retention(session, now=NOW).needs == 1
    again = apply_retention(session, now=NOW)
    assert (again.needs, again.offers, again.audit_entries, again.links) == (0, 0, 0, 0)
