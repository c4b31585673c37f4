"""The network map, rendered offline: partnership lines, dashed suggestions and highlighted brokers."""

from __future__ import annotations

from maps.base import render_document
from maps.network import LINK_COLOURS, MAP_TITLE, network_map
from tests.maps.assertions import assert_map_document

TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def layers() -> tuple[dict, dict, str]:
    html = render_document(network_map(
        centre=(51.51, -0.31), groups_url="/api/v1/network/map/groups?run=3",
        links_url="/api/v1/network/map/links?run=3", tiles_url=TILES,
        tiles_attribution="&copy; OpenStreetMap contributors", static_prefix="/static",
    ))
    lines, points = assert_map_document(html, tiles_url=TILES)["layers"]
    return lines, points, html


def test_links_are_drawn_under_the_groups_with_suggestions_dashed():
    lines, points, html = layers()

    assert (lines["kind"], lines["url"]) == ("lines", "/api/v1/network/map/links?run=3")
    assert lines["dashed_property"] == "suggested"
    assert (lines["colour_property"], lines["colours"]) == ("kind", LINK_COLOURS)
    assert [(i["label"], i["dashed"]) for i in lines["legend"]["items"]] == [
        ("Partnership", False), ("Suggested introduction", True)
    ]
    assert f"<title>{MAP_TITLE}</title>" in html


def test_groups_are_points_with_brokers_highlighted_and_a_named_legend():
    _lines, points, _html = layers()

    assert (points["kind"], points["url"]) == ("points", "/api/v1/network/map/groups?run=3")
    assert points["highlight_property"] == "broker"
    assert points["label_property"] == "label"
    assert [i["label"] for i in points["legend"]["items"]] == ["Group", "Broker"]
    assert points["popup"]["heading"] == "name"


def test_the_document_carries_no_group_names():
    *_layers, html = layers()

    assert "Acton" not in html


def test_ward_outlines_sit_under_everything_else():
    html = render_document(network_map(
        centre=(51.51, -0.31), groups_url="/api/v1/network/map/groups",
        links_url="/api/v1/network/map/links", tiles_url=TILES,
        tiles_attribution="&copy; OpenStreetMap contributors", static_prefix="/static",
        wards_url="/api/v1/groups/map/wards",
    ))

    wards, lines, points = assert_map_document(html, tiles_url=TILES)["layers"]

    assert (wards["kind"], wards["url"]) == ("polygons", "/api/v1/groups/map/wards")
    assert "choropleth" not in wards and wards["popup"] == {"heading": "name"}
    assert (lines["kind"], points["kind"]) == ("lines", "points")
