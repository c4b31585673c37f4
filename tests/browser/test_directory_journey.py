"""A council imports its directory, in Chromium, with axe on every page.

An administrator uploads an Open Referral UK file on Admin > Import a directory, reads the check (what
would be added, what could not be mapped), imports it; someone from one of the imported groups claims its
listing, and the administrator approves the claim, which makes them its coordinator.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from community.models import Group, Membership
from community.places import import_areas, import_categories, read_category_file
from tests.browser.conftest import assert_accessible
from tests.browser.steps import nav, sign_in, sign_out, success_banner
from tests.builders.people import make_user

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BLANK_TILE = "data:image/gif;base64,R0lGODlhAQABAIAAAMzMzP///yH5BAAAAAAALAAAAAABAAEAAAICRAEAOw=="
ADMIN = ("ann@portmere.example", "Ann Admin")
SAM = ("sam@example.com", "Sam Secretary")
ONS = "http://statistics.data.gov.uk/id/statistical-geography/"


def service(n: int, name: str, ward: str, term: str) -> dict:
    return {"id": f"5e4b0f1c-0000-4000-8000-{n:012d}", "name": name, "status": "active",
            "description": f"{name} helps people in Portmere.", "email": f"hello{n}@portmere.example",
            "assured_date": "2026-10-01",
            "organization": {"id": f"0b7e0f1c-0000-4000-8000-{n:012d}", "name": name,
                             "description": "A group"},
            "service_areas": [{"id": f"aa000000-0000-4000-8000-{n:012d}", "name": ward, "uri": ONS + ward}],
            "attributes": [{"id": f"bb000000-0000-4000-8000-{n:012d}",
                            "taxonomy_term": {"id": f"cc000000-0000-4000-8000-{n:012d}", "name": term,
                                              "description": term}}]}


@pytest.fixture()
def council(session, live_server, tmp_path):
    live_server.app.config["MAP_TILES_URL"] = BLANK_TILE
    make_user(session, email=ADMIN[0], name=ADMIN[1], role="admin", home=None)
    make_user(session, email=SAM[0], name=SAM[1], home=None)
    import_areas(session, source=FIXTURES / "areas" / "portmere_wards.geojson", kind="ward")
    import_categories(session, specs=read_category_file(FIXTURES / "categories" / "portmere.csv"))
    session.commit()
    directory = tmp_path / "portmere-directory.json"
    directory.write_text(json.dumps({"contents": [
        service(1, "Harbour Lunch Club", "E05999001", "Befriending"),
        service(2, "Net Menders", "E05999002", "Boat and net repairs"),
        service(3, "Stargazers", "E05999003", "Astrology"),
    ]}))
    return directory


def heading(page, text) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
    assert_accessible(page)


def test_an_admin_imports_a_directory_and_a_group_claims_its_listing(page, live_server, council, session):
    sign_in(page, *ADMIN)
    nav(page).get_by_role("link", name="Admin").click()
    heading(page, "Admin")
    page.get_by_role("link", name="Import a directory").click()
    heading(page, "Import a directory")

    # A file that is not a directory is refused, one line per problem, and nothing changes.
    bad = council.parent / "bad.json"
    bad.write_text(json.dumps([{"id": "nope", "name": "Broken", "status": "open"}]))
    page.get_by_label("Directory file (ORUK JSON or CSV)").set_input_files(bad)
    page.get_by_role("button", name="Check the file").click()
    heading(page, "Import a directory")
    expect(page.locator(".weave-import-problems li")).to_have_count(2)

    page.get_by_label("Directory file (ORUK JSON or CSV)").set_input_files(council)
    page.get_by_role("button", name="Check the file").click()
    heading(page, "Check the directory before importing")
    expect(page.locator(".weave-import-summary")).to_contain_text("would create 3 groups")
    expect(page.get_by_role("row", name=re.compile("Harbour Lunch Club"))).to_contain_text("Befriending")
    expect(page.locator(".weave-import-unmapped")).to_contain_text(
        "taxonomy term “Astrology” matches no category")
    session.expire_all()
    assert session.scalars(select(Group)).all() == []

    page.get_by_role("button", name="Import these groups").click()
    heading(page, "Import a directory")
    expect(success_banner(page)).to_contain_text("Created 3 groups, updated 0, left 0 unchanged.")
    sign_out(page)

    # Sam, from the lunch club, claims its listing.
    session.expire_all()
    club = session.scalar(select(Group).where(Group.name == "Harbour Lunch Club"))
    sign_in(page, *SAM)
    page.goto(f"/groups/{club.id}")
    heading(page, "Harbour Lunch Club")
    page.get_by_role("link", name="Is it your group? Claim this listing").click()
    heading(page, "Claim the listing of Harbour Lunch Club")
    page.get_by_role("button", name="Ask to run this listing").click()
    heading(page, "Claim the listing of Harbour Lunch Club")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what you do in the group")
    page.get_by_label("What you do in the group").fill("I run the club's Tuesday lunches.")
    page.get_by_role("button", name="Ask to run this listing").click()
    heading(page, "Harbour Lunch Club")
    expect(success_banner(page)).to_contain_text("The council will look at your claim")
    sign_out(page)

    # The administrator approves; Sam coordinates the club.
    sign_in(page, *ADMIN)
    nav(page).get_by_role("link", name="Admin").click()
    heading(page, "Admin")
    page.get_by_role("link", name="Listing claims").click()
    heading(page, "Listing claims")
    expect(page.locator(".weave-claims")).to_contain_text("I run the club's Tuesday lunches.")
    page.get_by_role("button", name="Approve the claim on Harbour Lunch Club").click()
    heading(page, "Listing claims")
    expect(success_banner(page)).to_contain_text("Claim approved")
    session.expire_all()
    (membership,) = session.scalars(select(Membership).where(Membership.group_id == club.id)).all()
    assert (membership.role, membership.status) == ("coordinator", "active")
