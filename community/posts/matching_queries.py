"""The queries behind matching: candidate offers and volunteers for a need, their records and checks.

Each narrows with indexed columns (status and category; ward and category; helper) and a bounding box, and
returns plain rows; ``community.posts.matching`` does the ranking in Python.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, func, or_, select
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

__all__ = ["offer_candidates", "volunteer_candidates", "reliability_counts", "allowed_helpers",
           "VOLUNTEER_RADIUS_KM"]

VOLUNTEER_RADIUS_KM = 3.0
_DEG_PER_KM = 1 / 111.32


def reliability_counts(session: Session, user_ids: list[int], since: datetime) -> dict[int, tuple[int, int]]:
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    if not user_ids:
        return {}
    rows = session.execute(
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


def offer_candidates(session: Session, need: Need, excluded: set[int]) -> Sequence[Row]:
    # Each offer's own radius bounds the box; SQL compares the cheap part, Python the exact distance.
    reach = Offer.radius_km * _DEG_PER_KM
    reach_lng = Offer.radius_km * (_DEG_PER_KM / max(math.cos(math.radians(need.lat)), 0.01))
    return session.execute(
        select(Offer.id, Offer.user_id, Offer.group_id, Offer.lat, Offer.lng, Offer.public_lat,
               Offer.public_lng, Offer.radius_km, Offer.availability, User.display_name)
        .join(User, User.id == Offer.user_id)
        .where(
            Offer.status == "active",
            Offer.category_id == need.category_id,
            Offer.hidden.is_(False),
            User.deleted_at.is_(None),
            Offer.lat.between(need.lat - reach, need.lat + reach),
            Offer.lng.between(need.lng - reach_lng, need.lng + reach_lng),
            Offer.user_id.not_in(excluded),
        )
    ).all()


def volunteer_candidates(session: Session, need: Need, excluded: set[int]) -> Sequence[Row]:
    """Active members of groups serving the need's ward who volunteer for its category and live nearby.

    A member who chose categories volunteers for those; one who chose none, for all their group serves.
    """
    if need.area_id is None:
        return []
    box = bounding_box(need.lat, need.lng, VOLUNTEER_RADIUS_KM * 1000)
    chose = select(membership_categories.c.category_id).where(
        membership_categories.c.membership_id == Membership.id
    )
    # A member's categories are a subset of their group's, so the group must serve the category either way.
    serving = (
        select(group_areas.c.group_id)
        .join(group_categories, group_categories.c.group_id == group_areas.c.group_id)
        .where(group_areas.c.area_id == need.area_id, group_categories.c.category_id == need.category_id)
    )
    for_category = or_(
        chose.where(membership_categories.c.category_id == need.category_id).exists(), ~chose.exists()
    )
    return session.execute(
        select(Membership.user_id, Membership.group_id, User.home_lat, User.home_lng,
               Membership.availability, User.display_name)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.group_id.in_(serving.scalar_subquery()),
            Membership.status == "active",
            for_category,
            User.deleted_at.is_(None),
            User.home_lat.between(box[0], box[1]),
            User.home_lng.between(box[2], box[3]),
            Membership.user_id.not_in(excluded),
        )
    ).all()


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
