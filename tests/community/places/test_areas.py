"""Importing ward, LSOA and custom boundaries: detected and named properties, upserts, and bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from community.demo.seed import EALING_DATA
from community.errors import ValidationFailed
from community.models import Area
from community.places.areas import count_areas_by_kind, detect_properties, import_areas
from community.places.geo import contains, parse_geometry

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "areas"


def area_count(session) -> int:
    return session.scalar(select(func.count()).select_from(Area))


def test_importing_the_ealing_wards_detects_wd13cd_and_wd13nm(session):
    result = import_areas(session, source=EALING_DATA / "wards.geojson", kind="ward")

    assert (result.created, result.updated, result.kind) == (23, 0, "ward")
    acton = session.scalar(select(Area).where(Area.code == "E05000170"))
    assert acton.name == "Acton Central" and acton.kind == "ward" and acton.name_welsh is None
    assert acton.min_lat < acton.centre_lat < acton.max_lat
    assert acton.min_lng < acton.centre_lng < acton.max_lng
    assert contains(parse_geometry(acton.geometry), acton.centre_lat, acton.centre_lng)
    assert -0.5 < acton.centre_lng < 0 and 51.4 < acton.centre_lat < 51.6  # lat and lng not swapped


def test_importing_the_ealing_lsoas_detects_lsoa11_and_mends_two_self_touching_rings(session):
    result = import_areas(session, source=EALING_DATA / "lsoas.geojson", kind="lsoa")

    assert (result.created, result.updated, result.repaired) == (196, 0, 2)
    mended = session.scalar(select(Area).where(Area.code == "E01001280"))
    assert mended.name == "Ealing 011D" and parse_geometry(mended.geometry).is_valid


def test_importing_again_updates_by_code_instead_of_duplicating(session):
    import_areas(session, source=EALING_DATA / "wards.geojson", kind="ward")
    session.execute(Area.__table__.update().values(name="Old name"))

    result = import_areas(session, source=EALING_DATA / "wards.geojson", kind="ward")

    assert (result.created, result.updated) == (0, 23)
    assert area_count(session) == 23
    assert "Old name" not in set(session.scalars(select(Area.name)))


def test_welsh_names_come_from_nmw_and_the_decoy_cdo_property_is_ignored(session):
    result = import_areas(session, source=(FIXTURES / "two_wards.geojson").read_bytes(), kind="ward")

    assert (result.created, result.skipped) == (2, 1)  # the Point feature is left out
    west, east = session.scalars(select(Area).order_by(Area.code)).all()
    assert (west.code, west.name, west.name_welsh) == ("W05000001", "Afon West", "Gorllewin Afon")
    assert east.name_welsh is None
    assert json.loads(east.geometry)["type"] == "MultiPolygon"


def test_custom_code_and_name_properties_are_used_when_given(session):
    result = import_areas(
        session,
        source=(FIXTURES / "custom_areas.geojson").read_text(),
        kind="custom",
        code_property="ref",
        name_property="label",
    )

    assert result.created == 1
    patch = session.scalar(select(Area))
    assert (patch.code, patch.name, patch.kind) == ("EAL-PATCH-1", "Dean Gardens patch", "custom")


@pytest.mark.parametrize(
    ("properties", "kind", "expected"),
    [
        ({"WD13CD": "x", "WD13CDO": "y", "WD13NM": "z", "WD13NMW": None}, "ward", ("WD13CD", "WD13NM")),
        ({"LSOA11CD": "x", "LSOA11NM": "y"}, "lsoa", ("LSOA11CD", "LSOA11NM")),
        ({"lad19cd": "x", "lad19nm": "y"}, "custom", ("lad19cd", "lad19nm")),
        # Several pairs: the kind decides; without a preference it is ambiguous.
        ({"WD20CD": "a", "WD20NM": "b", "LAD20CD": "c", "LAD20NM": "d"}, "ward", ("WD20CD", "WD20NM")),
        ({"WD20CD": "a", "WD20NM": "b", "LAD20CD": "c", "LAD20NM": "d"}, "custom", None),
        ({"WD13CDO": "x", "WD13NMW": "y"}, "ward", None),
        ({"CD": "x", "NM": "y"}, "ward", None),
    ],
)
def test_ons_style_property_pairs_are_detected(properties, kind, expected):
    assert detect_properties(properties, kind) == expected


BAD_FILES = [
    ("not_json.geojson", "ward", "not valid JSON"),
    ("not_geojson.json", "ward", "must be a GeoJSON FeatureCollection"),
    ("points_only.geojson", "ward", "no areas: it must contain Polygon or MultiPolygon features"),
    ("no_code_or_name.geojson", "ward", "Could not tell which properties hold the area code and name"),
    ("second_feature_unnamed.geojson", "ward", "Feature 2 (E05009002) has no 'WD13NM' property"),
    ("bow_tie.geojson", "ward", "Feature 2 (E05009002) has a geometry that cannot be used"),
    ("british_national_grid.geojson", "ward", "must be longitude and latitude (WGS84)"),
]


@pytest.mark.parametrize(("filename", "kind", "message"), BAD_FILES, ids=[f[0] for f in BAD_FILES])
def test_a_bad_file_gets_one_clear_error_and_writes_nothing(session, filename, kind, message):
    with pytest.raises(ValidationFailed) as caught:
        import_areas(session, source=(FIXTURES / filename).read_bytes(), kind=kind)

    assert list(caught.value.errors) == ["file"]
    assert message in caught.value.errors["file"]
    assert area_count(session) == 0


def test_an_unknown_kind_is_refused(session):
    with pytest.raises(ValidationFailed) as caught:
        import_areas(session, source=EALING_DATA / "wards.geojson", kind="county")
    assert caught.value.errors == {"kind": "The kind of area must be ward, lsoa or custom"}
    assert area_count(session) == 0


def test_naming_only_one_of_the_two_properties_is_refused(session):
    with pytest.raises(ValidationFailed, match="Name both the code property and the name property"):
        import_areas(session, source=EALING_DATA / "wards.geojson", kind="ward", code_property="WD13CD")


def test_a_named_property_missing_from_the_file_is_refused(session):
    with pytest.raises(ValidationFailed, match="Feature 1 has no 'ref' property"):
        import_areas(
            session, source=EALING_DATA / "wards.geojson", kind="ward", code_property="ref",
            name_property="WD13NM",
        )
    assert area_count(session) == 0


def test_a_file_that_fails_half_way_leaves_existing_areas_untouched(session):
    import_areas(session, source=EALING_DATA / "wards.geojson", kind="ward")
    before = session.scalar(select(Area.geometry).where(Area.code == "E05000170"))
    document = json.loads((EALING_DATA / "wards.geojson").read_text())
    document["features"][-1]["geometry"] = json.loads((FIXTURES / "bow_tie.geojson").read_text())[
        "features"][1]["geometry"]
    document["features"][0]["properties"]["WD13NM"] = "Renamed"

    with pytest.raises(ValidationFailed, match="Feature 23"):
        import_areas(session, source=document, kind="ward")

    assert session.scalar(select(Area.name).where(Area.code == "E05000170")) == "Acton Central"
    assert session.scalar(select(Area.geometry).where(Area.code == "E05000170")) == before


def test_a_code_already_imported_as_another_kind_is_refused(session):
    import_areas(session, source=EALING_DATA / "wards.geojson", kind="ward")
    with pytest.raises(ValidationFailed, match="already imported as a ward, not as an LSOA"):
        import_areas(session, source=EALING_DATA / "wards.geojson", kind="lsoa")
    assert set(session.scalars(select(Area.kind))) == {"ward"}


def test_counts_by_kind_list_every_kind(session):
    import_areas(session, source=EALING_DATA / "wards.geojson", kind="ward")
    assert count_areas_by_kind(session) == {"ward": 23, "lsoa": 0, "custom": 0}
