"""The public group page, the directory, the map page, "your groups" and the connectors' review."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from community.db import make_sessionmaker, utcnow
from community.models import Group, User
from tests.builders.groups import build_world, make_serving_group

MENU = "nav[aria-label='Menu'] a"


@pytest.fixture()
def world(db):
    return build_world(db)


def change(db, model, where, **values):
    with make_sessionmaker(db)() as session:
        session.execute(update(model).where(where).values(**values))
        session.commit()


def test_the_public_page_says_what_where_how_to_contact_and_who_it_partners(client_request, world):
    page = client_request.get("groups.detail", group_id=world.group_id)

    main = page.select_one("main").get_text(" ")
    assert page.select_one("h1").text == "Brentham Mutual Aid"
    assert "We help neighbours." in main
    assert "Shopping" in main and "Brentham" in main
    assert page.select_one(f"a[href='mailto:group{world.group_id}@example.org']")
    assert "020 8000 0000" in main
    partners = [a.text for a in page.select("main a[href^='/groups/']") if "Cleveland" in a.text]
    assert partners == ["Cleveland Drivers"]
    # A proposal not yet accepted is not a partnership.
    assert "Acton Faith Kitchen" not in main


@pytest.mark.parametrize("role", ["anonymous", "resident", "member", "other_coordinator", "connector"])
def test_the_public_page_never_shows_members_personal_details(client_request, world, db, role):
    with make_sessionmaker(db)() as session:
        for user in session.query(User):
            user.phone = "07700 900123"
        session.commit()
    if role != "anonymous":
        client_request.sign_in(world.users[role])

    page = client_request.get("groups.detail", group_id=world.group_id)

    text = page.get_text(" ")
    for person in ("coordinator", "member"):
        user = world.users[person]
        if role == person:
            continue
        assert user.display_name not in text
        assert user.email not in text
    assert world.pending_user.display_name not in text
    assert "07700 900123" not in text


def test_a_member_sees_their_own_links_and_a_stranger_can_ask_to_join(client_request, world):
    client_request.sign_in(world.users["member"])
    member_page = client_request.get("groups.detail", group_id=world.group_id)
    client_request.sign_in(world.users["resident"])
    stranger_page = client_request.get("groups.detail", group_id=world.group_id)

    assert member_page.select_one("a[href$='/your-details']")
    assert not member_page.select("form[action$='/join']")
    assert stranger_page.select_one("form[action$='/join'] button").text.strip() == "Ask to join"


def test_only_coordinators_see_the_running_links(client_request, world):
    client_request.sign_in(world.users["coordinator"])
    page = client_request.get("groups.detail", group_id=world.group_id)

    links = [a.text for a in page.select("nav[aria-label='Run this group'] a")]
    assert links == ["Group page", "Coordination board", "Members", "Partners", "Edit details"]
    assert "1 person has asked to join" in page.text


def test_stale_and_verified_badges_show_on_public_pages(client_request, world, db):
    change(db, Group, Group.id == world.group_id, verified_at=utcnow())
    change(db, Group, Group.id == world.other_group_id, assured_at=utcnow() - timedelta(days=400))

    detail = client_request.get("groups.detail", group_id=world.group_id)
    stale = client_request.get("groups.detail", group_id=world.other_group_id)
    listing = client_request.get("groups.directory")

    assert [t.text for t in detail.select(".govuk-tag")] == ["Verified by the council"]
    assert [t.text for t in stale.select(".govuk-tag")] == ["Not confirmed for over a year"]
    tags = {card.select_one("h2").text: [t.text for t in card.select(".govuk-tag")]
            for card in listing.select(".weave-group-card")}
    assert tags["Brentham Mutual Aid"] == ["Verified by the council"]
    assert tags["Acton Faith Kitchen"] == ["Not confirmed for over a year"]


def test_the_directory_filters_by_ward_category_kind_and_text(client_request, world):
    everyone = client_request.get("groups.directory")
    by_ward = client_request.get("groups.directory", ward=world.ward_ids["Cleveland"])
    by_kind = client_request.get("groups.directory", kind="faith")
    by_text = client_request.get("groups.directory", q="brentham", category="shopping")

    def names(page):
        return [h.text for h in page.select(".weave-group-card h2")]

    assert names(everyone) == ["Acton Faith Kitchen", "Brentham Mutual Aid", "Cleveland Drivers",
                               "Dormers Wells Tenants"]
    assert names(by_ward) == ["Cleveland Drivers", "Dormers Wells Tenants"]
    assert names(by_kind) == ["Acton Faith Kitchen"]
    assert names(by_text) == ["Brentham Mutual Aid"]
    assert by_text.select_one("#result-count").text.strip() == "1 group matches your filters."
    assert by_text.select_one("#filter-q")["value"] == "brentham"


def test_the_directory_is_paginated(client_request, world, db):
    with make_sessionmaker(db)() as session:
        for n in range(25):
            make_serving_group(session, name=f"Extra group {n:02d}")
        session.commit()

    first = client_request.get("groups.directory")
    second = client_request.get("groups.directory", page=2)

    assert len(first.select(".weave-group-card")) == 20
    assert len(second.select(".weave-group-card")) == 9
    assert second.title.text.startswith("Community groups (page 2 of 2)")
    assert first.select_one(".govuk-pagination__next a")["href"] == "/groups?page=2"


def test_the_map_page_has_a_titled_frame_and_a_table_of_the_same_groups(client_request, world):
    page = client_request.get("groups.map_page", category="shopping", kind="club")

    frame = page.select_one("iframe")
    assert frame["title"] == "Map of the community groups listed in the table below"
    assert frame["src"] == "/maps/groups?category=shopping&kind=club"
    assert [row.select_one("td a").text for row in page.select("tbody tr")] == ["Cleveland Drivers"]


def test_your_groups_lists_active_and_pending_memberships(client_request, world, db):
    client_request.sign_in(world.pending_user)
    page = client_request.get("groups.mine")

    rows = [[td.get_text(" ", strip=True) for td in row.select("td")][:2] for row in page.select("tbody tr")]
    assert rows == [["Brentham Mutual Aid", "Waiting to be approved"]]


def test_your_groups_is_in_the_navigation_for_members_only(client_request, world):
    client_request.sign_in(world.users["member"])
    member_nav = [a.text.strip() for a in client_request.get("main.home").select(MENU)]
    client_request.sign_in(world.users["resident"])
    resident_nav = [a.text.strip() for a in client_request.get("main.home").select(MENU)]

    assert "Groups" in member_nav and "Your groups" in member_nav
    assert "Groups" in resident_nav and "Your groups" not in resident_nav


def test_connectors_review_stale_listings_with_their_badges(client_request, world, db):
    change(db, Group, Group.id == world.other_group_id, assured_at=utcnow() - timedelta(days=400),
           verified_at=utcnow() - timedelta(days=500))
    client_request.sign_in(world.users["connector"])

    page = client_request.get("groups.review")

    rows = page.select("tbody tr")
    assert [row.select_one("td a").text for row in rows] == ["Acton Faith Kitchen"]
    assert [t.text for t in rows[0].select(".govuk-tag")] == ["Verified by the council",
                                                              "Not confirmed for over a year"]
    client_request.sign_in(world.users["coordinator"])
    client_request.get("groups.review", _expected_status=403)
