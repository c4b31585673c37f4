"""The groups map and the drawn-area map, rendered offline; and their documents served by the app."""

from __future__ import annotations

from bs4 import BeautifulSoup

from maps.base import render_document
from maps.groups import DRAW_MAP_TITLE, GROUPS_MAP_TITLE, draw_area_map, groups_map
from tests.builders.groups import make_serving_group
from tests.builders.places import make_wards
from tests.maps.assertions import assert_map_document

TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
URLS = {
    "areas_url": "/api/v1/groups/map/areas?category=food",
    "drawn_url": "/api/v1/groups/map/drawn?category=food",
    "bases_url": "/api/v1/groups/map/bases?category=food",
    "partnerships_url": "/api/v1/groups/map/partnerships?category=food",
}


def render_groups_map() -> str:
    return render_document(groups_map(centre=(51.51, -0.30), zoom=12, tiles_url=TILES,
                                      tiles_attribution="&copy; OpenStreetMap contributors",
                                      static_prefix="/static", **URLS))


def render_draw_map() -> str:
    return render_document(draw_area_map(centre=(51.51, -0.30), zoom=12, wards_url="/api/v1/groups/map/wards",
                                         tiles_url=TILES, tiles_attribution="Tiles", static_prefix="/static"))


def test_the_groups_map_loads_areas_bases_and_partnerships_from_the_api():
    html = render_groups_map()

    config = assert_map_document(html, tiles_url=TILES)
    layers = {layer["name"]: layer for layer in config["layers"]}
    assert [(layer["kind"], layer["url"]) for layer in config["layers"]] == [
        ("polygons", URLS["areas_url"]),
        ("polygons", URLS["drawn_url"]),
        ("lines", URLS["partnerships_url"]),
        ("points", URLS["bases_url"]),
    ]
    assert layers["Wards"]["choropleth"]["property"] == "groups_count"
    assert layers["Groups"]["cluster"] is True
    assert layers["Groups"]["popup"]["link"] == {"property": "url", "text": "Open the group’s page"}
    assert f"<title>{GROUPS_MAP_TITLE}</title>" in html


def test_the_groups_map_document_holds_no_group_data():
    html = render_groups_map()

    # Names, descriptions and coordinates arrive later, as GeoJSON, and go into popups with textContent.
    assert "Feature" not in html and "coordinates" not in html
    assert "bindPopup" not in html and "bindTooltip" not in html


def test_the_drawing_map_uses_the_self_hosted_draw_plugin_and_only_polygons():
    html = render_draw_map()

    config = assert_map_document(html, tiles_url=TILES)
    assert config["layers"][0]["url"] == "/api/v1/groups/map/wards"
    page = BeautifulSoup(html, "html.parser")
    scripts = [s["src"] for s in page.find_all("script", src=True)]
    assert "/static/vendor/leaflet-draw/leaflet.draw.js" in scripts
    assert "/static/js/groups-map.js" in scripts
    assert "/static/vendor/leaflet-draw/leaflet.draw.css" in [link["href"] for link in page.find_all("link")]
    assert '"circle": false' in html and '"polyline": false' in html and '"marker": false' in html
    assert '"allowIntersection": false' in html
    assert "WeaveGroupsMap.attachDraw(" in html
    # Drawing never pops up the raw GeoJSON.
    assert "alert(" not in html
    assert f"<title>{DRAW_MAP_TITLE}</title>" in html


def test_the_app_serves_both_documents_for_framing_by_itself_only(client, session):
    make_wards(session)
    make_serving_group(session, name="<script>alert(1)</script> Aid")
    session.commit()

    groups = client.get("/maps/groups?category=food&kind=club&q=aid")
    drawing = client.get("/maps/groups/draw")

    assert groups.headers["X-Frame-Options"] == "SAMEORIGIN"
    config = assert_map_document(groups.get_data(as_text=True), tiles_url=TILES)
    assert config["layers"][3]["url"] == "/api/v1/groups/map/bases?category=food&kind=club&q=aid"
    assert "<script>alert" not in groups.get_data(as_text=True)
    assert_map_document(drawing.get_data(as_text=True), tiles_url=TILES)
