"""The directory's pages: an admin imports a file (check, then import); someone from an imported group
claims its listing and a connector approves it."""

from __future__ import annotations

import io
import json
from pathlib import Path

from sqlalchemy import select

from community.db import make_sessionmaker
from community.models import ClaimStatus, Group, ListingClaim
from tests.builders.places import make_category, make_ward

EXAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "openreferral-uk" / "examples"


def service(n: int, **extra) -> dict:
    return {"id": f"00000000-0000-4000-8000-{n:012d}", "name": f"Service {n}", "status": "active",
            "description": "Helps.", **extra}


def group_names(db) -> list[str]:
    with make_sessionmaker(db)() as s:
        return list(s.scalars(select(Group.name).order_by(Group.name)))


def test_only_admins_import(client_request, make_web_user):
    client_request.get("directory.import_page", _expected_status=302)
    client_request.sign_in(make_web_user(role="connector"))
    client_request.get("directory.import_page", _expected_status=403)
    client_request.sign_in(make_web_user(role="admin"))
    page = client_request.get("directory.import_page")
    assert page.select_one("h1").text == "Import a directory"
    assert "Import a directory" in client_request.get("admin.index").get_text()


def test_an_admin_checks_a_file_sees_the_plan_then_imports(client_request, make_web_user, db):
    with make_sessionmaker(db)() as s:
        make_ward(s, name="Dean Gardens", code="E05000173")
        make_category(s, slug="food")
        s.commit()
    client_request.sign_in(make_web_user(role="admin"))
    document = json.dumps([service(1, service_areas=[{"id": "a", "name": "E05000173"}],
                                   attributes=[{"id": "b", "taxonomy_term": {"id": "c", "name": "Grub"}}]),
                           service(2)])
    mapping = b"taxonomy_terms:\n  grub: food\n"
    report = client_request.post("directory.import_page", _expected_status=200, _data={
        "file": (io.BytesIO(document.encode()), "directory.json"),
        "mapping": (io.BytesIO(mapping), "mapping.yaml")})
    assert report.select_one("h1").text == "Check the directory before importing"
    assert "would create 2 groups, update 0 and leave 0 unchanged" in report.get_text()
    rows = [[c.get_text(strip=True) for c in tr.select("th, td")] for tr in report.select("tbody tr")]
    assert rows == [["Service 1", "Added", "Dean Gardens", "Food"], ["Service 2", "Added", "None", "None"]]
    assert group_names(db) == []
    hidden = {i["name"]: i.get("value", "") for i in report.select("form input[type=hidden]")}
    done = client_request.post("directory.import_confirm", _data=hidden, _follow_redirects=True)
    assert "Created 2 groups, updated 0, left 0 unchanged." in done.get_text()
    assert group_names(db) == ["Service 1", "Service 2"]


def test_a_bad_file_lists_its_problems_and_imports_nothing(client_request, make_web_user, db):
    client_request.sign_in(make_web_user(role="admin"))
    bad = json.dumps([service(1, id="nope"), service(2, status="open")]).encode()
    page = client_request.post("directory.import_page", _expected_status=200,
                               _data={"file": (io.BytesIO(bad), "bad.json")})
    problems = [li.get_text(strip=True) for li in page.select(".weave-import-problems li")]
    assert problems == ["item 1 (Service 1): id nope is not a UUID",
                        "item 2 (Service 2): status “open” is not one of active, inactive, defunct, "
                        "temporarily closed"]
    assert group_names(db) == []


def test_a_group_claims_its_listing_and_a_connector_approves(client_request, make_web_user, db, app):
    client_request.sign_in(make_web_user(role="admin"))
    data = (EXAMPLES / "service_full.json").read_bytes()
    report = client_request.post("directory.import_page", _expected_status=200,
                                 _data={"file": (io.BytesIO(data), "service_full.json")})
    hidden = {i["name"]: i.get("value", "") for i in report.select("form input[type=hidden]")}
    client_request.post("directory.import_confirm", _data=hidden)
    with make_sessionmaker(db)() as s:
        group_id = s.scalar(select(Group.id))

    member = make_web_user(name="Sam Secretary")
    client_request.sign_in(member)
    page = client_request.get("groups.detail", group_id=group_id)
    link = page.select_one(f"a[href='/directory/groups/{group_id}/claim']")
    assert link is not None and "Claim this listing" in link.text
    form = client_request.post("directory.claim", group_id=group_id, _data={"message": ""},
                               _expected_status=200)
    assert "Say what you do in the group" in form.get_text()
    client_request.post("directory.claim", group_id=group_id, _data={"message": "I am its secretary"})
    client_request.get("directory.claims", _expected_status=403)

    client_request.sign_in(make_web_user(role="connector"))
    claims = client_request.get("directory.claims")
    assert "I am its secretary" in claims.get_text() and "Sam Secretary" in claims.get_text()
    with make_sessionmaker(db)() as s:
        claim_id = s.scalar(select(ListingClaim.id))
    done = client_request.post("directory.approve", claim_id=claim_id, _data={}, _follow_redirects=True)
    assert "Claim approved" in done.get_text() and "There are no claims waiting." in done.get_text()
    with make_sessionmaker(db)() as s:
        assert s.get(ListingClaim, claim_id).status == ClaimStatus.APPROVED
    client_request.sign_in(member)
    page = client_request.get("groups.detail", group_id=group_id)
    assert page.select_one(f"a[href='/directory/groups/{group_id}/claim']") is None
    client_request.get("directory.claim", group_id=group_id, _expected_status=404)
