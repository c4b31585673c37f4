"""`flask areas import` and `flask areas list`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from community.demo.seed import EALING_DATA
from community.models import Area

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "areas"


def count_areas(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(Area.id)))


def areas(runner, *args):
    return runner.invoke(args=["areas", *args])


def test_importing_the_ealing_wards_reports_what_changed(runner, session):
    result = areas(runner, "import", str(EALING_DATA / "wards.geojson"))
    assert result.exit_code == 0, result.output
    assert result.output == "Imported 23 wards: 23 new, 0 updated.\n"
    assert count_areas(session) == 23

    again = areas(runner, "import", str(EALING_DATA / "wards.geojson"), "--kind", "ward")
    assert again.output == "Imported 23 wards: 0 new, 23 updated.\n"
    assert count_areas(session) == 23


def test_importing_lsoas_says_which_boundaries_were_mended(runner, session):
    result = areas(runner, "import", str(EALING_DATA / "lsoas.geojson"), "--kind", "lsoa")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Imported 196 LSOAs: 196 new, 0 updated.",
        "Mended 2 boundaries whose outline touched itself.",
    ]


def test_importing_with_named_properties_and_features_left_out(runner, session):
    custom = areas(runner, "import", str(FIXTURES / "custom_areas.geojson"), "--kind", "custom",
                   "--code-property", "ref", "--name-property", "label")
    assert custom.output == "Imported 1 custom area: 1 new, 0 updated.\n"
    wards = areas(runner, "import", str(FIXTURES / "two_wards.geojson"))
    assert wards.output.splitlines() == [
        "Imported 2 wards: 2 new, 0 updated.",
        "Left out 1 features that are not polygons.",
    ]


def test_list_counts_each_kind(runner, session):
    assert areas(runner, "list").output == (
        "No areas yet. Import boundaries with: flask areas import FILE.geojson\n"
    )
    areas(runner, "import", str(EALING_DATA / "wards.geojson"))
    result = areas(runner, "list")
    assert result.exit_code == 0
    assert result.output.splitlines() == ["23 wards", "0 LSOAs", "0 custom areas"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.geojson"], "There is no file called missing.geojson"),
        ([str(FIXTURES)], "is a folder, not a GeoJSON file"),
        ([str(FIXTURES / "not_json.geojson")], "The file must be GeoJSON, but it is not valid JSON"),
        ([str(FIXTURES / "not_geojson.json")], "must be a GeoJSON FeatureCollection"),
        ([str(FIXTURES / "points_only.geojson")], "must contain Polygon or MultiPolygon features"),
        ([str(FIXTURES / "no_code_or_name.geojson")], "Could not tell which properties hold"),
        ([str(FIXTURES / "second_feature_unnamed.geojson")], "Feature 2 (E05009002) has no 'WD13NM'"),
        ([str(FIXTURES / "bow_tie.geojson")], "Feature 2 (E05009002) has a geometry that cannot be used"),
        ([str(FIXTURES / "british_national_grid.geojson")], "must be longitude and latitude"),
        ([str(EALING_DATA / "wards.geojson"), "--kind", "county"],
         "The kind of area must be ward, lsoa or custom"),
        ([str(EALING_DATA / "wards.geojson"), "--code-property", "nope", "--name-property", "WD13NM"],
         "Feature 1 has no 'nope' property"),
    ],
    ids=["missing", "folder", "not-json", "not-geojson", "no-polygons", "no-properties", "unnamed",
         "invalid-geometry", "not-wgs84", "unknown-kind", "wrong-property"],
)
def test_a_bad_import_fails_with_one_line_and_writes_nothing(runner, session, args, message):
    result = areas(runner, "import", *args)
    assert result.exit_code == 1
    assert len(result.output.splitlines()) == 1, result.output
    assert message in result.output
    assert count_areas(session) == 0


def circle_ward_file(path: Path, points: int) -> Path:
    """A ward drawn to the centimetre: a circle of about a kilometre with ``points`` points."""
    import json
    import math

    ring = [[round(-0.3 + 0.01 * math.cos(2 * math.pi * i / points), 7),
             round(51.51 + 0.01 * math.sin(2 * math.pi * i / points), 7)] for i in range(points)]
    ring.append(ring[0])
    feature = {"type": "Feature", "properties": {"WD23CD": "E05999999", "WD23NM": "Finely drawn"},
               "geometry": {"type": "Polygon", "coordinates": [ring]}}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    return path


def test_an_over_detailed_ward_is_simplified_with_progress(runner, session, tmp_path):
    import time

    from community.places.areas import MAX_AREA_POINTS
    from community.places.geo import parse_geometry

    started = time.monotonic()
    result = areas(runner, "import", str(circle_ward_file(tmp_path / "fine.geojson", 150_000)))
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 30
    lines = result.output.splitlines()
    assert lines[0] == "Checking 1 areas with 150,001 boundary points..."
    assert lines[1].startswith("Feature 1 (E05999999): simplified from 150,001 to ")
    assert "Checked 1 of 1 areas" in lines
    assert lines[-2:] == ["Imported 1 ward: 1 new, 0 updated.",
                          f"Simplified 1 boundaries with more than {MAX_AREA_POINTS:,} points."]
    stored = session.scalar(select(Area.geometry))
    geometry = parse_geometry(stored)
    assert len(geometry.exterior.coords) <= MAX_AREA_POINTS
    # Still the same place: the simplified circle covers nearly the same ground.
    assert geometry.area == pytest.approx(3.14159 * 0.01**2, rel=0.01)


def test_a_file_with_too_many_points_is_refused_before_anything_is_written(runner, session, tmp_path,
                                                                           monkeypatch):
    from community.places import areas as area_module

    monkeypatch.setattr(area_module, "MAX_FILE_POINTS", 1_000)
    result = areas(runner, "import", str(circle_ward_file(tmp_path / "fine.geojson", 2_000)))
    assert result.exit_code == 1
    assert "The file has 2,001 boundary points, more than the 1,000 Weave accepts" in result.output
    assert count_areas(session) == 0


def test_a_file_too_large_to_read_is_refused_without_reading_it(runner, tmp_path, monkeypatch):
    from app.cli import areas as cli_module

    monkeypatch.setattr(cli_module, "MAX_FILE_BYTES", 100)
    result = areas(runner, "import", str(circle_ward_file(tmp_path / "fine.geojson", 200)))
    assert result.exit_code == 1
    assert "Weave reads: simplify the boundaries first" in result.output
