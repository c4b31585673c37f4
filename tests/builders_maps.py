"""Builders for the map tests: a square ward, and people and posts at chosen points (committed by callers)."""

from __future__ import annotations

import itertools
import json

from community.models import Area

_counter = itertools.count(1)

# A quiet square of west London, about 2.2 km across, that every map test works inside.
WARD_CENTRE = (51.5130, -0.3089)
HALF_SIDE_DEGREES = 0.01
# minLng,minLat,maxLng,maxLat around the ward, with room for the public positions (up to 500 m out).
BBOX = "-0.34,51.49,-0.28,51.54"


def make_ward(session, *, name: str | None = None, centre=WARD_CENTRE, half=HALF_SIDE_DEGREES) -> Area:
    n = next(_counter)
    lat, lng = centre
    ring = [[lng - half, lat - half], [lng + half, lat - half], [lng + half, lat + half],
            [lng - half, lat + half], [lng - half, lat - half]]
    area = Area(
        code=f"E0500{n:04d}",
        name=name or f"Test Ward {n}",
        kind="ward",
        geometry=json.dumps({"type": "Polygon", "coordinates": [ring]}),
        min_lat=lat - half, max_lat=lat + half, min_lng=lng - half, max_lng=lng + half,
        centre_lat=lat, centre_lng=lng,
    )
    session.add(area)
    session.flush()
    return area


def offset(point: tuple[float, float], *, north_m: float = 0, east_m: float = 0) -> tuple[float, float]:
    """A point moved by metres (good enough over a few kilometres)."""
    import math

    lat, lng = point
    return (lat + north_m / 111_320.0, lng + east_m / (111_320.0 * math.cos(math.radians(lat))))
