"""The needs-and-offers map, rendered offline."""

from __future__ import annotations

import pytest

from maps.base import render_document
from maps.posts import MAP_TITLE, posts_map, zoom_for_distance
from tests.maps.assertions import assert_map_document

TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def render(**overrides) -> str:
    arguments = dict(centre=(51.51, -0.30), distance_km=2, data_url="/api/v1/map/posts?kind=needs",
                     tiles_url=TILES, tiles_attribution="&copy; OpenStreetMap contributors",
                     static_prefix="/static")
    arguments.update(overrides)
    return render_document(posts_map(**arguments))


def test_the_posts_map_loads_clustered_posts_for_the_view_from_the_api():
    html = render()

    config = assert_map_document(html, tiles_url=TILES)
    (layer,) = config["layers"]
    assert layer["kind"] == "points"
    assert layer["url"] == "/api/v1/map/posts?kind=needs"
    assert layer["cluster"] is True and layer["refetch_on_move"] is True
    assert layer["popup"]["heading"] == "title"
    assert layer["popup"]["link"] == {"property": "url", "text_property": "link_text"}
    assert [item["label"] for item in layer["legend"]["items"]][:2] == ["Need", "Offer"]
    assert f"<title>{MAP_TITLE}</title>" in html


def test_the_map_starts_at_the_centre_and_zoom_it_is_given():
    html = render(centre=(51.5071, -0.3142), distance_km=5)

    assert "center: [51.5071, -0.3142]" in html
    assert '"zoom": 13' in html


@pytest.mark.parametrize(
    ("km", "zoom"), [(0.5, 15), (1, 15), (2, 14), (5, 13), (10, 12), (25, 12), (None, 14)]
)
def test_the_zoom_fits_the_distance_chosen_in_the_list(km, zoom):
    assert zoom_for_distance(km) == zoom
