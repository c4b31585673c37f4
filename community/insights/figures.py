"""The headline figures a connector reads, defined once.

The home page's council overview and the council dashboard show the same figures under the same names
and over the same periods, because both read them from here:

- **waiting for someone to help**: needs still open (nobody has taken them on), not hidden by moderators;
- **being helped now**: needs someone has taken on (in progress), not hidden;
- **met in the last 30 days**, compared with **the 30 days before** (two like periods, never "so far this
  month" against a whole month);
- **closed without help in the last 30 days**: closed as not met, or expired, in those 30 days;
- **active groups**, and of them those **not confirmed in the last 12 months** (or ever).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from community.db import utcnow
from community.groups.manage import STALE_AFTER
from community.i18n import _
from community.models import Group, Need, NeedStatus

__all__ = ["PERIOD", "HeadlineFigures", "Trend", "headline_figures"]

# The period every "recent" headline figure covers, and what it is compared with: the period before it.
PERIOD = timedelta(days=30)


@dataclass(frozen=True)
class Trend:
    """A count in the last ``PERIOD`` and in the ``PERIOD`` before it."""

    recent: int
    previous: int

    @property
    def change(self) -> int:
        return self.recent - self.previous

    @property
    def words(self) -> str:
        """"up 3 on the 30 days before" / "down 2 on the 30 days before" / "the same as the 30 days
        before"."""
        if self.change == 0:
            return _("the same as the 30 days before")
        if self.change > 0:
            return _("up %(change)s on the 30 days before", change=self.change)
        return _("down %(change)s on the 30 days before", change=-self.change)


@dataclass(frozen=True)
class HeadlineFigures:
    waiting: int
    being_helped: int
    met: Trend
    closed_unmet: int
    active_groups: int
    stale_groups: int


def _needs(session: Session, *conditions: ColumnElement[bool]) -> int:
    # count(*), not count(id): the (status, met_at) and (status, closed_at) indexes answer it alone.
    return session.scalar(select(func.count()).select_from(Need).where(*conditions)) or 0


def headline_figures(session: Session, *, now: datetime | None = None) -> HeadlineFigures:
    """The figures, as the module's docstring defines them, at ``now``."""
    now = now or utcnow()
    start, before = now - PERIOD, now - 2 * PERIOD
    shown = Need.hidden.is_(False)
    met = Need.status == NeedStatus.MET
    active = select(func.count(Group.id)).where(Group.closed_at.is_(None))
    return HeadlineFigures(
        waiting=_needs(session, Need.status == NeedStatus.OPEN, shown),
        being_helped=_needs(session, Need.status == NeedStatus.IN_PROGRESS, shown),
        met=Trend(
            recent=_needs(session, met, Need.met_at >= start, Need.met_at <= now),
            previous=_needs(session, met, Need.met_at >= before, Need.met_at < start),
        ),
        closed_unmet=_needs(
            session, Need.status.in_((NeedStatus.CLOSED_UNMET, NeedStatus.EXPIRED)),
            Need.closed_at >= start, Need.closed_at <= now,
        ),
        active_groups=session.scalar(active) or 0,
        stale_groups=session.scalar(
            active.where(or_(Group.assured_at.is_(None), Group.assured_at < now - STALE_AFTER))
        ) or 0,
    )
