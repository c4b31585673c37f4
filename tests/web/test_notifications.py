"""Notifications on the web: the count in the header, the list, marking read, and the outbox."""

from __future__ import annotations

from sqlalchemy import select

from community.models import Notification, OutboxEmail
from community.notifications import Target, notify
from tests.builders import committed


def link(page, text):
    return next((a for a in page.select("a") if a.text.strip() == text), None)


A_NEED = Target("need", 1)


def add_notices(db, user, count, target=A_NEED):
    return committed(db, lambda s: [notify(s, user_id=user.id, kind="k", message=f"Notice {n}",
                                           target=target).id
                                    for n in range(count)])


def test_the_header_shows_the_unread_count(client_request, make_web_user, db):
    user = make_web_user()
    add_notices(db, user, 3)
    client_request.sign_in(user)
    page = client_request.get("main.home")
    assert link(page, "Notifications (3)")["href"] == "/notifications"


def test_the_list_is_paged_newest_first(client_request, make_web_user, db):
    user = make_web_user()
    add_notices(db, user, 25)
    client_request.sign_in(user)
    page = client_request.get("notifications.index")
    items = page.select(".weave-notifications > li")
    assert len(items) == 20 and "Notice 24" in items[0].text
    assert len(client_request.get("notifications.index", page=2).select(".weave-notifications > li")) == 5


def test_marking_one_and_all_as_read(client_request, make_web_user, db, session):
    user = make_web_user()
    first, *_ = add_notices(db, user, 3)
    client_request.sign_in(user)
    client_request.post("notifications.mark_read", notification_id=first)
    assert session.get(Notification, first).read_at is not None
    client_request.post("notifications.mark_all_read")
    session.expire_all()
    assert session.scalar(select(Notification).where(Notification.read_at.is_(None))) is None
    assert link(client_request.get("main.home"), "Notifications (0)")


def test_viewing_a_notice_marks_it_read_and_follows_its_link(client, signed_in_client, make_web_user, db,
                                                             session):
    user = make_web_user()
    (notice_id,) = add_notices(db, user, 1, target=Target("group", 5, "members"))
    response = signed_in_client(user).post(f"/notifications/{notice_id}/read", data={"open": "1"})
    assert response.location == "/groups/5/members"
    assert session.get(Notification, notice_id).read_at is not None


def test_a_notice_linking_to_nothing_weave_knows_is_never_followed(signed_in_client, make_web_user, db):
    # A notice can only name a target; one the web app has no page for (from an older version, say)
    # is not followed and offers no "View" button.
    user = make_web_user()

    def stored(session):
        notice = Notification(user_id=user.id, kind="k", message="Odd", target_kind="elsewhere", target_id=1)
        session.add(notice)
        session.flush()
        return notice.id

    notice_id = committed(db, stored)
    client = signed_in_client(user)
    assert "View" not in client.get("/notifications").get_data(as_text=True)
    response = client.post(f"/notifications/{notice_id}/read", data={"open": "1"})
    assert response.location.startswith("/notifications")


def test_nobody_marks_someone_elses_notice(signed_in_client, make_web_user, db, session):
    owner, other = make_web_user(), make_web_user()
    (notice_id,) = add_notices(db, owner, 1)
    assert signed_in_client(other).post(f"/notifications/{notice_id}/read").status_code == 404
    assert session.get(Notification, notice_id).read_at is None


def test_an_empty_list_says_what_will_appear(client_request, make_web_user):
    client_request.sign_in(make_web_user())
    assert "You have no notifications" in client_request.get("notifications.index").text


def test_notices_from_the_web_app_go_to_the_outbox(app, signed_in_client, make_web_user, db, session):
    from tests.builders.posts import make_need

    poster, helper = make_web_user(), make_web_user()
    need_id = committed(db, lambda s: make_need(s, poster=s.merge(poster)).id)
    signed_in_client(helper).post(f"/needs/{need_id}/respond", data={"message": "I can help"})
    email = session.scalar(select(OutboxEmail))
    assert email.to_address == poster.email and "offered to help" in email.body
    assert email.body.endswith(f"\n\nhttp://localhost/needs/{need_id}")
