"""Read-only summaries for the home page: a connector's headline figures, a coordinator's groups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from community.db import utcnow
from community.groups.manage import STALE_AFTER
from community.models import Group, Need
from community.models.posts import NEED_OPEN_STATUSES

__all__ = ["CouncilOverview", "get_council_overview", "MET_WINDOW"]

# "Met recently" for the headline figure.
MET_WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class CouncilOverview:
    open_needs: int
    met_last_30_days: int
    active_groups: int
    stale_groups: int


def get_council_overview(session: Session, *, now: datetime | None = None) -> CouncilOverview:
    """Headline figures for a connector.

    Open needs are those still waiting or being worked on (hidden ones excluded: moderators took them
    down). A group is stale when nobody has confirmed its details in the last 12 months, or ever.
    """
    now = now or utcnow()
    open_needs = session.scalar(
        select(func.count(Need.id)).where(Need.status.in_(NEED_OPEN_STATUSES), Need.hidden.is_(False))
    )
    met_recently = session.scalar(
        select(func.count(Need.id)).where(Need.status == "met", Need.met_at >= now - MET_WINDOW)
    )
    active = select(func.count(Group.id)).where(Group.closed_at.is_(None))
    active_groups = session.scalar(active)
    stale_groups = session.scalar(
        active.where(or_(Group.assured_at.is_(None), Group.assured_at < now - STALE_AFTER))
    )
    return CouncilOverview(
        open_needs=open_needs or 0,
        met_last_30_days=met_recently or 0,
        active_groups=active_groups or 0,
        stale_groups=stale_groups or 0,
    )


