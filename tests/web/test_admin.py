"""Admins list people and change their roles, with a confirmation; nobody else can."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.models import AuditEntry, User
from tests.builders.people import make_user, sign_in_with_form


@pytest.fixture()
def admin(session):
    admin = make_user(session, email="admin@example.com", name="Ada Admin", role="admin")
    session.commit()
    return admin


@pytest.fixture()
def person(session):
    person = make_user(session, email="Rosa.Parks@example.com", name="Rosa Parks")
    session.commit()
    return person


def names(page) -> list[str]:
    return [li.select_one("a").get_text(strip=True) for li in page.select(".weave-people li")]


def role_of(session, user) -> str:
    session.expire_all()
    return session.get(User, user.id).role


@pytest.mark.parametrize("role", ["resident", "connector"])
def test_only_admins_see_the_admin_pages(client, session, person, role):
    other = make_user(session, role=role)
    session.commit()
    sign_in_with_form(client, email=other.email)
    for path in ("/admin/users", f"/admin/users/{person.id}/role", f"/admin/users/{person.id}/role/confirm"):
        assert client.get(path).status_code == 403, path
    response = client.post(f"/admin/users/{person.id}/role/confirm", data={"role": "admin"})
    assert response.status_code == 403
    assert role_of(session, person) == "resident"
    assert role_of(session, other) == role


def test_signed_out_visitors_are_sent_to_sign_in(client, person):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.location.startswith("/sign-in?next=")
    response = client.post(f"/admin/users/{person.id}/role/confirm", data={"role": "admin"})
    assert response.status_code == 302


def test_the_list_shows_people_and_searches_by_name_or_email(client, client_request, session, admin, person):
    make_user(session, email="someone@example.org", name="Sunita Rao")
    session.commit()
    sign_in_with_form(client, email=admin.email)

    page = client_request.get("admin.users")
    assert names(page) == ["Ada Admin", "Rosa Parks", "Sunita Rao"]

    page = client_request.get("admin.users", q="ROSA.parks")
    assert [e.get_text(strip=True) for e in page.select(".weave-people li .weave-break-anywhere")] == [
        "Rosa.Parks@example.com"
    ]
    page = client_request.get("admin.users", q="sunita")
    assert names(page) == ["Sunita Rao"]
    page = client_request.get("admin.users", q="%")
    assert page.select(".weave-people li") == []
    assert "0 people match" in page.select_one("#result-count").get_text()


def test_the_list_is_paginated(client, client_request, session, admin):
    for n in range(30):
        make_user(session, name=f"Person {n:02d}")
    session.commit()
    sign_in_with_form(client, email=admin.email)

    first = client_request.get("admin.users")
    assert len(first.select(".weave-people li")) == 25
    assert first.select_one(".govuk-pagination__next a")["href"] == "/admin/users?page=2"
    second = client_request.get("admin.users", page=2)
    assert len(second.select(".weave-people li")) == 6
    assert second.title.get_text().startswith("People (page 2 of 2)")
    # A page past the end shows the last page rather than an empty list.
    assert len(client_request.get("admin.users", page=99).select(".weave-people li")) == 6


def test_deleted_accounts_are_not_listed(client, client_request, session, admin, person):
    from community.db import utcnow

    session.get(User, person.id).deleted_at = utcnow()
    session.commit()
    sign_in_with_form(client, email=admin.email)
    page = client_request.get("admin.users")
    assert "Rosa Parks" not in page.get_text()
    client_request.get("admin.change_role", user_id=person.id, _expected_status=404)


def test_an_admin_changes_a_role_after_confirming(client, client_request, session, admin, person):
    sign_in_with_form(client, email=admin.email)
    page = client_request.get("admin.change_role", user_id=person.id)
    assert page.select_one("h1").get_text(strip=True) == "Change the role of Rosa Parks"
    assert page.select_one("input[name=role][checked]")["value"] == "resident"

    client_request.post("admin.change_role", user_id=person.id, _data={"role": "connector"},
                        _expected_redirect=f"/admin/users/{person.id}/role/confirm?role=connector")
    assert role_of(session, person) == "resident"  # nothing changes before the confirmation

    page = client_request.get("admin.confirm_role", user_id=person.id, role="connector")
    assert page.select_one("h1").get_text(strip=True) == "Make Rosa Parks a connector?"
    page = client_request.post("admin.confirm_role", user_id=person.id, _data={"role": "connector"},
                               _follow_redirects=True)
    assert "Rosa Parks is now a connector" in page.get_text()
    assert role_of(session, person) == "connector"
    audit = session.scalars(select(AuditEntry)).one()
    assert (audit.action, audit.actor_id, audit.target_id) == ("user.role_changed", admin.id, person.id)


def test_choosing_no_role_asks_for_one(client, client_request, admin, person):
    sign_in_with_form(client, email=admin.email)
    page = client_request.post("admin.change_role", user_id=person.id, _data={}, _expected_status=200)
    assert [li.get_text(strip=True) for li in page.select(".govuk-error-summary__list li")] == [
        "Select a role"
    ]
    assert page.select_one(".govuk-error-summary__list a")["href"] == "#role"


def test_an_unknown_role_in_the_confirmation_link_goes_back_to_the_choice(client, session, admin, person):
    sign_in_with_form(client, email=admin.email)
    response = client.get(f"/admin/users/{person.id}/role/confirm?role=superuser")
    assert response.location == f"/admin/users/{person.id}/role"
    client.post(f"/admin/users/{person.id}/role/confirm", data={"role": "superuser"})
    assert role_of(session, person) == "resident"


def test_the_last_admin_is_told_they_cannot_step_down(client, client_request, session, admin):
    sign_in_with_form(client, email=admin.email)
    page = client_request.post("admin.confirm_role", user_id=admin.id, _data={"role": "resident"},
                               _expected_status=200)
    assert "at least one admin" in page.select_one("#refusal").get_text()
    assert role_of(session, admin) == "admin"


def test_an_unknown_person_is_not_found(client, client_request, admin):
    sign_in_with_form(client, email=admin.email)
    client_request.get("admin.change_role", user_id=9999, _expected_status=404)


def test_names_are_escaped_in_the_list(client, session, admin):
    make_user(session, name="<b>Bold</b>")
    session.commit()
    sign_in_with_form(client, email=admin.email)
    html = client.get("/admin/users").get_data(as_text=True)
    assert "<b>Bold</b>" not in html and "&lt;b&gt;Bold&lt;/b&gt;" in html


def test_admins_find_the_admin_pages_from_their_account_page(client, client_request, session, admin, person):
    sign_in_with_form(client, email=admin.email)
    assert "/admin/" in {a["href"] for a in client_request.get("auth.account").select("main a")}
    client_request.post("auth.sign_out")
    sign_in_with_form(client, email=person.email)
    assert "/admin/" not in {a["href"] for a in client_request.get("auth.account").select("main a")}
