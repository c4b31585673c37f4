"""Importing area boundaries (wards, LSOAs, custom areas) from GeoJSON.

The whole file is checked before anything is written, so a bad file changes nothing and gets one
clear message.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from community.errors import ValidationFailed
from community.models import Area, AreaKind
from community.models.places import AREA_KINDS
from community.places.geo import Bounds, GeometryError, bounds, centre, load_polygon, to_geojson

__all__ = ["ImportResult", "import_areas", "count_areas_by_kind", "detect_properties", "kind_label"]

_KIND_LABELS = {
    "ward": ("ward", "wards"),
    "lsoa": ("LSOA", "LSOAs"),
    "custom": ("custom area", "custom areas"),
}
_ARTICLES = {"ward": "a ward", "lsoa": "an LSOA", "custom": "a custom area"}
# Which ONS prefix to prefer for a kind when a file carries several code/name pairs.
_PREFERRED_PREFIXES = {"ward": ("WD", "WARD"), "lsoa": ("LSOA",)}
_MAX_CODE, _MAX_NAME = 32, 120

# A ward drawn to the centimetre (hundreds of thousands of points) makes every map and every "which ward is
# this in" slow for no visible gain: an area with more points than this is simplified (keeping its shape's
# topology) until it fits, starting from a tolerance of about a metre. Files over the file limit are refused.
MAX_AREA_POINTS = 5_000
MAX_FILE_POINTS = 5_000_000
_FIRST_TOLERANCE = 0.00001  # degrees: about a metre
# Files with more points than this report progress as they are checked.
_REPORT_FROM_POINTS = 100_000

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: int
    updated: int
    kind: str
    # Features without a polygon (points, lines, no geometry) are left out rather than refused.
    skipped: int = 0
    # Rings that touched themselves (common in generalised boundary files) and were mended.
    repaired: int = 0
    # Areas with more than MAX_AREA_POINTS points, simplified to fit.
    simplified: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated


@dataclass(frozen=True, slots=True)
class _Parsed:
    code: str
    name: str
    name_welsh: str | None
    geometry: str
    bounds: Bounds
    centre: tuple[float, float]


def kind_label(kind: str, count: int) -> str:
    """'1 ward', '23 wards', '196 LSOAs'."""
    singular, plural = _KIND_LABELS[kind]
    return f"{count:,} {singular if count == 1 else plural}"


def _invalid(message: str) -> ValidationFailed:
    return ValidationFailed({"file": message})


def _load(source: str | bytes | dict | os.PathLike) -> object:
    """``str`` is GeoJSON text, ``bytes`` a file's contents, a path is read, a dict is used as is."""
    if isinstance(source, Mapping):
        return source
    if isinstance(source, os.PathLike):
        source = Path(source).read_bytes()
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _invalid("The file must be GeoJSON, but it is not text") from None
    try:
        return json.loads(source)
    except ValueError:
        raise _invalid("The file must be GeoJSON, but it is not valid JSON") from None


def _features(document: object) -> list[object]:
    # Each item is checked to be a feature later, so that a bad one is skipped and counted.
    if isinstance(document, Mapping):
        if document.get("type") == "FeatureCollection" and isinstance(document.get("features"), list):
            return document["features"]
        if document.get("type") == "Feature":
            return [document]
    raise _invalid("The file must be a GeoJSON FeatureCollection, but it has no list of features")


def _check_crs(document: Mapping) -> None:
    crs = document.get("crs")
    if not isinstance(crs, Mapping):
        return
    name = str((crs.get("properties") or {}).get("name", ""))
    if name and not re.search(r"CRS84|EPSG:{1,2}4326$", name):
        raise _invalid(
            f"The file's coordinates must be longitude and latitude (WGS84), but it says they are {name}"
        )


def detect_properties(properties: Mapping, kind: str) -> tuple[str, str] | None:
    """Find an ONS-style code/name property pair such as WD13CD/WD13NM.

    A pair is ``<PREFIX>CD`` and ``<PREFIX>NM`` with the same prefix, in any case; WD13CDO and WD13NMW
    are other things (the old-style code and the Welsh name).

    >>> detect_properties({"WD13CD": "E05000170", "WD13CDO": "00AJGC", "WD13NM": "Acton Central"}, "ward")
    ('WD13CD', 'WD13NM')
    >>> detect_properties({"lsoa11cd": "E01001195", "lsoa11nm": "Ealing 021A"}, "lsoa")
    ('lsoa11cd', 'lsoa11nm')
    """
    by_upper = {key.upper(): key for key in properties}
    pairs = []
    for upper, key in by_upper.items():
        if upper.endswith("CD") and len(upper) > 2 and upper[:-2] + "NM" in by_upper:
            pairs.append((upper[:-2], key, by_upper[upper[:-2] + "NM"]))
    if not pairs:
        return None
    preferred = [p for p in pairs if p[0].startswith(_PREFERRED_PREFIXES.get(kind, ()))]
    if len(preferred) == 1:
        return preferred[0][1:]
    if len(pairs) == 1:
        return pairs[0][1:]
    return None


def _welsh_key(properties: Mapping, name_property: str) -> str | None:
    if not name_property.upper().endswith("NM"):
        return None
    wanted = name_property.upper() + "W"
    return next((key for key in properties if key.upper() == wanted), None)


def _count_points(value: object) -> int:
    """How many positions a GeoJSON coordinates array holds (without building any geometry).

    >>> _count_points([[[0, 0], [1, 0], [1, 1], [0, 0]]])
    4
    """
    if isinstance(value, list):
        if value and isinstance(value[0], (int, float)):
            return 1
        return sum(_count_points(item) for item in value)
    return 0


def simplified_to_fit(geom: BaseGeometry, limit: int = MAX_AREA_POINTS) -> BaseGeometry:
    """``geom`` with at most ``limit`` points, simplified (topology kept) by the smallest doubling tolerance.

    >>> from shapely.geometry import Point
    >>> circle = Point(0, 51).buffer(0.01, quad_segs=2_000)
    >>> simpler = simplified_to_fit(circle, 500)
    >>> int(shapely.get_num_coordinates(circle)), int(shapely.get_num_coordinates(simpler)) <= 500
    (8001, True)
    """
    tolerance = _FIRST_TOLERANCE
    simpler = geom
    while shapely.get_num_coordinates(simpler) > limit:
        simpler = shapely.simplify(geom, tolerance, preserve_topology=True)
        tolerance *= 2
    return simpler


def _parse_features(
    features: list, kind: str, code_property: str | None, name_property: str | None,
    progress: Progress | None = None,
) -> tuple[list[_Parsed], int, int, int]:
    polygons = [
        (number, f)
        for number, f in enumerate(features, start=1)
        if isinstance(f, Mapping)
        and isinstance(f.get("geometry"), Mapping)
        and f["geometry"].get("type") in ("Polygon", "MultiPolygon")
    ]
    if not polygons:
        raise _invalid("The file has no areas: it must contain Polygon or MultiPolygon features")
    first_properties = polygons[0][1].get("properties") or {}
    if code_property is None and name_property is None:
        detected = detect_properties(first_properties, kind)
        if detected is None:
            found = ", ".join(sorted(first_properties)) or "none"
            raise _invalid(
                "Could not tell which properties hold the area code and name (like WD13CD and "
                f"WD13NM); name them. Properties found: {found}"
            )
        code_property, name_property = detected
    elif not code_property or not name_property:
        raise _invalid("Name both the code property and the name property, or neither")
    welsh_property = _welsh_key(first_properties, name_property)

    points = sum(_count_points(feature["geometry"].get("coordinates")) for _n, feature in polygons)
    if points > MAX_FILE_POINTS:
        raise _invalid(
            f"The file has {points:,} boundary points, more than the {MAX_FILE_POINTS:,} Weave accepts: "
            "simplify it first (for example with mapshaper or ogr2ogr -simplify) or split it"
        )
    report = progress if progress is not None and points > _REPORT_FROM_POINTS else None
    if report:
        report(f"Checking {len(polygons):,} areas with {points:,} boundary points...")
    step = max(1, len(polygons) // 10)

    parsed: list[_Parsed] = []
    seen: set[str] = set()
    repaired = simplified = 0
    for done, (number, feature) in enumerate(polygons, start=1):
        properties = feature.get("properties") or {}
        code = _text(properties.get(code_property))
        name = _text(properties.get(name_property))
        label = f"Feature {number} ({code})" if code else f"Feature {number}"
        if not code or not name:
            raise _invalid(f"{label} has no '{code_property if not code else name_property}' property")
        if len(code) > _MAX_CODE or len(name) > _MAX_NAME:
            raise _invalid(f"{label} has a code over {_MAX_CODE} or a name over {_MAX_NAME} characters")
        if code.upper() in seen:
            raise _invalid(f"{label} repeats a code used by an earlier feature")
        seen.add(code.upper())
        try:
            geom, was_repaired = load_polygon(feature["geometry"], repair=True)
        except GeometryError as error:
            raise _invalid(f"{label} has a geometry that cannot be used: {error}") from None
        repaired += was_repaired
        before = int(shapely.get_num_coordinates(geom))
        if before > MAX_AREA_POINTS:
            geom = simplified_to_fit(geom)
            simplified += 1
            if report:
                after = int(shapely.get_num_coordinates(geom))
                report(f"{label}: simplified from {before:,} to {after:,} points")
        welsh = _text(properties.get(welsh_property))[:_MAX_NAME] if welsh_property else ""
        parsed.append(_Parsed(code, name, welsh or None, to_geojson(geom), bounds(geom), centre(geom)))
        if report and (done % step == 0 or done == len(polygons)):
            report(f"Checked {done:,} of {len(polygons):,} areas")
    return parsed, len(features) - len(polygons), repaired, simplified


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def import_areas(
    session: Session,
    *,
    source: str | bytes | dict | os.PathLike,
    kind: str,
    code_property: str | None = None,
    name_property: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Create or update areas of ``kind`` from GeoJSON polygons, matched by code.

    ``progress``, if given, hears how a large file's checking goes, in a sentence at a time.
    """
    if kind not in AREA_KINDS:
        raise ValidationFailed({"kind": "The kind of area must be ward, lsoa or custom"})
    document = _load(source)
    features = _features(document)
    if isinstance(document, Mapping):
        _check_crs(document)
    parsed, skipped, repaired, simplified = _parse_features(
        features, kind, code_property, name_property, progress
    )

    existing = {
        area.code: area
        for area in session.scalars(select(Area).where(Area.code.in_([p.code for p in parsed])))
    }
    for item in parsed:
        area = existing.get(item.code)
        if area is not None and area.kind != kind:
            raise _invalid(
                f"Area {item.code} is already imported as {_ARTICLES[area.kind]}, not as {_ARTICLES[kind]}"
            )
    for item in parsed:
        area = existing.get(item.code) or Area(code=item.code, kind=kind)
        area.name = item.name
        area.name_welsh = item.name_welsh
        area.geometry = item.geometry
        area.min_lat, area.min_lng = item.bounds.min_lat, item.bounds.min_lng
        area.max_lat, area.max_lng = item.bounds.max_lat, item.bounds.max_lng
        area.centre_lat, area.centre_lng = item.centre
        if area.id is None:
            session.add(area)
    session.flush()
    updated = len(existing)
    return ImportResult(
        created=len(parsed) - updated, updated=updated, kind=kind, skipped=skipped, repaired=repaired,
        simplified=simplified,
    )


def count_areas_by_kind(session: Session) -> dict[str, int]:
    """How many areas of each kind there are, every kind listed."""
    counts = dict(session.execute(select(Area.kind, func.count()).group_by(Area.kind)).all())
    return {kind.value: counts.get(kind, 0) for kind in AreaKind}
