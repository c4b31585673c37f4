"""The subject access export: everything Weave holds about a person, for them or an admin, audited."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from community.accounts import configure_hasher
from community.errors import PermissionDenied
from community.models import AccountToken, AuditEntry
from community.personal_data import EXPORT_FORMAT, REGISTRY, export_person
from tests.builders.people import make_user
from tests.builders.personal_data import EMAIL, NAME, PHONE, use_everything


@pytest.fixture(autouse=True)
def cheap_hashing():
    configure_hasher(time_cost=1, memory_cost=1024)


def test_the_export_holds_every_registered_section_with_the_persons_own_rows(session):
    world = use_everything(session)
    person = world.person

    exported = export_person(session, user=person, actor=person)
    data = exported["data"]

    assert exported["format"] == EXPORT_FORMAT and exported["person"] == person.id
    assert set(data) == {name for name, entry in REGISTRY.items() if entry.export is not None}
    [account] = data["users"]
    assert (account["display_name"], account["email"], account["phone"]) == (NAME, EMAIL, PHONE)
    assert "password_hash" not in account
    assert {n["title"] for n in data["needs"]} == {f"Shopping for {NAME}"}
    assert [o["title"] for o in data["offers"]] == ["Shopping runs"]
    assert [r["message"] for r in data["responses"]] == [f"I can, {NAME} here"]
    assert sorted(m["group"] for m in data["memberships"]) == ["Harbour Helpers", "Quay Street Pantry"]
    assert [c["level"] for c in data["dbs_checks"]] == ["enhanced_barred"]
    assert [r["reason"] for r in data["reports"]] == ["Looks like an advert"]
    assert [i["reason"] for i in data["introductions"]] == [f"{NAME} volunteers with both"]
    assert [run["label"] for run in data["analysis_runs"]] == [NAME]
    assert data["notifications"] and data["outbox_emails"] and data["audit_entries"]
    # Tokens are listed, their digests never.
    assert data["account_tokens"] and all("token_hash" not in t for t in data["account_tokens"])
    digests = session.scalars(select(AccountToken.token_hash)).all()
    text = json.dumps(exported)
    assert not any(digest in text for digest in digests)


def test_nothing_of_other_peoples_own_rows_is_in_it(session):
    world = use_everything(session)
    data = export_person(session, user=world.person, actor=world.person)["data"]
    assert {n["requester_id"] for n in data["needs"]} == {world.person.id}
    assert all(e["to_address"] == EMAIL for e in data["outbox_emails"])
    assert all(n["user_id"] == world.person.id for n in data["notifications"])


def test_an_admin_can_export_for_someone_and_it_is_audited_either_way(session):
    admin = make_user(session, role="admin")
    person = make_user(session, name="Ada")
    export_person(session, user=person, actor=person)
    export_person(session, user=person, actor=admin)

    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "personal_data.exported").order_by(AuditEntry.id)
    ).all()
    assert [(e.actor_id, e.target_id, e.detail) for e in entries] == [
        (person.id, person.id, "by the person themselves"), (admin.id, person.id, "by an admin, for them"),
    ]


def test_nobody_else_may_export_someone(session):
    person, connector = make_user(session), make_user(session, role="connector")
    with pytest.raises(PermissionDenied):
        export_person(session, user=person, actor=connector)
