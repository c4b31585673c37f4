"""The coordination board and partnerships, through the pages: assign, reassign, progress, refer, partner."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from community.db import make_sessionmaker
from community.models import Category, DBSCheck, Group, Membership, Need, Notification, Partnership
from community.posts.claims import DBS_REQUIRED
from tests.builders.groups import build_world, make_membership
from tests.builders.people import make_user
from tests.builders.places import make_category
from tests.builders.posts import make_need


@pytest.fixture()
def world(db):
    return build_world(db)


def need(db, need_id) -> Need:
    with make_sessionmaker(db)() as session:
        return session.get(Need, need_id)


def test_the_board_lists_open_needs_what_the_group_is_doing_and_each_volunteers_load(client_request, world):
    client_request.sign_in(world.users["coordinator"])

    page = client_request.get("groups.board", group_id=world.group_id)

    tables = page.select("table")

    def first_cells(table):
        return [row.select_one("td").get_text(strip=True) for row in table.select("tbody tr")]

    assert first_cells(tables[0]) == ["Weekly shop"]
    assert first_cells(tables[1]) == ["Pharmacy run"]
    loads = {row.select("td")[0].text: row.select("td")[1].text for row in tables[2].select("tbody tr")}
    assert loads == {"Cora Coordinator": "0", "Vic Volunteer": "1"}


def test_assigning_a_need_from_the_board_tells_the_volunteer(client_request, world, db):
    client_request.sign_in(world.users["coordinator"])

    form = client_request.get("groups.assign", group_id=world.group_id, need_id=world.open_need_id, all=1)
    labels = [label.text.strip() for label in form.select("label.govuk-radios__label")]
    assert labels == ["Cora Coordinator (helping with 0 now)",
                      "Vic Volunteer (helping with 1 now, DBS checked)"]
    client_request.post("groups.assign", group_id=world.group_id, need_id=world.open_need_id,
                        _data={"assignee": world.users["member"].id})

    taken = need(db, world.open_need_id)
    assert (taken.status, taken.group_id, taken.assigned_to_id) == ("in_progress", world.group_id,
                                                                    world.users["member"].id)
    with make_sessionmaker(db)() as session:
        kinds = select(Notification.kind).where(Notification.user_id == world.users["member"].id)
        assert "need_assigned" in list(session.scalars(kinds))


def test_the_volunteers_offered_first_are_those_who_help_with_that_kind_of_need(client_request, world, db):
    client_request.sign_in(world.users["coordinator"])
    # Nobody has said what they help with yet: the page says so and shows everyone.
    page = client_request.get("groups.assign", group_id=world.group_id, need_id=world.open_need_id)
    assert len(page.select('input[name="assignee"]')) == 2
    assert "Nobody in the group has said they help with Shopping, so everyone is shown." in page.text

    with make_sessionmaker(db)() as session:
        membership = session.get(Membership, world.member_membership_id)
        membership.categories = [session.get(Category, world.category_id)]
        session.commit()
    page = client_request.get("groups.assign", group_id=world.group_id, need_id=world.open_need_id)

    labels = [label.text.strip() for label in page.select("label.govuk-radios__label")]
    assert labels == ["Vic Volunteer (helping with 1 now, DBS checked)"]
    assert "Showing the members who help with Shopping" in page.text
    everyone = page.find("a", string=re.compile(r"Show everyone in the group \(2\)"))["href"]
    assert len(client_request.get_url(everyone).select('input[name="assignee"]')) == 2
    # Someone not listed may still be chosen: the list is a filter, not a rule.
    client_request.post("groups.assign", group_id=world.group_id, need_id=world.open_need_id,
                        _data={"assignee": world.users["coordinator"].id})
    assert need(db, world.open_need_id).assigned_to_id == world.users["coordinator"].id


def test_a_regulated_need_cannot_be_assigned_to_a_volunteer_without_a_dbs_check(client_request, world, db):
    with make_sessionmaker(db)() as session:
        care = make_category(session, slug="personal-care", regulated=True)
        newcomer = make_user(session, name="Nia Newcomer")
        group = session.get(Group, world.group_id)
        group.categories = [*group.categories, care]
        make_membership(session, user=newcomer, group=group)
        ward_need = make_need(session, poster=world.users["resident"], category=care, title="Help dressing",
                              at=(51.51, -0.29), area_id=world.ward_ids["Brentham"])
        session.commit()
        need_id, newcomer_id = ward_need.id, newcomer.id
    client_request.sign_in(world.users["coordinator"])

    page = client_request.post("groups.assign", group_id=world.group_id, need_id=need_id,
                               _expected_status=200, _data={"assignee": newcomer_id})

    assert page.select_one(".govuk-error-summary a").text == DBS_REQUIRED
    assert need(db, need_id).status == "open"
    client_request.post("groups.assign", group_id=world.group_id, need_id=need_id,
                        _data={"assignee": world.users["member"].id})
    assert need(db, need_id).assigned_to_id == world.users["member"].id


def test_reassigning_and_marking_met(client_request, world, db):
    client_request.sign_in(world.users["coordinator"])

    client_request.post("groups.reassign", group_id=world.group_id, need_id=world.taken_need_id,
                        _data={"assignee": world.users["coordinator"].id})
    assert need(db, world.taken_need_id).assigned_to_id == world.users["coordinator"].id
    client_request.post("groups.progress", group_id=world.group_id, need_id=world.taken_need_id,
                        _data={"outcome": "met"})

    assert need(db, world.taken_need_id).status == "met"


def test_not_met_needs_a_reason(client_request, world, db):
    client_request.sign_in(world.users["coordinator"])

    page = client_request.post("groups.progress", group_id=world.group_id, need_id=world.taken_need_id,
                               _expected_status=200, _data={"outcome": "not_met"})

    assert [a.text for a in page.select(".govuk-error-summary a")] == ["Enter why the need was not met"]
    assert need(db, world.taken_need_id).status == "in_progress"


def test_referring_a_need_to_a_partner_puts_it_on_their_board(client_request, world, db):
    client_request.sign_in(world.users["coordinator"])

    form = client_request.get("groups.refer", group_id=world.group_id, need_id=world.open_need_id)
    assert [label.text.strip() for label in form.select("label.govuk-radios__label")] == ["Cleveland Drivers"]
    client_request.post("groups.refer", group_id=world.group_id, need_id=world.open_need_id,
                        _data={"partner_group_id": world.third_group_id, "note": "They drive"})

    assert need(db, world.open_need_id).referred_to_group_id == world.third_group_id


def test_a_proposal_is_accepted_and_then_shows_on_both_group_pages(client_request, world, db):
    client_request.sign_in(world.users["coordinator"])
    partners = client_request.get("groups.partners", group_id=world.group_id)
    assert "Acton Faith Kitchen" in partners.select("h2")[0].find_next("ul").text
    assert "Shall we refer to each other?" in partners.text

    client_request.post("groups.accept_partnership", group_id=world.group_id,
                        partnership_id=world.incoming_partnership_id)

    ours = client_request.get("groups.detail", group_id=world.group_id)
    theirs = client_request.get("groups.detail", group_id=world.other_group_id)
    assert "Acton Faith Kitchen" in ours.select_one("main").text
    assert "Brentham Mutual Aid" in theirs.select_one("main").text


def test_the_propose_box_searches_rather_than_listing_every_group(client_request, world):
    client_request.sign_in(world.users["coordinator"])

    empty = client_request.get("groups.propose_partnership", group_id=world.group_id)
    assert empty.select('input[name="to_group_id"]') == [] and "Dormers Wells Tenants" not in empty.text
    assert empty.select_one('form[method="get"] input[name="q"]') is not None

    found = client_request.get("groups.propose_partnership", group_id=world.group_id, q="dormers")
    assert [i["value"] for i in found.select('input[name="to_group_id"]')] == [str(world.fourth_group_id)]
    assert found.select_one('input[name="q"]')["value"] == "dormers"

    # A partner already is not offered, and the page says why nothing matched.
    partner = client_request.get("groups.propose_partnership", group_id=world.group_id, q="Faith Kitchen")
    assert partner.select('input[name="to_group_id"]') == []
    assert "No group you could propose to matches “Faith Kitchen”" in partner.text


def test_proposing_and_ending_a_partnership(client_request, world, db):
    client_request.sign_in(world.users["coordinator"])
    form = client_request.get("groups.propose_partnership", group_id=world.group_id, q="a")
    # Groups already partnered or waiting for an answer are not offered again.
    assert [label.text.strip() for label in form.select("label.govuk-radios__label")
            if label["for"].startswith("to_group_id")] == ["Dormers Wells Tenants"]

    client_request.post("groups.propose_partnership", group_id=world.group_id, q="a",
                        _data={"to_group_id": world.fourth_group_id, "kind": "shared_volunteers"})
    client_request.post("groups.end_partnership", group_id=world.group_id,
                        partnership_id=world.active_partnership_id)

    with make_sessionmaker(db)() as session:
        statuses = {p.id: p.status for p in session.scalars(select(Partnership))}
        assert statuses[world.active_partnership_id] == "ended"
        assert sorted(statuses.values()) == ["ended", "proposed", "proposed"]
        assert session.scalar(select(DBSCheck.id)) is not None
