"""Where a map of the council's area starts: the middle of the loaded wards, at a zoom that fits them.

Every map view asks here (``wards_view``), so no view keeps a place of its own. Before any wards are
imported the map starts on a neutral view of Great Britain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from community.models import Area

__all__ = ["MapView", "FALLBACK_VIEW", "view_of_bounds", "wards_view"]

# The map frames are about this big, in CSS pixels; a view fits the wards into them.
FRAME_WIDTH, FRAME_HEIGHT = 600, 400
_TILE = 256
MAX_ZOOM = 16


@dataclass(frozen=True, slots=True)
class MapView:
    centre: tuple[float, float]
    zoom: int


# No wards yet: the whole of Great Britain, since Weave's wards and postcodes are the UK's.
FALLBACK_VIEW = MapView(centre=(54.5, -3.0), zoom=6)


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def view_of_bounds(min_lat: float, min_lng: float, max_lat: float, max_lng: float) -> MapView:
    """The middle of a box, and the closest zoom at which all of it fits in a map frame.

    >>> view_of_bounds(51.49, -0.42, 51.56, -0.245)  # a London borough's wards
    MapView(centre=(51.525, -0.3325), zoom=12)
    >>> view_of_bounds(51.50, -0.32, 51.52, -0.30).zoom  # one small ward
    14
    """
    centre = ((min_lat + max_lat) / 2, (min_lng + max_lng) / 2)
    lng_span = max(max_lng - min_lng, 1e-9) / 360
    y_span = max(_mercator_y(max_lat) - _mercator_y(min_lat), 1e-9) / (2 * math.pi)
    fits = min(math.log2(FRAME_WIDTH / (_TILE * lng_span)), math.log2(FRAME_HEIGHT / (_TILE * y_span)))
    zoom = max(FALLBACK_VIEW.zoom, min(MAX_ZOOM, math.floor(fits)))
    return MapView(centre=(round(centre[0], 6), round(centre[1], 6)), zoom=zoom)


def wards_view(session: Session) -> MapView:
    """Where a map of everything starts: all the loaded wards in view, or ``FALLBACK_VIEW``."""
    box = session.execute(
        select(func.min(Area.min_lat), func.min(Area.min_lng), func.max(Area.max_lat), func.max(Area.max_lng))
        .where(Area.kind == "ward")
    ).one()
    if box[0] is None:
        return FALLBACK_VIEW
    return view_of_bounds(*(float(value) for value in box))
