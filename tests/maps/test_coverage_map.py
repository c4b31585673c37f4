"""The coverage choropleth, rendered offline: wards load from the API and are coloured by status."""

from __future__ import annotations

from maps.base import render_document
from maps.coverage import COVERAGE_COLOURS, MAP_TITLE, coverage_map
from tests.maps.assertions import assert_map_document

TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def render(**overrides) -> str:
    arguments = dict(centre=(51.51, -0.31), data_url="/api/v1/coverage/wards?category=food&window=90",
                     tiles_url=TILES, tiles_attribution="&copy; OpenStreetMap contributors",
                     static_prefix="/static")
    arguments.update(overrides)
    return render_document(coverage_map(**arguments))


def test_the_coverage_map_draws_wards_from_the_api_coloured_by_status():
    html = render()

    config = assert_map_document(html, tiles_url=TILES)
    (layer,) = config["layers"]
    assert (layer["kind"], layer["url"]) == ("polygons", "/api/v1/coverage/wards?category=food&window=90")
    assert layer["choropleth"] == {"property": "status", "colours": COVERAGE_COLOURS}
    assert layer["fit"] is True
    assert f"<title>{MAP_TITLE}</title>" in html


def test_every_status_is_named_in_the_legend_so_colour_is_not_the_only_cue():
    (layer,) = assert_map_document(render(), tiles_url=TILES)["layers"]

    assert [(i["label"], i["colour"]) for i in layer["legend"]["items"]] == [
        ("Gap", "#d4351c"), ("Thin", "#ffdd00"), ("Covered", "#00703c"), ("No demand", "#b1b4b6"),
    ]


def test_a_ward_popup_is_built_from_properties_and_links_to_the_ward_page():
    (layer,) = assert_map_document(render(), tiles_url=TILES)["layers"]

    assert layer["popup"]["heading"] == "name"
    assert layer["popup"]["link"] == {"property": "url", "text_property": "link_text"}
    assert {"Status", "Needs posted", "Groups serving"} <= {row["label"] for row in layer["popup"]["rows"]}


def test_the_document_holds_no_ward_data_of_its_own():
    html = render()

    assert "Acton" not in html and "status_label" not in html.split("weave-map-config")[0]


def test_with_no_category_yet_the_map_is_just_the_base_map():
    config = assert_map_document(render(data_url=None), tiles_url=TILES)

    assert config["layers"] == []
