"""Needs, offers, responses and reports."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session

from community.models import (
    Need,
    NeedStatus,
    Offer,
    OfferStatus,
    Report,
    Response,
    ResponseStatus,
    User,
)
from community.models.posts import NEED_OPEN_STATUSES
from community.personal_data.registry import Erasure, register, row_dict


def _theirs(user: User) -> ColumnElement[bool]:
    return or_(Need.requester_id == user.id, Need.posted_by_id == user.id)


def _needs(session: Session, user: User) -> list[dict[str, Any]]:
    return [row_dict(n) for n in session.scalars(select(Need).where(_theirs(user)).order_by(Need.id))]


def _close_needs(session: Session, erasure: Erasure) -> None:
    # Kept, closed and nameless, for the two years the privacy notice gives (see retention).
    user = erasure.user
    session.execute(
        update(Need).where(Need.requester_id == user.id, Need.status.in_(NEED_OPEN_STATUSES))
        .values(status=NeedStatus.WITHDRAWN, closed_at=erasure.now)
    )
    session.execute(update(Need).where(Need.assigned_to_id == user.id).values(assigned_to_id=None))


register("needs", export=_needs, erase=_close_needs,
         free_text=("title", "body", "unmet_reason", "on_behalf_name", "on_behalf_contact",
                    "consent_statement"))


def _offers(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(select(Offer).where(Offer.user_id == user.id).order_by(Offer.id))
    return [row_dict(o) for o in rows]


def _close_offers(session: Session, erasure: Erasure) -> None:
    session.execute(
        update(Offer)
        .where(Offer.user_id == erasure.user.id, Offer.status.in_((OfferStatus.ACTIVE, OfferStatus.PAUSED)))
        .values(status=OfferStatus.CLOSED, closed_at=erasure.now)
    )


register("offers", export=_offers, erase=_close_offers, free_text=("title", "body", "availability"))


def _responses(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(select(Response).where(Response.helper_id == user.id).order_by(Response.id))
    return [row_dict(r) for r in rows]


def _withdraw_responses(session: Session, erasure: Erasure) -> None:
    user = erasure.user
    session.execute(
        update(Response).where(Response.helper_id == user.id, Response.status == ResponseStatus.OFFERED)
        .values(status=ResponseStatus.WITHDRAWN, decided_at=erasure.now)
    )
    # Their messages go whole; messages to them only lose their name (free_text).
    session.execute(update(Response).where(Response.helper_id == user.id).values(message=""))


register("responses", export=_responses, erase=_withdraw_responses, free_text=("message",))


def _reports(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(select(Report).where(Report.reporter_id == user.id).order_by(Report.id))
    return [row_dict(r) for r in rows]


# Reports stay for the moderators' record (the reporter becomes the anonymised account); their words and
# the moderators' notes lose the person's name.
register("reports", export=_reports, free_text=("reason", "note"))
