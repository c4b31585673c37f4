"""The admin area: its hub, the council, areas, categories, suspending people, their data, the audit log."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from community.db import utcnow
from community.models import Area, AuditEntry, Category, CouncilSettings, Need, User
from tests.builders.people import make_user, sign_in_with_form
from tests.builders.places import make_category
from tests.builders.posts import make_need

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture()
def admin(session):
    admin = make_user(session, email="admin@council.example", name="Ann Admin", role="admin")
    session.commit()
    return admin


@pytest.fixture()
def signed_in(client, admin):
    sign_in_with_form(client, email=admin.email)
    return client


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def errors(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".govuk-error-summary__list a")]


def test_the_hub_lists_each_admin_task_and_only_admins_reach_it(client, client_request, session, admin):
    resident = make_user(session)
    session.commit()
    sign_in_with_form(client, email=resident.email)
    client_request.get("admin.index", _expected_status=403)
    client_request.sign_out()
    sign_in_with_form(client, email=admin.email)

    page = client_request.get("admin.index")

    links = [a["href"] for a in page.select("main h2 a")]
    assert links == ["/admin/users", "/admin/council", "/admin/areas", "/admin/categories", "/admin/email",
                     "/admin/audit"]


def test_the_council_is_named_and_its_area_shown_from_its_wards(signed_in, client_request, session):
    page = client_request.post("admin.council", _data={"name": ""}, _expected_status=200)
    assert errors(page) == ["Enter the council's name"]
    client_request.post("admin.council", _data={"name": "Portmere Borough Council"})
    assert [s.name for s in session.scalars(select(CouncilSettings))] == ["Portmere Borough Council"]

    data = (FIXTURES / "areas" / "portmere_wards.geojson").read_bytes()
    upload = {"file": (io.BytesIO(data), "wards.geojson"), "kind": "ward"}
    page = client_request.post("admin.areas", _data=upload, _follow_redirects=True)
    assert "Loaded 4 wards: 4 new, 0 updated." in page.get_text()
    council = client_request.get("admin.council")
    assert "The council covers the 4 wards it has loaded." in council.get_text()
    assert "54.06000, -2.80000" in council.get_text()
    # Its name is in every page's footer.
    footer = client_request.get("main.home").select_one("footer").get_text()
    assert "Run by Portmere Borough Council" in footer


def test_a_bad_boundary_file_is_shown_again_with_its_problem_and_loads_nothing(signed_in, client_request,
                                                                              session):
    data = (FIXTURES / "areas" / "not_json.geojson").read_bytes()
    upload = {"file": (io.BytesIO(data), "bad.geojson"), "kind": "ward"}
    page = client_request.post("admin.areas", _data=upload, _expected_status=200)
    assert errors(page) == ["The file must be GeoJSON, but it is not valid JSON"]
    assert count(session, Area) == 0
    missing = client_request.post("admin.areas", _data={"kind": "ward"}, _expected_status=200)
    assert errors(missing) == ["Choose a GeoJSON file"]


def test_categories_are_added_renamed_reordered_retired_and_restored(signed_in, client_request, session):
    client_request.post("admin.new_category", _data={"name": "Boat repairs", "description": "Nets too",
                                                     "flags": ["regulated"]})
    client_request.post("admin.new_category", _data={"name": "Befriending"})
    boats, friends = session.scalars(select(Category).order_by(Category.position)).all()
    assert (boats.slug, boats.regulated, boats.sensitive) == ("boat-repairs", True, False)
    same_name = client_request.post("admin.new_category", _data={"name": "befriending"}, _expected_status=200)
    assert errors(same_name) == ["There is already a category called befriending"]
    assert same_name.select_one("input#name")["value"] == "befriending"

    client_request.post("admin.edit_category", category_id=boats.id,
                        _data={"name": "Boat and net repairs", "description": "", "flags": ["sensitive"]})
    client_request.post("admin.move_category", category_id=friends.id, _data={"direction": "up"})
    session.expire_all()
    ordered = session.scalars(select(Category).order_by(Category.position)).all()
    assert [(c.name, c.slug, c.sensitive, c.regulated) for c in ordered] == [
        ("Befriending", "befriending", False, False), ("Boat and net repairs", "boat-repairs", True, False)
    ]

    confirm = client_request.get("admin.retire_category", category_id=boats.id)
    assert confirm.select_one("h1").get_text(strip=True) == "Retire Boat and net repairs?"
    client_request.post("admin.retire_category", category_id=boats.id)
    session.expire_all()
    assert session.get(Category, boats.id).retired_at is not None
    client_request.post("admin.restore_category", category_id=boats.id)
    session.expire_all()
    assert session.get(Category, boats.id).retired_at is None
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.target_type == "category")).all()
    assert {"category.created", "category.changed", "category.retired", "category.restored"} <= set(actions)


def test_a_retired_category_leaves_the_choices_but_an_old_need_keeps_it(client, client_request, session,
                                                                         admin):
    kept, retired = make_category(session, slug="shopping"), make_category(session, slug="gardening")
    resident = make_user(session)
    need = make_need(session, poster=resident, category=retired)
    retired.retired_at = utcnow()
    session.commit()
    sign_in_with_form(client, email=resident.email)

    new_form = client_request.get("residents.new_need")
    values = {o["value"] for o in new_form.select("select#category_id option")}
    assert str(kept.id) in values and str(retired.id) not in values
    edit_form = client_request.get("residents.edit_need_page", need_id=need.id)
    assert str(retired.id) in {o["value"] for o in edit_form.select("select#category_id option")}
    assert "Gardening" in client_request.get("residents.need", need_id=need.id).get_text()


def test_categories_load_from_an_uploaded_file(signed_in, client_request, session):
    data = (FIXTURES / "categories" / "portmere.csv").read_bytes()
    page = client_request.post("admin.import_categories", _data={"file": (io.BytesIO(data), "portmere.csv")},
                               _follow_redirects=True)
    assert "Loaded 5 categories: 5 new, 0 changed, 0 unchanged." in page.get_text()
    assert count(session, Category) == 5
    bad = client_request.post("admin.import_categories",
                              _data={"file": (io.BytesIO(b"slug,name\nBad Slug,x\n"), "bad.csv")},
                              _expected_status=200)
    assert errors(bad) == [
        "Row 2: A slug is lower-case letters, digits and single hyphens, like food-and-shopping"
    ]
    assert count(session, Category) == 5


def test_suspending_asks_why_ends_their_sessions_and_hides_their_posts(app, signed_in, client_request,
                                                                        session):
    sam = make_user(session, name="Sam", email="sam@example.com")
    need = make_need(session, poster=sam)
    session.commit()
    sams_browser = app.test_client()
    sign_in_with_form(sams_browser, email=sam.email)
    assert sams_browser.get("/account").status_code == 200

    page = client_request.post("admin.suspend", user_id=sam.id, _data={"reason": ""}, _expected_status=200)
    assert errors(page) == ["Enter why the account is being suspended"]
    page = client_request.post("admin.suspend", user_id=sam.id, _data={"reason": "Selling things"},
                               _follow_redirects=True)

    assert "Sam is suspended: they have been signed out and 1 open post is hidden." in page.get_text()
    assert sams_browser.get("/account").status_code == 302
    refused = sign_in_with_form(sams_browser, email=sam.email)
    assert refused.status_code == 200 and "suspended" in refused.get_data(as_text=True)
    session.expire_all()
    assert session.get(Need, need.id).hidden
    person = client_request.get("admin.person", user_id=sam.id)
    assert "Selling things" in person.get_text()

    client_request.post("admin.reinstate", user_id=sam.id)
    session.expire_all()
    assert session.get(User, sam.id).is_active and not session.get(Need, need.id).hidden
    assert sign_in_with_form(sams_browser, email=sam.email).location == "/"


def test_an_admin_cannot_suspend_themselves(signed_in, client_request, session, admin):
    page = client_request.post("admin.suspend", user_id=admin.id, _data={"reason": "Testing"},
                               _expected_status=200)
    assert page.select_one("#refusal").get_text(strip=True) == "You cannot suspend your own account"


def test_an_admin_downloads_and_deletes_someones_data(signed_in, client, client_request, session, admin):
    rosa = make_user(session, name="Rosa Parks", email="rosa@example.com")
    session.commit()

    response = client.get(f"/admin/users/{rosa.id}/data.json")
    assert response.status_code == 200
    assert json.loads(response.get_data(as_text=True))["data"]["users"][0]["display_name"] == "Rosa Parks"

    confirm = client_request.get("admin.delete_person", user_id=rosa.id)
    assert confirm.select_one("h1").get_text(strip=True) == "Delete Rosa Parks’s account and data?"
    client_request.post("admin.delete_person", user_id=rosa.id)
    session.expire_all()
    erased = session.get(User, rosa.id)
    assert erased.deleted_at is not None and erased.display_name == "Deleted user"
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.target_id == rosa.id)).all()
    assert "personal_data.exported" in actions and "account.erased" in actions


def test_the_audit_log_filters_and_pages(signed_in, client_request, session, admin):
    rosa = make_user(session, name="Rosa Parks")
    for n in range(55):
        session.add(AuditEntry(actor_id=admin.id, action="viewed", target_type="user", target_id=rosa.id,
                               detail=f"look {n}"))
    session.add(AuditEntry(actor_id=None, action="user.role_changed", target_type="user", target_id=admin.id))
    session.commit()

    first = client_request.get("admin.audit_log")
    assert "56 entries." in first.select_one("#result-count").get_text()
    assert len(first.select(".weave-audit-log > li")) == 50
    assert first.select_one(".govuk-pagination__next a")["href"] == "/admin/audit?page=2"

    filtered = client_request.get("admin.audit_log", action="user.role_changed")
    assert "1 entry." in filtered.select_one("#result-count").get_text()
    assert "The console or the system" in filtered.select_one(".weave-audit-log").get_text()
    by_target = client_request.get("admin.audit_log", target="rosa", page=2)
    assert len(by_target.select(".weave-audit-log > li")) == 5
    assert by_target.select_one(".govuk-pagination__prev a")["href"] == "/admin/audit?page=1&target=rosa"

    bad = client_request.get("admin.audit_log", date_from=["31", "2", "2026"], actor="ann")
    assert errors(bad) == ["Enter a real date"]
    dated = client_request.get("admin.audit_log", date_from=["1", "1", "2000"], date_to=["", "", ""])
    assert "56 entries." in dated.select_one("#result-count").get_text()
