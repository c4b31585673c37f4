"""A notice names what it links to; the web app builds the link, in pages and in email alike."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.notices.links import ENDPOINTS, target_url
from community.db import utcnow
from community.models import OutboxEmail
from community.notifications import TARGETS, Target
from tests.builders import committed
from tests.builders.people import make_user
from tests.builders.posts import make_need

# The paths the domain used to write itself: the links must not change.
OLD_PATHS = {
    Target("need", 4): "/needs/4",
    Target("need", 4, "renew"): "/needs/4/renew",
    Target("offer", 5): "/offers/5",
    Target("group", 6): "/groups/6",
    Target("group", 6, "members"): "/groups/6/members",
    Target("group", 6, "partners"): "/groups/6/partners",
    Target("group", 6, "board"): "/groups/6/board",
    Target("group", 6, "confirm-details"): "/groups/6/confirm-details",
    Target("introduction", 7): "/introductions/7",
    Target("introduction", None, "sent"): "/connectors/introductions",
    Target("escalation", 8): "/council/escalations/8",
}


def test_every_target_the_domain_can_name_has_a_page():
    assert set(ENDPOINTS) == set(TARGETS)
    assert {(t.kind, t.action) for t in OLD_PATHS} == set(TARGETS)


def test_each_target_links_where_the_domain_used_to_point(app):
    with app.test_request_context():
        assert {target: target_url(target) for target in OLD_PATHS} == OLD_PATHS
        assert target_url(None) is None


def test_email_sent_outside_a_request_carries_the_same_link(app, runner, db, session):
    # "flask posts expire" runs from cron: no request, yet its reminders link to the renewal page.
    def closing_soon(s):
        need = make_need(s, poster=make_user(s))
        need.expires_at = utcnow() + timedelta(days=1)
        return need.id

    need_id = committed(db, closing_soon)
    result = runner.invoke(args=["posts", "expire"])
    assert result.exit_code == 0, result.output
    email = session.scalar(select(OutboxEmail))
    assert email is not None and email.body.endswith(f"\n\nhttp://localhost/needs/{need_id}/renew")
