"""Location privacy: the blurred, deterministic public position of a private point.

Donut masking: every public position is moved at least ``MIN_METRES`` and at most ``MAX_METRES`` from the
true point, in a direction and distance derived from an HMAC of the true point. The same point always lands
in the same place, so repeated views (or many posts from one home) cannot be averaged back to it, and
unlike snapping to a grid the displacement has a guaranteed minimum.
"""

from __future__ import annotations

import hashlib
import hmac
import math

from community.i18n import _

__all__ = ["DISTANCE_BANDS", "distance_band", "public_position", "MIN_METRES", "MAX_METRES", "metres_between"]

MIN_METRES = 200.0
MAX_METRES = 500.0
EARTH_RADIUS_M = 6_371_008.8


def public_position(lat: float, lng: float, *, salt: str) -> tuple[float, float]:
    """Return the public position for a private point.

    >>> p = public_position(51.5130, -0.3089, salt="s")
    >>> p == public_position(51.5130, -0.3089, salt="s")
    True
    >>> MIN_METRES <= metres_between(51.5130, -0.3089, *p) <= MAX_METRES
    True
    """
    # Rounding to ~1 m keeps float noise from moving the public point.
    key = f"{lat:.5f},{lng:.5f}".encode()
    digest = hmac.new(salt.encode(), key, hashlib.sha256).digest()
    u1 = int.from_bytes(digest[:8], "big") / 2**64
    u2 = int.from_bytes(digest[8:16], "big") / 2**64
    bearing = 2 * math.pi * u1
    # sqrt spreads points evenly over the ring's area rather than bunching them at its inner edge.
    distance = math.sqrt(MIN_METRES**2 + u2 * (MAX_METRES**2 - MIN_METRES**2))
    dlat = (distance * math.cos(bearing)) / EARTH_RADIUS_M
    dlng = (distance * math.sin(bearing)) / (EARTH_RADIUS_M * math.cos(math.radians(lat)))
    return round(lat + math.degrees(dlat), 6), round(lng + math.degrees(dlng), 6)


def metres_between(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres.

    >>> round(metres_between(51.5, -0.3, 51.5, -0.3))
    0
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


# (upper bound in metres, label): the first band whose bound is above the distance.
DISTANCE_BANDS: tuple[tuple[float, str], ...] = (
    (1_000.0, _("under 1 km")),
    (2_000.0, _("1 to 2 km")),
    (5_000.0, _("2 to 5 km")),
    (float("inf"), _("over 5 km")),
)


def distance_band(metres: float) -> str:
    """A coarse label for a distance, so that repeated searches cannot triangulate a point.

    >>> distance_band(250), distance_band(1000), distance_band(4999), distance_band(12000)
    ('under 1 km', '1 to 2 km', '2 to 5 km', 'over 5 km')
    """
    for bound, label in DISTANCE_BANDS:
        if metres < bound:
            return label
    return DISTANCE_BANDS[-1][1]
