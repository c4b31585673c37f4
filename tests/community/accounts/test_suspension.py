"""Administrators suspend and reinstate accounts; a suspended person's open posts are hidden meanwhile."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.accounts import reinstate_user, suspend_user
from community.errors import Conflict, PermissionDenied, ValidationFailed
from community.models import AuditEntry, Need, Offer, Report
from community.posts.moderation import hide_reported
from community.posts.visibility import (
    can_view_need,
    can_view_offer,
    listed_needs_clause,
    listed_offers_clause,
)
from tests.builders.people import make_user
from tests.builders.posts import make_need, make_offer


@pytest.fixture()
def people(session):
    return (make_user(session, role="admin", name="Admin"), make_user(session, name="Sam Spammer"),
            make_user(session, name="Neighbour"), make_user(session, role="connector", name="Connie"))


def listed(session, viewer, model, clause):
    return set(session.scalars(select(model.id).where(clause(viewer))))


def test_suspending_ends_sessions_hides_open_posts_from_others_and_records_the_reason(session, people):
    admin, sam, neighbour, connector = people
    need, offer = make_need(session, poster=sam), make_offer(session, helper=sam)
    met = make_need(session, poster=sam, status="met", title="Done")
    version = sam.session_version

    hidden = suspend_user(session, actor=admin, user=sam, reason="Posting adverts")

    assert hidden == 2
    assert not sam.is_active and sam.session_version == version + 1
    assert sam.suspension_reason == "Posting adverts"
    assert (need.hidden, offer.hidden, met.hidden) == (True, True, False)
    assert not can_view_need(session, neighbour, need) and not can_view_offer(neighbour, offer)
    assert need.id not in listed(session, neighbour, Need, listed_needs_clause)
    assert offer.id not in listed(session, neighbour, Offer, listed_offers_clause)
    assert can_view_need(session, connector, need)  # connectors moderate: they still see it
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "user.suspended"))
    assert (entry.actor_id, entry.target_id, entry.detail) == (
        admin.id, sam.id, "Posting adverts (2 open posts hidden)"
    )


def test_reinstating_shows_their_posts_again_but_not_what_a_moderator_hid(session, people):
    admin, sam, neighbour, connector = people
    need, offer = make_need(session, poster=sam), make_offer(session, helper=sam)
    reported = make_need(session, poster=sam, title="Reported")
    suspend_user(session, actor=admin, user=sam, reason="Checking reports")
    report = Report(reporter_id=neighbour.id, target_type="need", target_id=reported.id, reason="Spam")
    session.add(report)
    session.flush()
    hide_reported(session, report_id=report.id, actor=connector, note="Spam")

    shown = reinstate_user(session, actor=admin, user=sam)

    assert shown == 2 and sam.is_active and sam.suspension_reason is None
    assert (need.hidden, offer.hidden, reported.hidden) == (False, False, True)
    assert need.id in listed(session, neighbour, Need, listed_needs_clause)
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.target_id == sam.id)).all()
    assert "user.reinstated" in actions


def test_a_post_a_moderator_hid_before_the_suspension_stays_hidden_after_it(session, people):
    admin, sam, *_ = people
    already_hidden = make_need(session, poster=sam, hidden=True)
    suspend_user(session, actor=admin, user=sam, reason="Abuse")
    reinstate_user(session, actor=admin, user=sam)
    assert already_hidden.hidden


@pytest.mark.parametrize(("who", "reason", "error"), [
    ("neighbour", "Spam", PermissionDenied),
    ("admin-self", "Testing", PermissionDenied),
    ("admin", "", ValidationFailed),
    ("admin", "x" * 501, ValidationFailed),
])
def test_only_an_admin_may_suspend_someone_else_and_must_say_why(session, people, who, reason, error):
    admin, sam, neighbour, _connector = people
    actor = {"neighbour": neighbour, "admin": admin, "admin-self": admin}[who]
    target = admin if who == "admin-self" else sam
    with pytest.raises(error):
        suspend_user(session, actor=actor, user=target, reason=reason)
    assert target.is_active


def test_suspending_twice_or_reinstating_someone_not_suspended_is_a_conflict(session, people):
    admin, sam, *_ = people
    with pytest.raises(Conflict):
        reinstate_user(session, actor=admin, user=sam)
    suspend_user(session, actor=admin, user=sam, reason="Spam")
    with pytest.raises(Conflict):
        suspend_user(session, actor=admin, user=sam, reason="Spam again")
