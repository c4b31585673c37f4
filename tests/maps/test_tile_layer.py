"""Tiles are handed to folium without its search of xyzservices' catalogue, and come out the same."""

from __future__ import annotations

import folium
import xyzservices

from maps.base import _tiles, base_map, render_document


def _tile_layer_options(tiles) -> tuple[str, dict]:
    layer = folium.TileLayer(tiles=tiles, attr="Tiles", min_zoom=10, max_zoom=18, name="Map tiles")
    return layer.tiles, layer.options


def test_a_url_template_gives_folium_the_same_layer_as_the_plain_string():
    url = "https://tiles.example.gov.uk/{z}/{x}/{y}.png"
    handed = _tiles(url)
    assert isinstance(handed, xyzservices.TileProvider)
    assert _tile_layer_options(handed) == _tile_layer_options(url)


def test_subdomains_and_retina_placeholders_are_left_for_leaflet():
    url = "https://{s}.tiles.example.gov.uk/{z}/{x}/{y}{r}.png"
    assert _tile_layer_options(_tiles(url)) == _tile_layer_options(url)


def test_a_url_with_placeholders_of_its_own_stays_a_string():
    url = "https://tiles.example.gov.uk/{z}/{x}/{y}.png?key={apikey}"
    assert _tiles(url) == url


def test_a_named_provider_is_still_found():
    assert isinstance(_tiles("OpenStreetMap Mapnik"), xyzservices.TileProvider)


def test_the_map_document_carries_the_council_tiles_url():
    m = base_map(centre=(51.5, -0.3), zoom=13, tiles_url="https://tiles.example.gov.uk/{z}/{x}/{y}.png",
                 tiles_attribution="Tiles", static_prefix="/static", title="A map")
    assert '"https://tiles.example.gov.uk/{z}/{x}/{y}.png"' in render_document(m)
