"""Point in polygon, random points, bounds and area lookup, on small shapes and the real Ealing wards."""

from __future__ import annotations

import random

import pytest

from community.demo.seed import EALING_DATA
from community.places.areas import import_areas
from community.places.geo import (
    GeometryError,
    bounds,
    centre,
    contains,
    find_area,
    load_polygon,
    parse_geometry,
    random_points,
)

SQUARE_WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [
        [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
        [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]],
    ],
}
# An L shape: its centroid falls outside it.
ELL = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 1], [1, 1], [1, 10], [0, 10], [0, 0]]]}
TWO_ISLANDS = {
    "type": "MultiPolygon",
    "coordinates": [
        [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
        [[[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]]],
    ],
}
# A ring that touches itself at one point, as generalised ONS boundaries sometimes do.
SELF_TOUCHING = {
    "type": "Polygon",
    "coordinates": [[[0, 0], [4, 0], [4, 4], [2, 4], [2, 2], [3, 3], [3, 2], [2, 2], [2, 4], [0, 4], [0, 0]]],
}
BOW_TIE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}


@pytest.mark.parametrize(
    ("lat", "lng", "inside"),
    [(1, 1, True), (5, 5, False), (5, 3, True), (11, 5, False), (0, 5, True)],
    ids=["inside", "in-the-hole", "beside-the-hole", "outside", "on-the-edge"],
)
def test_point_in_polygon_respects_holes_and_counts_the_edge(lat, lng, inside):
    assert contains(parse_geometry(SQUARE_WITH_HOLE), lat, lng) is inside


def test_point_in_multipolygon_finds_either_island_but_not_the_sea_between():
    islands = parse_geometry(TWO_ISLANDS)
    assert contains(islands, 0.5, 0.5)
    assert contains(islands, 5.5, 5.5)
    assert not contains(islands, 3, 3)


def test_coordinates_are_lat_lng_not_geojson_x_y():
    tall = parse_geometry({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 10], [0, 10], [0, 0]]]})
    assert contains(tall, 8, 0.5)  # lat 8 is within the 0..10 latitude span
    assert not contains(tall, 0.5, 8)
    assert bounds(tall).max_lat == 10
    assert bounds(tall).max_lng == 1


def test_centre_is_inside_even_when_the_centroid_is_not():
    ell = parse_geometry(ELL)
    lat, lng = centre(ell)
    assert contains(ell, lat, lng)


def test_random_points_all_fall_inside_a_concave_shape():
    ell = parse_geometry(ELL)
    points = random_points(ell, random.Random(3), 500)
    assert len(points) == 500
    assert all(contains(ell, lat, lng) for lat, lng in points)
    # Spread over both arms, not bunched in one corner.
    assert any(lat > 5 for lat, _ in points) and any(lng > 5 for _, lng in points)


def test_random_points_are_the_same_for_the_same_seed_and_differ_for_another():
    ell = parse_geometry(ELL)
    assert random_points(ell, random.Random(1), 20) == random_points(ell, random.Random(1), 20)
    assert random_points(ell, random.Random(1), 20) != random_points(ell, random.Random(2), 20)


def test_a_self_touching_ring_is_mended_only_when_asked():
    with pytest.raises(GeometryError, match="invalid"):
        parse_geometry(SELF_TOUCHING)
    geom, repaired = load_polygon(SELF_TOUCHING, repair=True)
    assert repaired and geom.is_valid
    assert geom.area == pytest.approx(16 - 0.5)  # the square less its triangular notch


def test_a_bow_tie_is_refused_even_with_repair_because_mending_would_change_it():
    with pytest.raises(GeometryError, match="Self-intersection"):
        parse_geometry(BOW_TIE, repair=True)


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ("{not json", "not valid JSON"),
        ({"type": "Point", "coordinates": [0, 0]}, "not a Polygon"),
        ({"type": "Polygon", "coordinates": "nonsense"}, "malformed"),
        ({"type": "Polygon", "coordinates": []}, "empty"),
        ({"type": "Polygon", "coordinates": [[[517000, 180000], [518000, 180000], [518000, 181000],
                                              [517000, 180000]]]}, "longitude and latitude"),
    ],
    ids=["text", "point", "malformed", "empty", "eastings-northings"],
)
def test_unusable_geometries_say_why(geometry, message):
    with pytest.raises(GeometryError, match=message):
        parse_geometry(geometry)


@pytest.fixture()
def ealing(session):
    import_areas(session, source=EALING_DATA / "wards.geojson", kind="ward")
    import_areas(session, source=EALING_DATA / "lsoas.geojson", kind="lsoa")
    session.commit()
    return session


@pytest.mark.parametrize(
    ("lat", "lng", "ward"),
    [
        (51.5149, -0.3017, "Ealing Broadway"),  # Ealing Broadway station
        (51.5058, -0.3786, "Norwood Green"),  # Southall station sits just inside Norwood Green
        (51.5436, -0.3837, "Northolt West End"),
    ],
)
def test_find_area_places_known_points_in_their_real_ward(ealing, lat, lng, ward):
    assert find_area(ealing, lat, lng).name == ward


def test_find_area_returns_none_outside_the_borough(ealing):
    assert find_area(ealing, 51.5080, -0.1281) is None  # Trafalgar Square


def test_find_area_looks_only_at_the_kind_asked_for(ealing):
    lsoa = find_area(ealing, 51.5149, -0.3017, kind="lsoa")
    assert lsoa.kind == "lsoa" and lsoa.code.startswith("E01")
    assert find_area(ealing, 51.5149, -0.3017, kind="custom") is None


def test_find_area_sees_a_reimported_boundary_not_a_cached_one(session):
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    moved = {"type": "Polygon", "coordinates": [[[2, 2], [3, 2], [3, 3], [2, 3], [2, 2]]]}

    def collection(geometry):
        feature = {"type": "Feature", "properties": {"XCD": "X1", "XNM": "Patch"}, "geometry": geometry}
        return {"type": "FeatureCollection", "features": [feature]}

    import_areas(session, source=collection(square), kind="custom")
    assert find_area(session, 0.5, 0.5, kind="custom").code == "X1"
    import_areas(session, source=collection(moved), kind="custom")
    assert find_area(session, 0.5, 0.5, kind="custom") is None
    assert find_area(session, 2.5, 2.5, kind="custom").code == "X1"
