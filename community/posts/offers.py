"""Offers of help: post, change, pause, resume, close and renew (offers last eight weeks by default)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from community.accounts.access import is_active_member
from community.db import utcnow
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.i18n import _
from community.limits import TextLimit
from community.models import Category, Offer, OfferStatus, User
from community.posts.posting import LocationChoice, category_or_error, check_texts, locate_post, place_for

__all__ = [
    "OfferDetails",
    "post_offer",
    "edit_offer",
    "pause_offer",
    "resume_offer",
    "close_offer",
    "renew_offer",
    "get_offer",
    "OFFER_LIFETIME",
    "MAX_RADIUS_KM",
    "OFFER_AVAILABILITY",
]

OFFER_LIFETIME = timedelta(weeks=8)
MAX_RADIUS_KM = 20.0
OFFER_AVAILABILITY = TextLimit(_("Availability"), 255)


@dataclass(frozen=True, slots=True)
class OfferDetails:
    category_id: int | None
    title: str
    body: str
    radius_km: float | None
    availability: str = ""
    expires_on: date | None = None
    group_id: int | None = None
    location: LocationChoice | None = None


def _check_offer(
    session: Session, helper: User, details: OfferDetails, *, today: date, current_category: int | None = None
) -> Category:
    errors: dict[str, str] = {}
    category = None
    try:
        category = category_or_error(session, details.category_id, current=current_category)
    except ValidationFailed as error:
        errors.update(error.errors)
    check_texts(details.title.strip(), details.body.strip(), errors, what=_("your offer"))
    if details.radius_km is None:
        errors["radius_km"] = _("Enter how far you will go, in kilometres")
    elif not 0.1 <= details.radius_km <= MAX_RADIUS_KM:
        errors["radius_km"] = _(
            "How far you will go must be between 0.1 and %(max)s km", max=format(MAX_RADIUS_KM, "g")
        )
    if OFFER_AVAILABILITY.exceeded_by(details.availability):
        errors["availability"] = OFFER_AVAILABILITY.message
    if details.expires_on is not None and details.expires_on <= today:
        errors["expires_on"] = _("The date your offer ends must be in the future")
    if details.group_id is not None:
        if not is_active_member(session, helper.id, details.group_id):
            errors["group_id"] = _("Select a group you are an active member of")
    if errors:
        raise ValidationFailed(errors)
    assert category is not None
    return category


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59), tzinfo=UTC)


def post_offer(
    session: Session, *, helper: User, details: OfferDetails, salt: str, now: datetime | None = None
) -> Offer:
    now = now or utcnow()
    category = _check_offer(session, helper, details, today=now.date())
    place = place_for(session, helper, details.location)
    offer = Offer(
        user_id=helper.id,
        group_id=details.group_id,
        category_id=category.id,
        title=details.title.strip(),
        body=details.body.strip(),
        radius_km=float(details.radius_km or 2.0),
        availability=details.availability.strip(),
        status=OfferStatus.ACTIVE,
        created_at=now,
        expires_at=_end_of(details.expires_on) if details.expires_on else now + OFFER_LIFETIME,
    )
    locate_post(offer, place, salt)
    session.add(offer)
    session.flush()
    return offer


def get_offer(session: Session, offer_id: int) -> Offer:
    offer = session.get(Offer, offer_id)
    if offer is None:
        raise NotFound(_("Offer not found"))
    return offer


def _own_offer(session: Session, offer_id: int, actor: User) -> Offer:
    offer = get_offer(session, offer_id)
    if offer.user_id != actor.id:
        if actor.is_connector:
            raise PermissionDenied(_("Only the person who made this offer can change it."))
        raise NotFound(_("Offer not found"))
    return offer


def edit_offer(
    session: Session, *, offer_id: int, actor: User, details: OfferDetails, salt: str
) -> Offer:
    offer = _own_offer(session, offer_id, actor)
    if offer.status not in (OfferStatus.ACTIVE, OfferStatus.PAUSED):
        raise Conflict(_("A closed offer cannot be changed."))
    category = _check_offer(
        session, actor, details, today=utcnow().date(), current_category=offer.category_id
    )
    offer.category_id, offer.title, offer.body = category.id, details.title.strip(), details.body.strip()
    offer.radius_km, offer.availability = float(details.radius_km or 2.0), details.availability.strip()
    offer.group_id = details.group_id
    if details.expires_on is not None:
        offer.expires_at = _end_of(details.expires_on)
    if details.location is not None:
        locate_post(offer, place_for(session, actor, details.location), salt)
    session.flush()
    return offer


def _set_offer_status(
    session: Session, offer_id: int, actor: User, status: OfferStatus, allowed: tuple[OfferStatus, ...]
) -> Offer:
    offer = _own_offer(session, offer_id, actor)
    if offer.status not in allowed:
        raise Conflict(_("This offer is %(status)s and cannot be changed like that.", status=offer.status))
    offer.status = status
    offer.closed_at = utcnow() if status == OfferStatus.CLOSED else None
    session.flush()
    return offer


def pause_offer(session: Session, *, offer_id: int, actor: User) -> Offer:
    return _set_offer_status(session, offer_id, actor, OfferStatus.PAUSED, (OfferStatus.ACTIVE,))


def resume_offer(session: Session, *, offer_id: int, actor: User) -> Offer:
    return _set_offer_status(session, offer_id, actor, OfferStatus.ACTIVE, (OfferStatus.PAUSED,))


def close_offer(session: Session, *, offer_id: int, actor: User) -> Offer:
    return _set_offer_status(
        session, offer_id, actor, OfferStatus.CLOSED, (OfferStatus.ACTIVE, OfferStatus.PAUSED)
    )


def renew_offer(session: Session, *, offer_id: int, actor: User, now: datetime | None = None) -> Offer:
    now = now or utcnow()
    offer = _own_offer(session, offer_id, actor)
    if offer.status not in (OfferStatus.ACTIVE, OfferStatus.PAUSED, OfferStatus.EXPIRED):
        raise Conflict(_("A closed offer cannot be renewed."))
    offer.status = OfferStatus.ACTIVE if offer.status == OfferStatus.EXPIRED else offer.status
    offer.expires_at, offer.closed_at = now + OFFER_LIFETIME, None
    session.flush()
    return offer
