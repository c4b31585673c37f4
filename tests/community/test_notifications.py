"""Notifications: in-app notices, read state, and email through the pluggable sender."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from community.errors import NotFound
from community.models import OutboxEmail
from community.notifications import (
    get_email_sender,
    list_notifications,
    mark_all_read,
    mark_read,
    notify,
    notify_many,
    outbox_sender,
    set_email_sender,
    unread_count,
)
from tests.builders_posts import make_person


@pytest.fixture()
def outbox():
    previous = get_email_sender()
    set_email_sender(outbox_sender)
    yield
    set_email_sender(previous)


def test_the_default_sender_writes_the_outbox_and_the_log(session, outbox, caplog):
    person = make_person(session)
    with caplog.at_level(logging.INFO, logger="community.notifications"):
        notify(session, user_id=person.id, kind="response_received", message="Sam offered to help",
               link="/needs/1")
    email = session.scalar(select(OutboxEmail))
    assert (email.to_address, email.subject) == (person.email, "Weave: response received")
    assert email.body == "Sam offered to help\n\n/needs/1"
    assert "queued in the outbox" in caplog.text and person.email not in caplog.text


def test_a_different_sender_can_be_plugged_in(session):
    sent = []
    previous = get_email_sender()
    set_email_sender(lambda _session, user_id, subject, body: sent.append((user_id, subject)))
    try:
        person = make_person(session)
        notify(session, user_id=person.id, kind="need_met", message="Done")
    finally:
        set_email_sender(previous)
    assert sent == [(person.id, "Weave: need met")]
    assert session.scalar(select(OutboxEmail)) is None


def test_unread_count_and_marking_read(session):
    person, other = make_person(session), make_person(session)
    first, second = notify_many(session, user_ids=[person.id, person.id], kind="k", message="One") + \
        notify_many(session, user_ids=[person.id], kind="k", message="Two")
    notify(session, user_id=other.id, kind="k", message="Theirs")
    assert unread_count(session, person.id) == 2
    mark_read(session, user=person, notification_id=first.id)
    assert unread_count(session, person.id) == 1 and second.read_at is None
    assert mark_all_read(session, user=person) == 1
    assert unread_count(session, person.id) == 0 and unread_count(session, other.id) == 1


def test_nobody_marks_someone_elses_notice(session):
    person, other = make_person(session), make_person(session)
    notice = notify(session, user_id=other.id, kind="k", message="Theirs")
    with pytest.raises(NotFound):
        mark_read(session, user=person, notification_id=notice.id)
    assert notice.read_at is None


def test_notices_are_listed_newest_first_a_page_at_a_time(session):
    person = make_person(session)
    for n in range(5):
        notify(session, user_id=person.id, kind="k", message=f"Notice {n}")
    page = list_notifications(session, user=person, per_page=2)
    assert (page.total, page.pages) == (5, 3)
    assert [n.message for n in page.items] == ["Notice 4", "Notice 3"]
    assert [n.message for n in list_notifications(session, user=person, per_page=2, page=3).items] == [
        "Notice 0"]
