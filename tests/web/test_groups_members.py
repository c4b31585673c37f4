"""Joining, approving, leaving, removing, promoting; volunteer details and DBS checks, through the pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.db import make_sessionmaker
from community.groups.memberships import LAST_COORDINATOR
from community.models import DBSCheck, Membership, Notification
from tests.builders.groups import build_world


@pytest.fixture()
def world(db):
    return build_world(db)


def membership(db, membership_id):
    with make_sessionmaker(db)() as session:
        return session.get(Membership, membership_id)


def test_asking_to_join_tells_the_coordinator_who_approves_from_the_members_page(client_request, world, db):
    client_request.sign_in(world.users["resident"])
    page = client_request.post("groups.join", group_id=world.group_id, _follow_redirects=True)
    assert "You have asked to join Brentham Mutual Aid" in page.select_one(".govuk-notification-banner").text

    client_request.sign_in(world.users["coordinator"])
    members = client_request.get("groups.members", group_id=world.group_id)
    waiting = [row.select_one("td").text for row in members.select("table")[0].select("tbody tr")]
    assert waiting == ["Pat Pending", "Rita Resident"]
    buttons = [b.get_text(" ", strip=True) for b in members.select("table")[0].select("button")]
    assert "Approve Rita Resident" in buttons and "Decline Rita Resident" in buttons

    with make_sessionmaker(db)() as session:
        mine = session.scalar(select(Membership).where(Membership.user_id == world.users["resident"].id))
        mid = mine.id
    client_request.post("groups.approve_member", group_id=world.group_id, membership_id=mid)
    assert membership(db, mid).status == "active"
    with make_sessionmaker(db)() as session:
        told = select(Notification.kind).where(Notification.user_id == world.users["resident"].id)
        assert "membership_approved" in list(session.scalars(told))


def test_the_last_coordinator_is_told_they_cannot_leave(client_request, world):
    client_request.sign_in(world.users["coordinator"])

    page = client_request.post("groups.leave", group_id=world.group_id, _expected_status=200)

    assert page.select_one("#refusal").text.strip() == LAST_COORDINATOR


def test_a_volunteer_leaves(client_request, world, db):
    client_request.sign_in(world.users["member"])

    client_request.post("groups.leave", group_id=world.group_id)

    assert membership(db, world.member_membership_id).status == "left"


def test_a_coordinator_promotes_a_volunteer_who_can_then_let_them_leave(client_request, world, db):
    client_request.sign_in(world.users["coordinator"])
    page = client_request.get("groups.change_role", group_id=world.group_id,
                              membership_id=world.member_membership_id)
    assert page.select_one("input[name=role][value=volunteer]").has_attr("checked")

    client_request.post("groups.change_role", group_id=world.group_id,
                        membership_id=world.member_membership_id, _data={"role": "coordinator"})
    client_request.post("groups.leave", group_id=world.group_id)

    assert membership(db, world.member_membership_id).role == "coordinator"


def test_removing_asks_first_then_removes(client_request, world, db):
    client_request.sign_in(world.users["coordinator"])

    confirm = client_request.get("groups.remove_member", group_id=world.group_id,
                                 membership_id=world.member_membership_id)
    assert confirm.select_one("h1").text == "Remove Vic Volunteer from Brentham Mutual Aid?"
    assert membership(db, world.member_membership_id).status == "active"
    client_request.post("groups.remove_member", group_id=world.group_id,
                        membership_id=world.member_membership_id)

    assert membership(db, world.member_membership_id).status == "removed"


def test_a_membership_of_another_group_is_not_found_through_this_one(client_request, world):
    client_request.sign_in(world.users["other_coordinator"])

    client_request.get("groups.remove_member", group_id=world.other_group_id,
                       membership_id=world.member_membership_id, _expected_status=404)


def test_a_member_saves_what_they_help_with_and_when(client_request, world, db):
    client_request.sign_in(world.users["member"])

    page = client_request.get("groups.volunteer_details", group_id=world.group_id)
    assert "counts until" in page.text  # their own DBS check is shown to them
    client_request.post("groups.volunteer_details", group_id=world.group_id,
                        _data={"category_ids": [world.category_id], "availability": "Saturday mornings"})

    with make_sessionmaker(db)() as session:
        saved = session.get(Membership, world.member_membership_id)
        assert ([c.id for c in saved.categories], saved.availability) == ([world.category_id],
                                                                          "Saturday mornings")


def test_a_coordinator_records_a_dbs_check_with_gov_uk_dates(client_request, world, db):
    client_request.sign_in(world.users["coordinator"])
    args = {"group_id": world.group_id, "membership_id": world.member_membership_id}

    bad = client_request.post("groups.dbs_checks", **args, _expected_status=200, _data={
        "level": "enhanced", "checked_on": ["31", "2", "2025"], "expires_on": ["", "", ""],
    })
    client_request.post("groups.dbs_checks", **args, _data={
        "level": "enhanced_barred", "checked_on": ["3", "2", "2025"], "expires_on": ["3", "2", "2099"],
    })

    assert [a.text for a in bad.select(".govuk-error-summary a")] == [
        "The date on the certificate must be a real date",
        "Enter the date the group will treat the check as expired",
    ]
    with make_sessionmaker(db)() as session:
        levels = sorted(c.level for c in session.scalars(select(DBSCheck)))
        assert levels == ["enhanced", "enhanced_barred"]


def test_withdrawing_a_check_stops_it_counting(client_request, world, db):
    client_request.sign_in(world.users["coordinator"])

    client_request.post("groups.withdraw_dbs", group_id=world.group_id,
                        membership_id=world.member_membership_id, check_id=world.check_id)

    with make_sessionmaker(db)() as session:
        assert session.get(DBSCheck, world.check_id).revoked is True
