"""Notifications: in-app notices, read state, and email through the pluggable sender."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from community.errors import NotFound
from community.models import OutboxEmail
from community.notifications import (
    Target,
    get_email_sender,
    list_notifications,
    mark_all_read,
    mark_read,
    notify,
    notify_many,
    queue_email,
    set_email_sender,
    target_of,
    unread_count,
)
from tests.builders.people import make_user


def test_an_email_queued_goes_to_the_outbox_and_the_log(session, caplog):
    # The web app's default sender does this (tests/web/test_notifications.py); it builds the link.
    person = make_user(session)
    with caplog.at_level(logging.INFO, logger="community.notifications"):
        queue_email(session, user_id=person.id, subject="Weave: response received",
                    body="Sam offered to help\n\n/needs/1")
    email = session.scalar(select(OutboxEmail))
    assert (email.to_address, email.subject) == (person.email, "Weave: response received")
    assert email.body == "Sam offered to help\n\n/needs/1"
    assert "queued in the outbox" in caplog.text and person.email not in caplog.text


def test_an_email_can_go_to_an_address_with_no_account_behind_it(session):
    # Confirming a new email address: the account still has the old one.
    email = queue_email(
        session, to_address="new.address@example.com", subject="Confirm", body="Follow the link"
    )

    assert email is not None and session.scalar(select(OutboxEmail.to_address)) == "new.address@example.com"


def test_nothing_is_queued_for_a_deleted_account_and_the_address_is_given_once(session):
    person = make_user(session)
    person.deleted_at = person.created_at

    assert queue_email(session, user_id=person.id, subject="s", body="b") is None
    assert session.scalar(select(OutboxEmail.id)) is None
    with pytest.raises(ValueError):
        queue_email(session, user_id=person.id, to_address="a@example.com", subject="s", body="b")
    with pytest.raises(ValueError):
        queue_email(session, subject="s", body="b")


def test_a_different_sender_can_be_plugged_in(session):
    sent = []
    previous = get_email_sender()
    set_email_sender(lambda _session, notice: sent.append((notice.user_id, notice.kind, target_of(notice))))
    try:
        person = make_user(session)
        notify(session, user_id=person.id, kind="need_met", message="Done", target=Target("need", 7))
    finally:
        set_email_sender(previous)
    assert sent == [(person.id, "need_met", Target("need", 7))]
    assert session.scalar(select(OutboxEmail)) is None


def test_a_notice_names_what_it_links_to_never_a_url(session):
    person = make_user(session)
    notice = notify(session, user_id=person.id, kind="k", message="One", target=Target("group", 3, "members"))
    assert (notice.target_kind, notice.target_id, notice.target_action) == ("group", 3, "members")
    assert target_of(notify(session, user_id=person.id, kind="k", message="Two")) is None


@pytest.mark.parametrize("target", [("nowhere", 1, None), ("need", None, None), ("need", 1, "delete"),
                                    ("introduction", 4, "sent")])
def test_a_target_weave_cannot_link_to_is_refused(target):
    with pytest.raises(ValueError):
        Target(*target)


def test_unread_count_and_marking_read(session):
    person, other = make_user(session), make_user(session)
    first, second = notify_many(session, user_ids=[person.id, person.id], kind="k", message="One") + \
        notify_many(session, user_ids=[person.id], kind="k", message="Two")
    notify(session, user_id=other.id, kind="k", message="Theirs")
    assert unread_count(session, person.id) == 2
    mark_read(session, user=person, notification_id=first.id)
    assert unread_count(session, person.id) == 1 and second.read_at is None
    assert mark_all_read(session, user=person) == 1
    assert unread_count(session, person.id) == 0 and unread_count(session, other.id) == 1


def test_nobody_marks_someone_elses_notice(session):
    person, other = make_user(session), make_user(session)
    notice = notify(session, user_id=other.id, kind="k", message="Theirs")
    with pytest.raises(NotFound):
        mark_read(session, user=person, notification_id=notice.id)
    assert notice.read_at is None


def test_notices_are_listed_newest_first_a_page_at_a_time(session):
    person = make_user(session)
    for n in range(5):
        notify(session, user_id=person.id, kind="k", message=f"Notice {n}")
    page = list_notifications(session, user=person, per_page=2)
    assert (page.total, page.pages) == (5, 3)
    assert [n.message for n in page.items] == ["Notice 4", "Notice 3"]
    assert [n.message for n in list_notifications(session, user=person, per_page=2, page=3).items] == [
        "Notice 0"]


def test_notices_in_their_own_words_read_their_people_once_and_are_written_in_one_flush(session):
    from sqlalchemy import event

    from community.notifications import Notice, notify_each

    people = [make_user(session) for _ in range(4)]
    session.commit()
    session.expunge_all()  # nobody is in the session: the sender's lookups would each read
    previous = get_email_sender()
    set_email_sender(
        lambda s, notice: queue_email(s, user_id=notice.user_id, subject="S", body=notice.message)
    )
    statements: list[str] = []
    listener = lambda *args: statements.append(" ".join(args[2].split()))  # noqa: E731
    event.listen(session.get_bind(), "before_cursor_execute", listener)
    try:
        wanted = [Notice(p.id, "need_match", f"For {p.id}", Target("need", 1)) for p in people]
        made = notify_each(session, wanted)
    finally:
        event.remove(session.get_bind(), "before_cursor_execute", listener)
        set_email_sender(previous)
    assert [n.message for n in made] == [f"For {p.id}" for p in people]
    assert sorted(e.user_id for e in session.scalars(select(OutboxEmail))) == sorted(p.id for p in people)
    assert len([s for s in statements if s.startswith("SELECT users")]) == 1, statements
