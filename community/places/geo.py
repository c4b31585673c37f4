"""Geometry for areas: point in polygon, bounding boxes, centres, random points, and area lookup.

GeoJSON orders coordinates (longitude, latitude); Weave's models store ``lat`` and ``lng`` separately.
Every function here takes and returns (lat, lng) and does the swap itself, so callers never see x/y.
"""

from __future__ import annotations

import json
import random
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.errors import ShapelyError
from shapely.geometry import GeometryCollection, shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy import select
from sqlalchemy.orm import Session

from community.models import Area

__all__ = [
    "POLYGON_TYPES",
    "Bounds",
    "GeometryError",
    "parse_geometry",
    "load_polygon",
    "to_geojson",
    "contains",
    "bounds",
    "centre",
    "random_points",
    "find_area",
    "area_geometry",
]

POLYGON_TYPES = ("Polygon", "MultiPolygon")
# A repair may change the area by rounding error, never visibly (a bow tie's repair doubles it).
_REPAIR_TOLERANCE = 1e-3
_CACHE_SIZE = 1024


class GeometryError(ValueError):
    """A geometry that is not a valid, non-empty Polygon or MultiPolygon (the message says why)."""


@dataclass(frozen=True, slots=True)
class Bounds:
    min_lat: float
    min_lng: float
    max_lat: float
    max_lng: float


def parse_geometry(geometry: str | Mapping, *, repair: bool = False) -> BaseGeometry:
    """Turn a GeoJSON geometry (text or mapping) into a prepared shapely polygon.

    With ``repair``, a ring that merely touches itself (an artefact of generalised boundary files) is
    mended; a shape whose repair would change its area, such as a bow tie, is still refused.

    >>> square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    >>> parse_geometry(square).geom_type
    'Polygon'
    """
    return load_polygon(geometry, repair=repair)[0]


def load_polygon(geometry: str | Mapping, *, repair: bool = False) -> tuple[BaseGeometry, bool]:
    """Like :func:`parse_geometry`, also saying whether the shape needed repairing."""
    if isinstance(geometry, str):
        try:
            geometry = json.loads(geometry)
        except ValueError as error:
            raise GeometryError("the geometry is not valid JSON") from error
    if not isinstance(geometry, Mapping) or geometry.get("type") not in POLYGON_TYPES:
        raise GeometryError("the geometry is not a Polygon or MultiPolygon")
    try:
        geom = shape(dict(geometry))
    except (ValueError, TypeError, IndexError, AttributeError, ShapelyError) as error:
        raise GeometryError("the geometry's coordinates are malformed") from error
    if geom.is_empty:
        raise GeometryError("the geometry is empty")
    lngs, lats = shapely.get_coordinates(geom).T
    if not (np.all(np.abs(lngs) <= 180) and np.all(np.abs(lats) <= 90)):
        raise GeometryError("the coordinates are not longitude and latitude (WGS84)")
    repaired = False
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        fixed = _repaired(geom) if repair else None
        if fixed is None:
            raise GeometryError(f"the geometry is invalid ({reason})")
        geom, repaired = fixed, True
    shapely.prepare(geom)
    return geom, repaired


def _repaired(geom: BaseGeometry) -> BaseGeometry | None:
    fixed = shapely.make_valid(geom)
    if isinstance(fixed, GeometryCollection):
        fixed = shapely.union_all([g for g in fixed.geoms if g.geom_type in POLYGON_TYPES])
    if fixed.geom_type not in POLYGON_TYPES or fixed.is_empty:
        return None
    if abs(fixed.area - geom.area) > _REPAIR_TOLERANCE * fixed.area:
        return None
    return fixed


def to_geojson(geom: BaseGeometry) -> str:
    """Compact GeoJSON text for storing in ``Area.geometry``."""
    return shapely.to_geojson(geom)


def contains(geom: BaseGeometry, lat: float, lng: float) -> bool:
    """Whether the point is inside the polygon or on its edge.

    >>> square = parse_geometry('{"type": "Polygon", "coordinates": [[[0,0], [1,0], [1,1], [0,1], [0,0]]]}')
    >>> contains(square, 0.5, 0.5), contains(square, 1.5, 0.5)
    (True, False)
    """
    return bool(shapely.intersects_xy(geom, lng, lat))


def bounds(geom: BaseGeometry) -> Bounds:
    min_lng, min_lat, max_lng, max_lat = geom.bounds
    return Bounds(min_lat=min_lat, min_lng=min_lng, max_lat=max_lat, max_lng=max_lng)


def centre(geom: BaseGeometry) -> tuple[float, float]:
    """A (lat, lng) centre that is always inside the shape (a crescent's centroid may not be).

    >>> square = parse_geometry('{"type": "Polygon", "coordinates": [[[0,0], [2,0], [2,2], [0,2], [0,0]]]}')
    >>> centre(square)
    (1.0, 1.0)
    """
    point = geom.centroid
    if not shapely.contains_xy(geom, point.x, point.y):
        point = geom.point_on_surface()
    return point.y, point.x


def random_points(geom: BaseGeometry, rng: random.Random, count: int) -> list[tuple[float, float]]:
    """``count`` (lat, lng) points spread uniformly inside the shape, rounded to ~10 cm.

    Rejection sampling within the bounding box, tested a batch at a time; only ``rng`` supplies
    randomness, so a seeded generator always gives the same points.
    """
    min_lng, min_lat, max_lng, max_lat = geom.bounds
    # How much of the bounding box the shape fills decides how many candidates a batch needs.
    fill = max(geom.area / max((max_lng - min_lng) * (max_lat - min_lat), 1e-18), 0.05)
    points: list[tuple[float, float]] = []
    while len(points) < count:
        batch = int((count - len(points)) / fill * 1.2) + 8
        lats = [round(rng.uniform(min_lat, max_lat), 6) for _ in range(batch)]
        lngs = [round(rng.uniform(min_lng, max_lng), 6) for _ in range(batch)]
        inside = shapely.contains_xy(geom, lngs, lats)
        points.extend((lat, lng) for lat, lng, ok in zip(lats, lngs, inside, strict=True) if ok)
    return points[:count]


class _GeometryCache:
    """Parsed geometries by area, keyed by (id, code) and checked against the stored text, so a
    re-imported boundary is never answered from a stale shape."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[tuple[int, str], tuple[str, BaseGeometry]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, area_id: int, code: str, text: str) -> BaseGeometry:
        key = (area_id, code)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] == text:
                self._items.move_to_end(key)
                return hit[1]
        geom = parse_geometry(text, repair=True)
        with self._lock:
            self._items[key] = (text, geom)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return geom

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_geometries = _GeometryCache(_CACHE_SIZE)


def area_geometry(area: Area) -> BaseGeometry:
    """The parsed, prepared shape of an area (cached)."""
    return _geometries.get(area.id, area.code, area.geometry)


def find_area(session: Session, lat: float, lng: float, kind: str = "ward") -> Area | None:
    """The area of ``kind`` containing the point, or None when it is outside every one.

    Bounding boxes in the database rule out almost every area before any polygon is parsed. Where
    areas overlap (custom areas may), the one imported first wins.
    """
    candidates = session.execute(
        select(Area.id, Area.code, Area.geometry)
        .where(
            Area.kind == kind,
            Area.min_lat <= lat,
            Area.max_lat >= lat,
            Area.min_lng <= lng,
            Area.max_lng >= lng,
        )
        .order_by(Area.id)
    ).all()
    for area_id, code, text in candidates:
        if contains(_geometries.get(area_id, code, text), lat, lng):
            return session.get(Area, area_id)
    return None
