"""Builders for the residents' tests: square wards around a point, postcodes, categories."""

from __future__ import annotations

import itertools
import json

from community.models import Area, Postcode

_counter = itertools.count(1)


def make_ward(session, *, name: str | None = None, centre=(51.5130, -0.3089), half_size=0.01) -> Area:
    """A square ward ``half_size`` degrees either side of ``centre`` (about 1.1 km north to south)."""
    n = next(_counter)
    lat, lng = centre
    ring = [[lng - half_size, lat - half_size], [lng + half_size, lat - half_size],
            [lng + half_size, lat + half_size], [lng - half_size, lat + half_size],
            [lng - half_size, lat - half_size]]
    area = Area(
        code=f"E0500{n:04d}", name=name or f"Ward {n}", kind="ward",
        geometry=json.dumps({"type": "Polygon", "coordinates": [ring]}),
        min_lat=lat - half_size, max_lat=lat + half_size, min_lng=lng - half_size, max_lng=lng + half_size,
        centre_lat=lat, centre_lng=lng,
    )
    session.add(area)
    session.flush()
    return area


def make_postcode(session, *, postcode: str = "W54HX", at=(51.5130, -0.3089)) -> Postcode:
    row = Postcode(postcode=postcode, lat=at[0], lng=at[1])
    session.add(row)
    session.flush()
    return row


def north_of(point, metres: float) -> tuple[float, float]:
    return point[0] + metres / 111_320.0, point[1]


def committed(db, build):
    """Run ``build(session)`` in its own session and commit, for web tests; returns what it returns."""
    from community.db import make_sessionmaker

    with make_sessionmaker(db)() as session:
        result = build(session)
        session.commit()
        return result
