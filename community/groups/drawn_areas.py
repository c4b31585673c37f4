"""A service area drawn on a map: checked to be a valid polygon inside or overlapping the council's area.

Leaflet.draw hands over GeoJSON; anything else a browser (or an API client) might send is refused with a
message that says what to do. The council's area is the union of the imported wards.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, cast

import shapely
from shapely.geometry import LinearRing, MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy import select
from sqlalchemy.orm import Session

from community.errors import ValidationFailed
from community.i18n import _
from community.models import Area
from community.places.geo import area_geometry

__all__ = [
    "check_drawn_area",
    "drawn_geometry",
    "DRAWN_NOT_READABLE",
    "DRAWN_NOT_POLYGON",
    "DRAWN_SELF_INTERSECTING",
    "DRAWN_TOO_COMPLEX",
    "DRAWN_OUTSIDE",
    "DRAWN_NO_WARDS",
]

_DRAWN_TEXT_MAX, _DRAWN_POINTS_MAX = 200_000, 2_000
DRAWN_NOT_READABLE = _("The drawn area could not be read. Clear it and draw the area again")
DRAWN_NOT_POLYGON = _("The drawn area must be a shape with straight sides and at least 3 corners")
DRAWN_SELF_INTERSECTING = _("The drawn area crosses over itself. Redraw it so that its edges do not cross")
DRAWN_TOO_COMPLEX = _(
    "The drawn area must have %(max)s corners or fewer. Draw a simpler shape",
    max=format(_DRAWN_POINTS_MAX, ","),
)
DRAWN_OUTSIDE = _("The drawn area must be inside the council’s area, or overlap it")
DRAWN_NO_WARDS = _(
    "An area cannot be drawn until the council’s wards have been imported. Choose wards instead",
)


def check_drawn_area(session: Session, text: str) -> str:
    """The drawn area as compact GeoJSON geometry text, or ``ValidationFailed`` saying what is wrong.

    Accepts a GeoJSON geometry, Feature or FeatureCollection (what Leaflet.draw gives) of polygons.
    """
    text = (text or "").strip()
    if len(text) > _DRAWN_TEXT_MAX:
        raise _drawn(DRAWN_TOO_COMPLEX)
    try:
        polygons = [shape(g) for g in _polygon_geometries(json.loads(text))]
    except _NotPolygon:
        raise _drawn(DRAWN_NOT_POLYGON) from None
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, shapely.errors.ShapelyError):
        raise _drawn(DRAWN_NOT_READABLE) from None
    if not polygons:
        raise _drawn(DRAWN_NOT_POLYGON)
    if sum(len(shapely.get_coordinates(p)) for p in polygons) > _DRAWN_POINTS_MAX:
        raise _drawn(DRAWN_TOO_COMPLEX)
    for polygon in polygons:
        _check_one_polygon(polygon)
    drawn = shapely.union_all(polygons) if len(polygons) > 1 else polygons[0]
    _check_in_council_area(session, drawn)
    return shapely.to_geojson(drawn)


def _polygon_geometries(data: Any) -> list[dict[str, Any]]:
    # ``data`` is whatever JSON was sent: anything not shaped like GeoJSON fails here as not readable.
    if data.get("type") == "FeatureCollection":
        return [g for feature in data["features"] for g in _polygon_geometries(feature)]
    if data.get("type") == "Feature":
        return _polygon_geometries(data["geometry"])
    if data.get("type") in ("Polygon", "MultiPolygon"):
        return [data]
    if data.get("type") in ("Point", "MultiPoint", "LineString", "MultiLineString"):
        # Leaflet.draw's circles arrive as points with a radius GeoJSON cannot hold.
        raise _NotPolygon
    raise ValueError(_("not GeoJSON"))


class _NotPolygon(Exception):
    pass


def _check_one_polygon(polygon: BaseGeometry) -> None:
    if polygon.is_empty or any(len(ring.coords) < 4 for ring in _rings(polygon)):
        raise _drawn(DRAWN_NOT_POLYGON)
    lngs, lats = shapely.get_coordinates(polygon).T
    if (abs(lngs) > 180).any() or (abs(lats) > 90).any():
        raise _drawn(DRAWN_NOT_READABLE)
    # A shape with no area (all its corners on one line) is not a bow tie, whatever GEOS calls it.
    if polygon.convex_hull.area == 0:
        raise _drawn(DRAWN_NOT_POLYGON)
    if not polygon.is_valid:
        reason = shapely.is_valid_reason(polygon)
        raise _drawn(DRAWN_SELF_INTERSECTING if "intersection" in reason.lower() else DRAWN_NOT_POLYGON)


def _rings(polygon: BaseGeometry) -> Iterator[LinearRing]:
    # Only polygons and multipolygons get this far (see _polygon_geometries).
    parts = polygon.geoms if isinstance(polygon, MultiPolygon) else [cast(Polygon, polygon)]
    for part in parts:
        yield part.exterior
        yield from part.interiors


def _check_in_council_area(session: Session, drawn: BaseGeometry) -> None:
    """Inside or overlapping the union of the wards: it overlaps the union exactly when it overlaps a ward."""
    if session.scalar(select(Area.id).where(Area.kind == "ward").limit(1)) is None:
        raise _drawn(DRAWN_NO_WARDS)
    min_lng, min_lat, max_lng, max_lat = drawn.bounds
    candidates = session.scalars(
        select(Area).where(
            Area.kind == "ward",
            Area.min_lat <= max_lat,
            Area.max_lat >= min_lat,
            Area.min_lng <= max_lng,
            Area.max_lng >= min_lng,
        )
    )
    if not any(area_geometry(ward).intersection(drawn).area > 0 for ward in candidates):
        raise _drawn(DRAWN_OUTSIDE)


def _drawn(message: str) -> ValidationFailed:
    return ValidationFailed({"drawn_area": message})


def drawn_geometry(text: str | None) -> BaseGeometry | None:
    """A stored drawn area as a prepared shape (None when there is none)."""
    if not text:
        return None
    geom = shape(json.loads(text))
    shapely.prepare(geom)
    return geom
