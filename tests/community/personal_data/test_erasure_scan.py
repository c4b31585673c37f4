"""Erasure reaches every table: after it, no text or JSON column anywhere holds the person's name,
email address or phone number. The same scan finds them all over the database before (the control)."""

from __future__ import annotations

import pytest
from sqlalchemy import JSON, String, Text, func, select

from community.accounts import configure_hasher
from community.db import Base
from community.errors import Conflict
from community.models import Group, Need, Notification, Response, User
from community.personal_data import delete_account, erase_account
from tests.builders.groups import make_serving_group
from tests.builders.people import DEFAULT_PASSWORD, make_user
from tests.builders.personal_data import EMAIL, NAME, PHONE, use_everything

NEEDLES = (NAME, EMAIL, PHONE)


def text_columns():
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String | Text | JSON):
                yield table, column


def scan(session) -> set[tuple[str, str, str]]:
    """(table, column, needle) for every text or JSON column, in every table, that holds a needle."""
    found = set()
    for table, column in text_columns():
        as_text = func.lower(column.cast(Text) if isinstance(column.type, JSON) else column)
        for needle in NEEDLES:
            holding = select(func.count()).select_from(table).where(as_text.like(f"%{needle.lower()}%"))
            if session.scalar(holding):
                found.add((table.name, column.name, needle))
    return found


@pytest.fixture(autouse=True)
def cheap_hashing():
    configure_hasher(time_cost=1, memory_cost=1024)


def test_the_scan_reads_every_text_column_of_every_table():
    scanned = {table.name for table, _column in text_columns()}
    assert {"users", "needs", "notifications", "outbox_emails", "audit_entries", "analysis_runs",
            "responses", "reports", "introductions", "memberships", "groups", "partnerships"} <= scanned


def test_before_erasure_the_scan_finds_the_person_all_over_the_database(session):
    use_everything(session)
    session.commit()

    tables = {table for table, _column, _needle in scan(session)}

    assert {"users", "needs", "offers", "responses", "notifications", "outbox_emails", "reports",
            "audit_entries", "analysis_runs", "introductions", "memberships", "groups",
            "partnerships"} <= tables


def test_after_erasure_no_text_anywhere_holds_the_name_email_or_phone(session):
    world = use_everything(session)
    session.commit()
    assert scan(session)  # the control: the same scan, the same data, before

    delete_account(session, user=world.person, password=DEFAULT_PASSWORD)
    session.commit()

    assert scan(session) == set()
    person = session.get(User, world.person.id)
    assert person.deleted_at is not None and not person.is_active
    # History keeps its shape: the rows are there, without the person.
    assert session.scalar(select(func.count()).select_from(Need).where(Need.requester_id == person.id)) == 1
    assert session.scalar(select(func.count()).select_from(Response).where(Response.helper_id == person.id))
    notices = select(func.count()).select_from(Notification).where(Notification.user_id == person.id)
    assert session.scalar(notices) == 0
    own_group = session.get(Group, world.own_group.id)
    assert (own_group.contact_email, own_group.contact_phone) == (None, None)


def test_an_admin_can_erase_someone_and_a_last_coordinator_is_refused_first(session):
    admin = make_user(session, role="admin")
    world = use_everything(session)
    lonely = make_user(session, name="Only Coordinator")
    make_serving_group(session, coordinator=lonely)
    session.commit()

    with pytest.raises(Conflict, match="only coordinator"):
        erase_account(session, actor=admin, user=lonely)
    erase_account(session, actor=admin, user=world.person)
    session.commit()
    assert scan(session) == set()
