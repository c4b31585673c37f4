"""Every map starts where the council's wards are (``community.places.wards_view``), and nowhere in
particular before any are loaded."""

from __future__ import annotations

import re

import pytest

from community.places import FALLBACK_VIEW, view_of_bounds
from tests.builders import committed
from tests.builders.places import WARD_BOXES, make_wards
from tests.web.conftest import sign_in

MAPS = ("/maps/coverage", "/maps/network", "/maps/groups", "/maps/groups/draw", "/maps/near-me")


def start(html: str) -> tuple[tuple[float, float], int]:
    centre = re.search(r"center: \[([-0-9.e]+), ([-0-9.e]+)\]", html)
    zoom = re.search(r'"zoom": (\d+)', html)
    assert centre and zoom, "no starting view in the map document"
    return (float(centre[1]), float(centre[2])), int(zoom[1])


@pytest.fixture()
def viewer(make_web_user):
    # A connector without a home or a ward: every map is open to them and none starts at their home.
    return make_web_user(role="connector", home=None)


def test_before_any_ward_is_loaded_every_map_starts_on_the_neutral_view(app, viewer):
    client = sign_in(app.test_client(), viewer)
    for url in MAPS:
        centre, zoom = start(client.get(url).get_data(as_text=True))
        assert centre == FALLBACK_VIEW.centre, url
        if url != "/maps/near-me":  # the near-me map zooms to the distance searched
            assert zoom == FALLBACK_VIEW.zoom, url


def test_with_wards_every_map_starts_with_all_of_them_in_view(app, db, viewer):
    committed(db, make_wards)
    west = min(box[0] for box in WARD_BOXES.values())
    south = min(box[1] for box in WARD_BOXES.values())
    east = max(box[2] for box in WARD_BOXES.values())
    north = max(box[3] for box in WARD_BOXES.values())
    expected = view_of_bounds(south, west, north, east)
    assert expected != FALLBACK_VIEW
    client = sign_in(app.test_client(), viewer)
    for url in MAPS:
        centre, zoom = start(client.get(url).get_data(as_text=True))
        assert centre == pytest.approx(expected.centre), url
        if url != "/maps/near-me":
            assert zoom == expected.zoom, url


def test_a_borough_of_wards_starts_at_the_zoom_the_maps_always_used():
    # The Ealing demo's 23 wards span about 0.07° by 0.17°: the maps started at zoom 12 and still do.
    assert view_of_bounds(51.4905, -0.4196, 51.5597, -0.2451).zoom == 12
