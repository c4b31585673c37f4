"""The shared map base, rendered offline and read as HTML."""

from __future__ import annotations

import folium
import pytest
from bs4 import BeautifulSoup
from folium.plugins import Draw, MarkerCluster

from maps.base import (
    BOUNDARY_ATTRIBUTION,
    add_geojson_layer,
    base_map,
    config_json,
    render_document,
    self_host_plugin,
)
from tests.maps.assertions import assert_map_document, assert_self_hosted, asset_urls, map_config

TILES = "https://tiles.example.org/{z}/{x}/{y}.png"


def make_map(**overrides):
    arguments = dict(centre=(51.513, -0.309), zoom=13, tiles_url=TILES, tiles_attribution="&copy; Tiles Ltd",
                     static_prefix="/static", title="Groups near you")
    arguments.update(overrides)
    return base_map(**arguments)


def scripts(html: str) -> list[str]:
    return [tag["src"] for tag in BeautifulSoup(html, "html.parser").find_all("script", src=True)]


def stylesheets(html: str) -> list[str]:
    return [tag["href"] for tag in BeautifulSoup(html, "html.parser").find_all("link", rel="stylesheet")]


def test_a_base_map_loads_leaflet_and_our_script_from_the_app_and_nothing_from_a_cdn():
    m = make_map()
    add_geojson_layer(m, url="/api/v1/groups.geojson", kind="polygons", name="Service areas")

    html = render_document(m)

    assert_map_document(html, tiles_url=TILES)
    assert scripts(html) == ["/static/vendor/leaflet/leaflet.js", "/static/js/weave-map.js"]
    assert stylesheets(html) == ["/static/vendor/leaflet/leaflet.css", "/static/css/weave-map.css"]


def test_folium_defaults_would_have_loaded_cdn_assets_so_the_check_can_fail():
    html = folium.Map(location=(51.5, -0.3)).get_root().render()

    with pytest.raises(AssertionError, match="another host"):
        assert_self_hosted(html, tiles_url=TILES)


def test_building_a_map_does_not_change_folium_defaults_for_anyone_else():
    before = (list(folium.Map.default_js), list(folium.Map.default_css))
    render_document(make_map())

    assert (folium.Map.default_js, folium.Map.default_css) == before


def test_the_cluster_plugin_is_loaded_only_by_maps_that_cluster():
    plain = make_map()
    add_geojson_layer(plain, url="/api/points", kind="points", name="Bases", options={"cluster": False})
    clustered = make_map()
    add_geojson_layer(clustered, url="/api/points", kind="points", name="Posts", options={"cluster": True})

    assert not any("markercluster" in url for url in asset_urls(render_document(plain)))
    html = render_document(clustered)
    assert scripts(html) == [
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet.markercluster/leaflet.markercluster.js",
        "/static/js/weave-map.js",
    ]
    assert "/static/vendor/leaflet.markercluster/MarkerCluster.Default.css" in stylesheets(html)


def test_the_static_prefix_is_used_for_every_asset():
    html = render_document(make_map(static_prefix="/weave/static/"))

    assert all(url.startswith("/weave/static/") for url in asset_urls(html))


def test_the_tile_layer_uses_the_configured_server_and_credits_the_boundary_data():
    html = render_document(make_map(tiles_url="https://tiles.council.example/{z}/{x}/{y}.png"))

    assert '"https://tiles.council.example/{z}/{x}/{y}.png"' in html
    assert "openstreetmap.org" not in html
    # Folium writes the attribution as a JSON string with non-ASCII characters escaped.
    assert "Contains OS data \\u00a9 Crown copyright and database right 2014" in html
    assert "ONS data \\u00a9 Crown copyright" in html
    assert "\\u0026copy; Tiles Ltd | Contains OS data" in html
    assert BOUNDARY_ATTRIBUTION.startswith("Contains OS data")


def test_the_boundary_credit_can_be_left_off_a_map_without_boundaries():
    html = render_document(make_map(boundary_attribution=False))

    assert "Crown copyright" not in html


def test_the_document_is_a_valid_page_with_a_language_title_and_heading():
    html = render_document(make_map(title="Coverage of food help"))
    page = BeautifulSoup(html, "html.parser")

    assert page.html["lang"] == "en"
    assert page.title.string == "Coverage of food help"
    assert page.h1.string == "Coverage of food help"
    # People must be able to zoom the page (WCAG 1.4.4): Folium's default viewport forbids it.
    viewport = page.find("meta", attrs={"name": "viewport"})["content"]
    assert "user-scalable=no" not in viewport and "maximum-scale" not in viewport


def test_the_title_is_escaped():
    html = render_document(make_map(title="Help & support <near> you"))

    assert "<title>Help &amp; support &lt;near&gt; you</title>" in html


def test_layers_become_a_json_config_that_our_script_reads():
    m = make_map()
    add_geojson_layer(m, url="/api/v1/map/posts?kind=needs", kind="points", name="Needs",
                      options={"cluster": True, "refetch_on_move": True, "popup": {"heading": "title"}})
    add_geojson_layer(m, url="/api/v1/partnerships", kind="lines", name="Partnerships",
                      options={"dashed_property": "suggested"})

    html = render_document(m)
    config = map_config(html)

    assert config["version"] == 1
    assert [(layer["kind"], layer["url"], layer["name"]) for layer in config["layers"]] == [
        ("points", "/api/v1/map/posts?kind=needs", "Needs"),
        ("lines", "/api/v1/partnerships", "Partnerships"),
    ]
    assert config["layers"][0]["refetch_on_move"] is True
    assert config["layers"][1]["dashed_property"] == "suggested"
    # The script is told which map and which element, after the map and its tiles exist.
    hook = html.index("WeaveMap.attach(")
    assert hook > html.index("L.tileLayer(")
    assert f'WeaveMap.attach({m.get_name()}, "weave-map-config")' in html


def test_config_strings_cannot_close_the_script_element():
    m = make_map()
    hostile = "</script><script>window.__xss=1</script><!--"
    add_geojson_layer(m, url="/api/x", kind="polygons", name=hostile,
                      options={"legend": {"title": hostile, "items": [{"label": "\u2028&amp;"}]}})

    html = render_document(m)
    config = assert_map_document(html, tiles_url=TILES)

    assert "</script><script>window.__xss" not in html
    assert config["layers"][0]["name"] == hostile
    assert config["layers"][0]["legend"]["items"][0]["label"] == "\u2028&amp;"


def test_config_json_escapes_everything_that_could_end_a_script():
    assert config_json({"a": "</script>&<!--\u2028"}) == (
        '{"a":"\\u003c/script\\u003e\\u0026\\u003c!--\\u2028"}'
    )


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://elsewhere.example/data.geojson", "points"),
        ("//elsewhere.example/data.geojson", "points"),
        ("javascript:alert(1)", "points"),
        ("/api/v1/map/posts", "heatmap"),
    ],
)
def test_a_layer_must_be_a_known_kind_loaded_from_this_site(url, kind):
    with pytest.raises(ValueError):
        add_geojson_layer(make_map(), url=url, kind=kind, name="Layer")


def test_layer_options_must_be_plain_json():
    with pytest.raises(TypeError):
        add_geojson_layer(make_map(), url="/api/x", kind="points", name="x", options={"style": object()})


@pytest.mark.parametrize(
    ("plugin", "expected"),
    [
        (Draw, "/static/vendor/leaflet-draw/leaflet.draw.js"),
        (MarkerCluster, "/static/vendor/leaflet.markercluster/leaflet.markercluster.js"),
    ],
)
def test_folium_plugins_can_be_pointed_at_the_apps_own_files(plugin, expected):
    m = make_map()
    self_host_plugin(plugin(), "/static").add_to(m)

    html = render_document(m)

    assert expected in scripts(html)
    assert all(url.startswith("/static/") for url in asset_urls(html))


def test_an_unknown_plugin_is_refused_rather_than_left_on_its_cdn():
    from folium.plugins import Fullscreen

    with pytest.raises(ValueError, match="Fullscreen"):
        self_host_plugin(Fullscreen(), "/static")

