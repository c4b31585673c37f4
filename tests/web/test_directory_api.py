"""/api/v1/areas, /api/v1/categories, the directory downloads, and personal API tokens. Every response here
is validated against the OpenAPI document by tests/api_contract.py (through conftest)."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from community.db import make_sessionmaker
from community.directory import create_api_token
from community.models import ApiToken, Group, User
from tests.builders.groups import make_serving_group
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward


@pytest.fixture()
def council(db):
    with make_sessionmaker(db)() as s:
        acton = make_ward(s, name="Acton Central", code="E05000170", box=(-0.30, 51.50, -0.28, 51.52))
        dean = make_ward(s, name="Dean Gardens", code="E05000173", box=(-0.28, 51.50, -0.26, 51.52))
        food = make_category(s, slug="food")
        coordinator = make_user(s, name="Cora Coordinator", email="cora@example.org")
        make_serving_group(s, name="=Pantry", coordinator=coordinator, areas=[acton, dean], categories=[food],
                           contact_phone="020 8825 5000")
        s.commit()
        return {"acton": acton.id, "coordinator": coordinator.id}


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def test_areas_give_ids_codes_and_names_and_geojson_on_request(client, council):
    areas = client.get("/api/v1/areas").get_json()["areas"]
    assert [(a["id"], a["code"], a["name"]) for a in areas] == [
        (council["acton"], "E05000170", "Acton Central"), (council["acton"] + 1, "E05000173", "Dean Gardens")]
    geo = client.get("/api/v1/areas?format=geojson")
    assert geo.mimetype == "application/geo+json"
    assert [f["properties"]["code"] for f in geo.get_json()["features"]] == ["E05000170", "E05000173"]
    assert geo.get_json()["features"][0]["geometry"]["type"] == "Polygon"
    by_accept = client.get("/api/v1/areas", headers={"Accept": "application/geo+json"})
    assert by_accept.mimetype == "application/geo+json"


def test_categories_give_ids_and_slugs(client, council):
    (food,) = client.get("/api/v1/categories").get_json()["categories"]
    assert food["slug"] == "food" and isinstance(food["id"], int)


def test_the_directory_downloads_as_csv_and_geojson_with_service_areas_as_polygons(client, council):
    response = client.get("/api/v1/directory.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    (row,) = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert row["name"] == "'=Pantry"  # a spreadsheet formula is defused
    assert row["ward_codes"] == "E05000170;E05000173" and row["categories"] == "food"
    assert row["phone"] == "020 8825 5000" and len(row["oruk_service_id"]) == 36
    assert "cora" not in response.get_data(as_text=True).lower()
    (feature,) = client.get("/api/v1/directory.geojson").get_json()["features"]
    # The two neighbouring square wards join into one polygon.
    assert feature["geometry"]["type"] == "Polygon" and feature["properties"]["ward_names"] == [
        "Acton Central", "Dean Gardens"]


def test_a_token_is_made_shown_once_hashed_at_rest_and_revoked_by_its_owner(client_request, db, council):
    with make_sessionmaker(db)() as s:
        owner = s.get(User, council["coordinator"])
    client_request.sign_in(owner)
    page = client_request.post("api_tokens.index", _data={"name": "ward script", "scope": "read"},
                               _expected_status=200)
    secret = page.select_one("#token").get_text(strip=True)
    assert secret.startswith("weave_")
    with make_sessionmaker(db)() as s:
        (token,) = s.scalars(select(ApiToken)).all()
        assert secret not in token.token_hash and len(token.token_hash) == 64
    listing = client_request.get("api_tokens.index")
    assert "ward script" in listing.get_text() and secret not in listing.get_text()
    client_request.sign_out()
    me = client_request.client.get("/api/v1/me", headers=bearer(secret))
    assert me.get_json()["id"] == council["coordinator"] and me.get_json()["token"] is True
    client_request.sign_in(owner)
    client_request.post("api_tokens.revoke", token_id=token.id, _data={})
    client_request.sign_out()
    assert client_request.client.get("/api/v1/me", headers=bearer(secret)).status_code == 401


def test_a_read_token_cannot_write_and_a_write_token_needs_no_csrf(app, db, council):
    app.config["WTF_CSRF_ENABLED"] = True
    with make_sessionmaker(db)() as s:
        owner = s.get(User, council["coordinator"])
        _token, reader = create_api_token(s, actor=owner, user_id=owner.id, name="r", scope="read")
        _token, writer = create_api_token(s, actor=owner, user_id=owner.id, name="w", scope="read_write")
        group_id = s.scalar(select(Group.id))
        s.commit()
    client = app.test_client()
    refused = client.patch(f"/api/v1/groups/{group_id}", json={"description": "Changed."},
                           headers=bearer(reader))
    assert refused.status_code == 403 and "may only read" in refused.get_json()["detail"]
    done = client.patch(f"/api/v1/groups/{group_id}", json={"description": "Changed."},
                        headers=bearer(writer))
    assert done.status_code == 200 and done.get_json()["description"] == "Changed."
    # Positive control: the same request with no token is refused by CSRF protection.
    assert client.patch(f"/api/v1/groups/{group_id}", json={"description": "Again."}).status_code == 400
    assert client.get("/api/v1/me", headers=bearer("weave_not-a-token")).status_code == 401


def test_only_the_owner_or_an_admin_manages_tokens(client_request, make_web_user, db, council):
    stranger = make_web_user()
    client_request.sign_in(stranger)
    client_request.get("api_tokens.index", user=council["coordinator"], _expected_status=403)
    with make_sessionmaker(db)() as s:
        owner = s.get(User, council["coordinator"])
        token, _secret = create_api_token(s, actor=owner, user_id=owner.id, name="mine", scope="read")
        s.commit()
    client_request.get("api_tokens.revoke", token_id=token.id, _expected_status=404)
    client_request.sign_in(make_web_user(role="admin"))
    page = client_request.get("api_tokens.index", user=council["coordinator"])
    assert "API tokens of Cora Coordinator" in page.get_text() and "mine" in page.get_text()
    client_request.post("api_tokens.revoke", token_id=token.id, _data={})
    with make_sessionmaker(db)() as s:
        assert s.get(ApiToken, token.id).revoked_at is not None
