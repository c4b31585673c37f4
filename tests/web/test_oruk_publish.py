"""/oruk/: the public group directory as Open Referral UK. Every response here is also validated against
the profile's schemas by tests/oruk_contract.py (through conftest); these tests check what is in them."""

from __future__ import annotations

import json
import uuid

import pytest

from community.db import make_sessionmaker, utcnow
from community.models import DirectoryId
from tests import oruk_contract
from tests.builders.groups import make_membership, make_serving_group
from tests.builders.people import make_user
from tests.builders.places import WARD_CENTRE, make_category, make_postcode, make_ward, north_of
from tests.builders.posts import make_need


@pytest.fixture()
def directory(db):
    """Two open groups, one closed; a ward, two categories, a postcode; a resident with a need."""
    with make_sessionmaker(db)() as s:
        ward = make_ward(s, name="Dean Gardens", code="E05000173")
        food, lifts = make_category(s, slug="food"), make_category(s, slug="lifts")
        member = make_user(s, name="Priya Secretperson", email="priya@example.org")
        pantry = make_serving_group(s, name="Acton Pantry", areas=[ward], categories=[food],
                                    base=WARD_CENTRE, contact_phone="020 8825 5000",
                                    website="https://pantry.example.org")
        make_membership(s, user=member, group=pantry)
        make_serving_group(s, name="Lift Share", areas=[ward], categories=[lifts],
                           base=north_of(WARD_CENTRE, 20_000))
        make_serving_group(s, name="Gone Group", areas=[ward], categories=[food], closed_at=utcnow())
        make_need(s, poster=member, category=food, title="Priya needs shopping")
        make_postcode(s, postcode="W54HX", at=WARD_CENTRE)
        s.commit()
        return {"ward": ward.id, "food": food.id, "pantry": pantry.id}


def test_the_root_says_which_profile_and_version(client):
    body = client.get("/oruk/").get_json()
    assert body["version"] == "3.0" and body["openapi_url"].endswith("openapi.json")


def test_services_lists_open_groups_as_organisations_and_services(client, directory):
    body = client.get("/oruk/services?per_page=1").get_json()
    assert body["total_items"] == 2 and body["total_pages"] == 2 and body["size"] == 1
    assert body["first_page"] is True and body["last_page"] is False and body["empty"] is False
    (pantry,) = body["contents"]
    assert pantry["name"] == "Acton Pantry" and pantry["status"] == "active"
    assert pantry["organization"]["name"] == "Acton Pantry"
    assert pantry["organization_id"] == pantry["organization"]["id"] != pantry["id"]
    assert pantry["url"] == "https://pantry.example.org"
    assert pantry["assured_date"] == utcnow().date().isoformat()
    second = client.get("/oruk/services?per_page=1&page=2").get_json()
    assert [s["name"] for s in second["contents"]] == ["Lift Share"] and second["last_page"] is True
    beyond = client.get("/oruk/services?per_page=1&page=9").get_json()
    assert (beyond["total_items"], beyond["size"], beyond["empty"]) == (2, 0, False)


def test_a_service_in_full_has_wards_with_ons_codes_and_extents_terms_and_contacts(client, directory):
    listed = client.get("/oruk/services?search=pantry").get_json()["contents"]
    (summary,) = listed
    service = client.get(f"/oruk/services/{summary['id']}").get_json()
    (area,) = service["service_areas"]
    assert area["name"] == "Dean Gardens" and area["uri"].endswith("/E05000173")
    assert json.loads(area["extent"])["type"] == "Polygon" and area["extent_type"] == "geojson"
    (attribute,) = service["attributes"]
    assert attribute["taxonomy_term"]["term"] == "food"
    assert service["contacts"] == [{"id": service["contacts"][0]["id"], "service_id": service["id"],
                                    "name": "Telephone", "title": "020 8825 5000"}]
    (at,) = service["service_at_locations"]
    assert at["location"]["latitude"] == pytest.approx(WARD_CENTRE[0])


def test_no_resident_data_is_ever_published(client, directory):
    everything = [client.get("/oruk/services").get_data(as_text=True)]
    for service in client.get("/oruk/services").get_json()["contents"]:
        everything.append(client.get(f"/oruk/services/{service['id']}").get_data(as_text=True))
    everything.append(client.get("/oruk/service_at_locations").get_data(as_text=True))
    text = "".join(everything)
    assert "Acton Pantry" in text  # positive control
    for secret in ("Priya", "priya@example.org", "Secretperson", "needs shopping", "Gone Group"):
        assert secret not in text


def test_ids_are_stable_uuids_kept_in_the_database(client, app, directory):
    first = client.get("/oruk/services").get_json()["contents"]
    again = client.get("/oruk/services").get_json()["contents"]
    assert [s["id"] for s in first] == [s["id"] for s in again]
    assert all(uuid.UUID(s["id"]) for s in first)
    with make_sessionmaker(app.extensions["weave.engine"])() as s:
        stored = {row.uuid for row in s.query(DirectoryId)}
    assert {x["id"] for x in first} | {x["organization_id"] for x in first} <= stored


def test_filters_by_taxonomy_term_and_search(client, directory):
    terms = client.get("/oruk/taxonomy_terms").get_json()["contents"]
    food = next(t for t in terms if t["term"] == "food")
    found = client.get(f"/oruk/services?taxonomy_term_id={food['id']}").get_json()
    assert [s["name"] for s in found["contents"]] == ["Acton Pantry"]
    (taxonomy,) = client.get("/oruk/taxonomies").get_json()["contents"]
    assert food["taxonomy_id"] == taxonomy["id"]
    assert client.get(f"/oruk/taxonomies/{taxonomy['id']}").get_json()["name"] == taxonomy["name"]
    assert client.get(f"/oruk/taxonomy_terms/{food['id']}").get_json()["name"] == food["name"]
    assert client.get(f"/oruk/services?taxonomy_id={taxonomy['id']}").get_json()["total_items"] == 2
    assert client.get(f"/oruk/services?taxonomy_id={uuid.uuid4()}").get_json()["empty"] is True
    assert client.get("/oruk/services?search=LIFT").get_json()["total_items"] == 1


def test_service_at_locations_by_postcode_and_proximity(client, directory):
    everywhere = client.get("/oruk/service_at_locations").get_json()
    assert everywhere["total_items"] == 2
    near = client.get("/oruk/service_at_locations?postcode=W5 4HX&proximity=1000").get_json()
    assert [c["service"]["name"] for c in near["contents"]] == ["Acton Pantry"]
    wide = client.get("/oruk/service_at_locations?postcode=w54hx&proximity=30000").get_json()
    assert [c["service"]["name"] for c in wide["contents"]] == ["Acton Pantry", "Lift Share"]


def test_bad_parameters_and_unknown_ids_are_problems(client, directory):
    assert client.get("/oruk/services?page=x").status_code == 400
    assert client.get("/oruk/services?per_page=0").status_code == 422
    assert client.get(f"/oruk/services/{uuid.uuid4()}").status_code == 404
    assert client.get("/oruk/services/not-a-uuid").status_code == 404
    assert client.get("/oruk/service_at_locations?postcode=ZZ99 9ZZ").status_code == 422
    missing = client.get(f"/oruk/taxonomy_terms/{uuid.uuid4()}")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"


def test_every_route_is_a_path_of_the_profile_and_every_declared_parameter_is_accepted(app, client,
                                                                                      directory):
    routes = {rule.rule[len("/oruk"):].replace("<", "{").replace(">", "}") or "/"
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/oruk")}
    for route in routes:
        assert oruk_contract.template_for(route.replace("{", "").replace("}", "")) or route in (
            oruk_contract.openapi()["paths"]), route
        templated = oruk_contract.template_for(route.split("{")[0] + "x" if "{" in route else route)
        assert templated is not None, route
    samples = {"search": "pantry", "page": "1", "per_page": "5", "taxonomy_term_id": str(uuid.uuid4()),
               "taxonomy_id": str(uuid.uuid4()), "minimum_age": "5", "maximum_age": "90",
               "start_time": "09:00", "end_time": "17:00", "day": "MO", "postcode": "W5 4HX",
               "proximity": "1000"}
    for path, operations in oruk_contract.openapi()["paths"].items():
        if "{" in path or path == "/":
            continue
        for parameter in operations["get"].get("parameters", []):
            declared = oruk_contract.openapi()["components"]["parameters"]
            name = declared[parameter["$ref"].rsplit("/", 1)[1]]["name"]
            if path in ("/services", "/service_at_locations", "/taxonomies", "/taxonomy_terms"):
                response = client.get(f"/oruk{path}?{name}={samples[name]}")
                assert response.status_code == 200, (path, name, response.get_json())


def test_the_contract_catches_a_body_that_breaks_the_profile():
    # Positive controls: a missing status, an unknown property and a bad uuid are each reported.
    good = json.loads((oruk_contract.FIXTURES / "examples" / "service_list.json").read_text())
    assert oruk_contract.validate_body("/services", good) == []
    broken = json.loads(json.dumps(good))
    del broken["contents"][0]["status"]
    broken["contents"][0]["secret"] = "x"
    broken["contents"][0]["organization"]["id"] = "not-a-uuid"
    problems = " ".join(oruk_contract.validate_body("/services", broken))
    assert "'status' is a required property" in problems
    assert "'secret' was unexpected" in problems and "is not a 'uuid'" in problems


def test_a_record_made_after_the_first_request_gets_its_id_and_one_removed_by_hand_loses_it(client, app,
                                                                                           directory):
    before = client.get("/oruk/services").get_json()["total_items"]
    engine = app.extensions["weave.engine"]
    with make_sessionmaker(engine)() as s:
        make_serving_group(s, name="Brand New", areas=[], categories=[make_category(s, slug="food")])
        s.execute(DirectoryId.__table__.delete().where(DirectoryId.kind == "area"))
        s.commit()
    after = client.get("/oruk/services").get_json()
    assert after["total_items"] == before + 1 and "Brand New" in [x["name"] for x in after["contents"]]
    pantry = next(x for x in after["contents"] if x["name"] == "Acton Pantry")
    full = client.get(f"/oruk/services/{pantry['id']}").get_json()
    assert full["service_areas"][0]["name"] == "Dean Gardens"
