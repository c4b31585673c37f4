"""The connectors' JSON API: coverage, network lists, runs and the maps' GeoJSON, in the OpenAPI document."""

from __future__ import annotations

import pytest

from app.jobs import wait_for_background_jobs
from community.db import make_sessionmaker
from tests.builders.insights import finished_run
from tests.web.conftest import sign_in


@pytest.fixture()
def api(app, place):
    return sign_in(app.test_client(), place.connector)


def test_coverage_gives_every_cell_with_exact_counts_and_the_rule(api, place):
    body = api.get("/api/v1/coverage?window=30").get_json()

    assert body["window_days"] == 30
    assert body["rule"].startswith("Demand is the number of needs posted")
    lifts = next(c for c in body["cells"] if c["category_slug"] == "lifts-and-transport")
    assert (lifts["area_code"], lifts["needs_posted"], lifts["groups_serving"], lifts["status"]) == (
        place.ward.code, 4, 1, "thin"
    )
    assert lifts["demand"] == 4


@pytest.mark.parametrize("query", ["window=7", "category=nothing", "ward=E05999999"])
def test_coverage_refuses_unknown_filters_with_a_problem(api, query):
    response = api.get(f"/api/v1/coverage?{query}")

    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"


def test_coverage_wards_are_geojson_polygons_with_their_status_and_a_link(api, place):
    response = api.get("/api/v1/coverage/wards?category=food-and-shopping")

    assert response.mimetype == "application/geo+json"
    (feature,) = response.get_json()["features"]
    assert feature["geometry"]["type"] == "Polygon"
    assert feature["properties"]["status"] == "covered"
    assert feature["properties"]["url"] == f"/connectors/coverage/wards/{place.ward.code}?window=90"
    assert api.get("/api/v1/coverage/wards").status_code == 400


def test_before_any_run_the_network_lists_are_empty(api):
    body = api.get("/api/v1/network/brokers").get_json()

    assert body == {"run": None, "brokers": []}


def test_network_lists_come_from_the_latest_finished_run(api, db, place):
    run_id = finished_run(make_sessionmaker(db), place)

    brokers = api.get("/api/v1/network/brokers").get_json()
    gaps = api.get("/api/v1/network/gaps").get_json()
    intros = api.get("/api/v1/network/introductions").get_json()

    assert brokers["run"]["id"] == run_id
    assert {"label", "reason", "betweenness", "constraint", "effective_size"} <= set(brokers["brokers"][0])
    assert "Acton Larder works alone" in [g["title"] for g in gaps["gaps"]]
    first = intros["suggested"][0]
    assert (first["a_label"], first["b_label"]) == ("Acton Larder", "Acton Lifts")
    assert intros["sent"] == []
    assert api.get(f"/api/v1/network/gaps?run={run_id}").get_json() == gaps
    assert api.get("/api/v1/network/gaps?run=999").status_code == 404


def test_a_run_can_be_queued_and_followed_through_the_api(api):
    response = api.post("/api/v1/network/runs")
    wait_for_background_jobs(30)

    assert response.status_code == 202
    run = api.get(response.location).get_json()
    assert (run["status"], run["progress"]) == ("finished", 100)
    assert [r["id"] for r in api.get("/api/v1/network/runs").get_json()["runs"]] == [run["id"]]
    assert api.get("/api/v1/network/runs/999").status_code == 404


def test_the_network_map_data_is_groups_as_points_and_links_as_lines(api, db, place):
    finished_run(make_sessionmaker(db), place)

    groups = api.get("/api/v1/network/map/groups").get_json()["features"]
    links = api.get("/api/v1/network/map/links").get_json()["features"]

    assert sorted(f["properties"]["name"] for f in groups) == ["Acton Friends", "Acton Larder", "Acton Lifts"]
    kinds = sorted((f["properties"]["kind"], f["properties"]["suggested"]) for f in links)
    assert ("partnership", False) in kinds and ("suggested", True) in kinds
    assert all(f["geometry"]["type"] == "LineString" for f in links)


def test_every_connector_endpoint_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]

    assert {
        "/coverage", "/coverage/wards", "/network/brokers", "/network/gaps", "/network/introductions",
        "/network/runs", "/network/runs/{run_id}", "/network/map/groups", "/network/map/links",
    } <= set(paths)
    assert "post" in paths["/network/runs"]


def test_fetching_gaps_that_name_residents_is_audited(api, db, place):
    from sqlalchemy import select

    from community.db import make_sessionmaker
    from community.models import AuditEntry

    finished_run(make_sessionmaker(db), place)
    gaps = api.get("/api/v1/network/gaps").get_json()["gaps"]
    named = [g for g in gaps if g["person"]]
    assert named, "the test community should have a resident with an open need and no ties"
    with make_sessionmaker(db)() as check:
        audited = check.scalars(
            select(AuditEntry.target_id).where(
                AuditEntry.target_type == "user", AuditEntry.action == "viewed"
            )
        ).all()
    assert len(audited) == len(named)
