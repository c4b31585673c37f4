"""Posts age out: a "still needed?" reminder first, then expiry. Safe to run as often as you like.

A need is reminded a few days before it ends and expires only once its date has passed *and* its poster
has had at least ``MIN_NOTICE`` since the reminder, so nobody's request vanishes without warning, even if
the command was not run for a while. Needs someone is already helping with (in progress) do not expire.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from community.db import utcnow
from community.i18n import _
from community.models import Need, NeedStatus, Offer, OfferStatus, Response, ResponseStatus
from community.notifications import Target, notify, notify_many

__all__ = ["ExpiryResult", "age_posts", "send_need_reminders", "expire_needs", "expire_offers",
           "REMINDER_LEAD", "MIN_NOTICE"]

REMINDER_LEAD = timedelta(days=3)
MIN_NOTICE = timedelta(days=2)


@dataclass(frozen=True, slots=True)
class ExpiryResult:
    reminded: int
    needs_expired: int
    offers_expired: int


def send_need_reminders(session: Session, *, now: datetime | None = None) -> int:
    now = now or utcnow()
    needs = session.scalars(
        select(Need).where(
            Need.status == NeedStatus.OPEN,
            Need.reminded_at.is_(None),
            Need.expires_at.is_not(None),
            Need.expires_at <= now + REMINDER_LEAD,
        )
    ).all()
    for need in needs:
        need.reminded_at = now
        notify(
            session,
            user_id=need.posted_by_id,
            kind="still_needed",
            message=_(
                "Is “%(title)s” still needed? It will close soon unless you renew it.",
                title=need.title,
            ),
            target=Target("need", need.id, "renew"),
        )
    session.flush()
    return len(needs)


def expire_needs(session: Session, *, now: datetime | None = None) -> int:
    now = now or utcnow()
    needs = session.scalars(
        select(Need).where(
            Need.status == NeedStatus.OPEN,
            Need.expires_at <= now,
            Need.reminded_at.is_not(None),
            Need.reminded_at <= now - MIN_NOTICE,
        )
    ).all()
    for need in needs:
        need.status, need.closed_at = NeedStatus.EXPIRED, now
        offered = session.scalars(
            select(Response).where(Response.need_id == need.id, Response.status == ResponseStatus.OFFERED)
        ).all()
        for response in offered:
            response.status, response.decided_at = ResponseStatus.WITHDRAWN, now
        session.flush()
        notify(
            session,
            user_id=need.posted_by_id,
            kind="need_expired",
            message=_(
                "“%(title)s” has closed because it was not renewed. You can renew it if you still need help.",
                title=need.title,
            ),
            target=Target("need", need.id),
        )
        notify_many(
            session,
            user_ids=[r.helper_id for r in offered],
            kind="need_expired",
            message=_("“%(title)s” has closed. Thank you for offering to help.", title=need.title),
            target=Target("need", need.id),
        )
    return len(needs)


def expire_offers(session: Session, *, now: datetime | None = None) -> int:
    now = now or utcnow()
    offers = session.scalars(
        select(Offer).where(
            Offer.status.in_((OfferStatus.ACTIVE, OfferStatus.PAUSED)), Offer.expires_at <= now
        )
    ).all()
    for offer in offers:
        offer.status, offer.closed_at = OfferStatus.EXPIRED, now
        session.flush()
        notify(
            session,
            user_id=offer.user_id,
            kind="offer_expired",
            message=_("Your offer “%(title)s” has ended. Renew it if you can still help.", title=offer.title),
            target=Target("offer", offer.id),
        )
    return len(offers)


def age_posts(session: Session, *, now: datetime | None = None) -> ExpiryResult:
    """Reminders first, so a need found late still gets its warning before it can expire."""
    now = now or utcnow()
    reminded = send_need_reminders(session, now=now)
    return ExpiryResult(reminded, expire_needs(session, now=now), expire_offers(session, now=now))
