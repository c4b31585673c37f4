"""Places: square wards, postcodes, categories of help, points moved by metres, and shapes to draw."""

from __future__ import annotations

import itertools
import json
import math

from sqlalchemy import select

from community.models import Area, Category, Postcode

_counter = itertools.count(1)

# The centre of the default ward: a quiet square of west London, about 2.2 km across. People, needs and
# offers are here unless a test says otherwise.
WARD_CENTRE = (51.5130, -0.3089)
HALF_SIDE_DEGREES = 0.01
# minLng,minLat,maxLng,maxLat around the default ward, with room for public positions (up to 500 m out).
BBOX = "-0.34,51.49,-0.28,51.54"

# Three wards side by side, west to east, each 0.02° square: (west, south, east, north).
WARD_BOXES = {
    "Acton Green": (-0.32, 51.50, -0.30, 51.52),
    "Brentham": (-0.30, 51.50, -0.28, 51.52),
    "Cleveland": (-0.28, 51.50, -0.26, 51.52),
}


def square(west: float, south: float, east: float, north: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
    }


def make_ward(session, *, name: str | None = None, code: str | None = None,
              box: tuple[float, float, float, float] | None = None,
              centre: tuple[float, float] = WARD_CENTRE, half: float = HALF_SIDE_DEGREES) -> Area:
    """A square ward: ``box`` (west, south, east, north) if given, else ``half`` degrees either side of
    ``centre`` (the default ward, about 2.2 km north to south)."""
    n = next(_counter)
    if box is None:
        centre_lat, centre_lng = centre
        box = (centre_lng - half, centre_lat - half, centre_lng + half, centre_lat + half)
    else:
        centre_lat, centre_lng = (box[1] + box[3]) / 2, (box[0] + box[2]) / 2
    west, south, east, north = box
    area = Area(
        # Codes of their own (E0590...), so that a test's chosen code (E05000001) never meets one.
        code=code or f"E0590{n:04d}",
        name=name or f"Ward {n}",
        kind="ward",
        geometry=json.dumps(square(west, south, east, north)),
        min_lat=south, min_lng=west, max_lat=north, max_lng=east,
        centre_lat=centre_lat, centre_lng=centre_lng,
    )
    session.add(area)
    session.flush()
    return area


def make_wards(session) -> dict[str, Area]:
    """The three wards of ``WARD_BOXES``, by name."""
    return {name: make_ward(session, name=name, box=box) for name, box in WARD_BOXES.items()}


def make_postcode(session, *, postcode: str = "W54HX", at=WARD_CENTRE) -> Postcode:
    row = Postcode(postcode=postcode, lat=at[0], lng=at[1])
    session.add(row)
    session.flush()
    return row


def make_category(session, *, slug: str = "shopping", regulated: bool = False, sensitive: bool = False):
    """The category with this slug, made the first time it is asked for."""
    category = session.scalar(select(Category).where(Category.slug == slug))
    if category is None:
        category = Category(slug=slug, name=slug.replace("-", " ").title(), regulated=regulated,
                            sensitive=sensitive)
        session.add(category)
        session.flush()
    return category


def offset(point: tuple[float, float], *, north_m: float = 0, east_m: float = 0) -> tuple[float, float]:
    """A point moved by metres (good enough over a few kilometres)."""
    lat, lng = point
    return (lat + north_m / 111_320.0, lng + east_m / (111_320.0 * math.cos(math.radians(lat))))


def north_of(point: tuple[float, float], metres: float) -> tuple[float, float]:
    return offset(point, north_m=metres)


# --- shapes a coordinator draws (what Leaflet.draw gives) -------------------------------------------


def feature(geometry: dict) -> str:
    """What Leaflet.draw's ``toGeoJSON()`` gives for one drawn shape, as text."""
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": geometry}
    ]})


BOW_TIE = {
    "type": "Polygon",
    "coordinates": [[[-0.31, 51.505], [-0.29, 51.515], [-0.29, 51.505], [-0.31, 51.515], [-0.31, 51.505]]],
}
# Over Paris: a fine polygon nowhere near the council's wards.
FAR_AWAY = square(2.30, 48.85, 2.32, 48.87)
