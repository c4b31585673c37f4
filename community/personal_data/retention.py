"""Keeping data no longer than the privacy notice says (``flask retention apply``, run daily).

- Needs and offers are kept for 2 years after they close (met, withdrawn, expired, closed), then deleted
  with their responses, the reports about them and the notices that point at them.
- The audit log (who looked at or changed personal data) is kept for 6 years.
- Used and expired email links are deleted a day after they stop working.

The privacy notice's words are drawn from ``CLOSED_POSTS_YEARS`` and ``AUDIT_YEARS``, so they cannot drift
apart from what this enforces.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, func, or_, select
from sqlalchemy.orm import Session

from community.db import rowcount, utcnow
from community.models import (
    AccountToken,
    AuditEntry,
    Need,
    NeedStatus,
    Notification,
    Offer,
    OfferStatus,
    Report,
    Response,
)

__all__ = ["AUDIT_YEARS", "CLOSED_POSTS_YEARS", "RetentionResult", "apply_retention", "years_before"]

CLOSED_POSTS_YEARS = 2
AUDIT_YEARS = 6
_CLOSED_NEEDS = (NeedStatus.MET, NeedStatus.WITHDRAWN, NeedStatus.EXPIRED, NeedStatus.CLOSED_UNMET)
_CLOSED_OFFERS = (OfferStatus.CLOSED, OfferStatus.EXPIRED)


@dataclass(frozen=True, slots=True)
class RetentionResult:
    needs: int
    offers: int
    audit_entries: int
    links: int


def years_before(moment: datetime, years: int) -> datetime:
    """The same day ``years`` earlier (29 February becomes the 28th).

    >>> from datetime import UTC
    >>> years_before(datetime(2028, 2, 29, tzinfo=UTC), 2).date().isoformat()
    '2026-02-28'
    """
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def _old_ids(session: Session, model: type[Need] | type[Offer], closed: ColumnElement[bool],
             closed_at: ColumnElement, cutoff: datetime) -> list[int]:
    return list(session.scalars(select(model.id).where(closed, closed_at < cutoff)))


def _forget_targets(session: Session, kind: str, ids: list[int]) -> None:
    session.execute(delete(Report).where(Report.target_type == kind, Report.target_id.in_(ids)))
    session.execute(
        delete(Notification).where(Notification.target_kind == kind, Notification.target_id.in_(ids))
    )


def apply_retention(session: Session, *, now: datetime | None = None) -> RetentionResult:
    """Delete what is past its retention period at ``now``; safe to run any number of times."""
    now = now or utcnow()
    posts_cutoff = years_before(now, CLOSED_POSTS_YEARS)
    need_ids = _old_ids(session, Need, Need.status.in_(_CLOSED_NEEDS),
                        func.coalesce(Need.closed_at, Need.met_at, Need.created_at), posts_cutoff)
    offer_ids = _old_ids(session, Offer, Offer.status.in_(_CLOSED_OFFERS),
                         func.coalesce(Offer.closed_at, Offer.expires_at, Offer.created_at), posts_cutoff)
    for start in range(0, len(need_ids), 500):
        batch = need_ids[start:start + 500]
        response_ids = list(session.scalars(select(Response.id).where(Response.need_id.in_(batch))))
        _forget_targets(session, "response", response_ids)
        _forget_targets(session, "need", batch)
        session.execute(delete(Response).where(Response.need_id.in_(batch)))
        session.execute(delete(Need).where(Need.id.in_(batch)))
    for start in range(0, len(offer_ids), 500):
        batch = offer_ids[start:start + 500]
        _forget_targets(session, "offer", batch)
        session.execute(delete(Offer).where(Offer.id.in_(batch)))
    audit = session.execute(delete(AuditEntry).where(AuditEntry.created_at < years_before(now, AUDIT_YEARS)))
    links = session.execute(delete(AccountToken).where(or_(
        AccountToken.expires_at < now - timedelta(days=1),
        and_(AccountToken.used_at.is_not(None), AccountToken.used_at < now - timedelta(days=1)),
    )))
    session.flush()
    return RetentionResult(needs=len(need_ids), offers=len(offer_ids), audit_entries=rowcount(audit),
                           links=rowcount(links))
