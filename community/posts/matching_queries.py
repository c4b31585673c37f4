"""The queries behind matching: candidate offers and volunteers for a need, their records and checks.

Each narrows with indexed columns (status and category; ward and category; helper) and a bounding box, and
returns plain rows; ``community.posts.matching`` does the ranking in Python.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Float,
    Integer,
    Row,
    Select,
    bindparam,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from community.models import (
    DBSCheck,
    Membership,
    Need,
    Offer,
    Response,
    User,
    group_areas,
    group_categories,
    membership_categories,
)
from community.posts.nearby import bounding_box
from community.posts.visibility import viewers_of_need

__all__ = ["offer_candidates", "volunteer_candidates", "helper_candidates", "reliability_counts",
           "allowed_helpers", "VOLUNTEER_RADIUS_KM"]

VOLUNTEER_RADIUS_KM = 3.0
_DEG_PER_KM = 1 / 111.32
_METRES_PER_DEGREE = 111_195.0  # as community.posts.matching measures


def _within(lat_column: Any, lng_column: Any, metres: Any) -> Any:
    """The equirectangular distance that ``community.posts.matching`` checks, in SQL and a metre more
    generous: it only spares the rows in the box's corners their trip to Python, which decides."""
    dy = (lat_column - _LAT) * _METRES_PER_DEGREE
    dx = (lng_column - _LNG) * _METRES_PER_DEGREE_LNG
    return dy * dy + dx * dx <= (metres + 1) * (metres + 1)


# The need's values are bound parameters, so each statement is built once (building one and finding it in
# SQLAlchemy's cache cost more than running it) and its values are given at each run by ``_values``.
_LAT, _LNG = bindparam("need_lat", type_=Float), bindparam("need_lng", type_=Float)
_METRES_PER_DEGREE_LNG = bindparam("metres_per_degree_lng", type_=Float)
_DEG_PER_KM_LNG = bindparam("deg_per_km_lng", type_=Float)
_CATEGORY, _AREA = bindparam("category_id", type_=Integer), bindparam("area_id", type_=Integer)
_BOX = tuple(bindparam(name, type_=Float) for name in ("min_lat", "max_lat", "min_lng", "max_lng"))
_EXCLUDED = bindparam("excluded", expanding=True, type_=Integer)


def _values(need: Need, excluded: set[int]) -> dict[str, Any]:
    cos_lat = math.cos(math.radians(need.lat))
    box = bounding_box(need.lat, need.lng, VOLUNTEER_RADIUS_KM * 1000)
    return {
        "need_lat": need.lat, "need_lng": need.lng, "metres_per_degree_lng": _METRES_PER_DEGREE * cos_lat,
        "deg_per_km_lng": _DEG_PER_KM / max(cos_lat, 0.01), "category_id": need.category_id,
        "area_id": need.area_id, "min_lat": box[0], "max_lat": box[1], "min_lng": box[2], "max_lng": box[3],
        "excluded": sorted(excluded),
    }


def reliability_counts(session: Session, user_ids: list[int], since: datetime) -> dict[int, tuple[int, int]]:
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    if not user_ids:
        return {}
    # Core, not ORM, execution: plain rows, without the ORM's per-statement bookkeeping.
    rows = session.connection().execute(
        select(Response.helper_id, Response.status, func.count())
        .where(
            Response.helper_id.in_(user_ids),
            Response.status.in_(("completed", "withdrawn")),
            Response.created_at >= since,
        )
        .group_by(Response.helper_id, Response.status)
    )
    for helper_id, status, count in rows:
        counts[helper_id][0 if status == "completed" else 1] += count
    return {uid: (c[0], c[1]) for uid, c in counts.items()}


def _offers(*columns: Any) -> Select[Any]:
    # Each offer's own radius bounds the box; SQL compares the cheap part, Python the exact distance.
    reach = Offer.radius_km * _DEG_PER_KM
    reach_lng = Offer.radius_km * _DEG_PER_KM_LNG
    return (
        select(*columns)
        .select_from(Offer)
        .join(User, User.id == Offer.user_id)
        .where(
            Offer.status == "active",
            Offer.category_id == _CATEGORY,
            Offer.hidden.is_(False),
            User.deleted_at.is_(None),
            Offer.lat.between(_LAT - reach, _LAT + reach),
            Offer.lng.between(_LNG - reach_lng, _LNG + reach_lng),
            _within(Offer.lat, Offer.lng, Offer.radius_km * 1000),
            Offer.user_id.not_in(_EXCLUDED),
        )
    )


_OFFER_COLUMNS = (Offer.id, Offer.user_id, Offer.group_id, Offer.lat, Offer.lng, Offer.public_lat,
                  Offer.public_lng, Offer.radius_km, Offer.availability, User.display_name)
_VOLUNTEER_COLUMNS = (Membership.user_id, Membership.group_id, User.home_lat, User.home_lng,
                      Membership.availability, User.display_name)


def offer_candidates(session: Session, need: Need, excluded: set[int]) -> Sequence[Row]:
    """Active offers in the need's category whose helper will travel as far as the need."""
    return session.connection().execute(_offers_statement(), _values(need, excluded)).all()


def volunteer_candidates(session: Session, need: Need, excluded: set[int]) -> Sequence[Row]:
    """Active members of groups serving the need's ward who volunteer for its category and live nearby.

    A member who chose categories volunteers for those; one who chose none, for all their group serves.
    """
    if need.area_id is None:
        return []
    return session.connection().execute(_volunteers_statement(), _values(need, excluded)).all()


def helper_candidates(
    session: Session, need: Need, excluded: set[int]
) -> tuple[list[tuple], list[tuple]]:
    """``offer_candidates`` and ``volunteer_candidates`` in one round trip to the database (the rows are
    plain tuples, in the same shapes)."""
    if need.area_id is None:
        return [tuple(row) for row in offer_candidates(session, need, excluded)], []
    found_offers, found_volunteers = [], []
    rows = session.connection().execute(_helpers_statement(), _values(need, excluded)).all()
    for kind, offer_id, user_id, group_id, lat, lng, plat, plng, radius, when, name in rows:
        if kind == 0:
            found_offers.append((offer_id, user_id, group_id, lat, lng, plat, plng, radius, when, name))
        else:
            found_volunteers.append((user_id, group_id, lat, lng, when, name))
    return found_offers, found_volunteers


@cache
def _offers_statement() -> Select[Any]:
    return _offers(*_OFFER_COLUMNS)


@cache
def _volunteers_statement() -> Select[Any]:
    return _volunteers(*_VOLUNTEER_COLUMNS)


@cache
def _helpers_statement() -> CompoundSelect:
    offers = _offers(literal(0).label("kind"), *_OFFER_COLUMNS)
    volunteers = _volunteers(
        literal(1).label("kind"), null().label("id"), Membership.user_id, Membership.group_id,
        User.home_lat, User.home_lng, User.home_lat.label("public_lat"), User.home_lng.label("public_lng"),
        literal(VOLUNTEER_RADIUS_KM).label("radius_km"), Membership.availability, User.display_name,
    )
    return union_all(offers, volunteers)


def _volunteers(*columns: Any) -> Select[Any]:
    chose = select(membership_categories.c.category_id).where(
        membership_categories.c.membership_id == Membership.id
    )
    # A member's categories are a subset of their group's, so the group must serve the category either way.
    serving = (
        select(group_areas.c.group_id)
        .join(group_categories, group_categories.c.group_id == group_areas.c.group_id)
        .where(group_areas.c.area_id == _AREA, group_categories.c.category_id == _CATEGORY)
    )
    for_category = or_(
        chose.where(membership_categories.c.category_id == _CATEGORY).exists(), ~chose.exists()
    )
    return (
        select(*columns)
        .select_from(Membership)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.group_id.in_(serving.scalar_subquery()),
            Membership.status == "active",
            for_category,
            User.deleted_at.is_(None),
            User.home_lat.between(_BOX[0], _BOX[1]),
            User.home_lng.between(_BOX[2], _BOX[3]),
            _within(User.home_lat, User.home_lng, VOLUNTEER_RADIUS_KM * 1000),
            Membership.user_id.not_in(_EXCLUDED),
        )
    )


def allowed_helpers(session: Session, need: Need, user_ids: list[int], now: datetime) -> set[int]:
    """Those who may see the need (``community.posts.visibility``) and, for regulated help, hold a DBS
    check."""
    allowed = set(user_ids)
    if not allowed:
        return allowed
    allowed &= viewers_of_need(session, need, allowed)
    if allowed and need.category.regulated:
        allowed &= set(session.scalars(
            select(DBSCheck.user_id).where(
                DBSCheck.user_id.in_(allowed), DBSCheck.revoked.is_(False), DBSCheck.expires_on >= now.date()
            )
        ))
    return allowed
