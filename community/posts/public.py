"""The one place a need or an offer becomes data for someone to see.

Pages, the JSON API and the map all call ``present_need`` / ``present_offer`` so that the privacy rules are
written once: everyone gets the post's coarse public position unless ``community.posts.visibility`` lets them
see the exact one, and contact details appear only for the poster and the helper whose offer was accepted.
Distances are only ever given in bands, never in metres. What they return are the typed records of
``community.posts.public_data``.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from community.errors import NotFound
from community.i18n import _
from community.models import Need, Offer, Response, User
from community.places.privacy import MIN_METRES, distance_band, metres_between, public_position
from community.posts.disclosure import disclosure_for
from community.posts.public_data import CategoryRef, Contact, Person, Position, PublicNeed, PublicOffer
from community.posts.visibility import (
    NeedAccess,
    can_manage_need,
    can_manage_offer,
    can_see_contact_details,
    can_see_exact_location,
    can_see_offer_exact_location,
    can_view_need,
    can_view_offer,
    need_access,
)

__all__ = [
    "present_need",
    "present_needs",
    "present_offer",
    "present_offers",
    "PublicNeed",
    "PublicOffer",
    "URGENCY_LABELS",
    "NEED_STATUS_LABELS",
    "OFFER_STATUS_LABELS",
    "VISIBILITY_LABELS",
    "RESPONSE_STATUS_LABELS",
]

URGENCY_LABELS = {"today": _("Today"), "this_week": _("This week"), "no_rush": _("No rush")}
NEED_STATUS_LABELS = {
    "open": _("Open"),
    "in_progress": _("In progress"),
    "met": _("Met"),
    "withdrawn": _("Withdrawn"),
    "expired": _("Expired"),
    "closed_unmet": _("Not met"),
}
OFFER_STATUS_LABELS = {"active": _(
    "Active",
), "paused": _("Paused"), "closed": _("Closed"), "expired": _("Expired")}
VISIBILITY_LABELS = {
    "public": _("Anyone nearby"),
    "groups": _("Community groups only"),
    "connectors": _("Council connectors only"),
}
RESPONSE_STATUS_LABELS = {
    "offered": _("Offered"),
    "accepted": _("Accepted"),
    "declined": _("Not taken up"),
    "withdrawn": _("Withdrawn"),
    "completed": _("Completed"),
}


Point = tuple[float, float]


def _safe_public(lat: float, lng: float, public_lat: float, public_lng: float, salt: str | None) -> Point:
    # Defence in depth: a stored public position that is not displaced (bad import, hand-edited row)
    # is never handed out; it is derived again from the exact point.
    if metres_between(lat, lng, public_lat, public_lng) >= MIN_METRES * 0.99:
        return public_lat, public_lng
    return public_position(lat, lng, salt=salt or "weave-fallback")


def _person(user: User | None) -> Person | None:
    if user is None or user.deleted_at is not None:
        return None
    return Person(name=user.display_name, email=user.email, phone=user.phone)


def _people(*users: User | None) -> tuple[Person, ...]:
    return tuple(person for person in map(_person, users) if person is not None)


def _need_contact(session: Session, need: Need, viewer: User) -> Contact | None:
    """For the poster: their accepted helper. For the accepted helper: the person to contact."""
    if viewer.id in (need.posted_by_id, need.requester_id):
        if not disclosure_for(session, viewer, need).helpers:
            return None
        helpers = session.scalars(
            select(Response).where(
                Response.need_id == need.id, Response.status.in_(("accepted", "completed"))
            )
        ).all()
        people = _people(*(r.helper for r in helpers))
        return Contact(role="helper", people=people) if people else None
    if need.requester_id is not None:
        return Contact(role="requester", people=_people(need.requester))
    # Posted on behalf of someone offline: replies go through the poster.
    return Contact(role="poster", people=_people(need.posted_by), on_behalf_name=need.on_behalf_name,
                   on_behalf_contact=need.on_behalf_contact)


def _position(exact: bool, lat: float, lng: float, public: Point, origin: Point | None) -> Position:
    shown = (lat, lng) if exact else public
    # Bands come from the public point even for those who may see the exact one, so a band never says
    # more than the map does.
    band = distance_band(metres_between(origin[0], origin[1], *public)) if origin is not None else None
    return Position(lat=shown[0], lng=shown[1], location_is_exact=exact, distance_band=band)


def _category(post: Need | Offer) -> CategoryRef:
    return CategoryRef(slug=post.category.slug, name=post.category.name)


def present_need(
    session: Session,
    need: Need,
    viewer: User | None,
    *,
    salt: str | None = None,
    origin: Point | None = None,
    access: NeedAccess | None = None,
) -> PublicNeed:
    """What ``viewer`` may know about ``need``.

    Raises ``NotFound`` when the viewer may not see the need at all (so a hidden post's existence is not
    revealed). ``origin`` (the viewer's own point) adds a distance band. ``access`` lets ``present_needs``
    pass in the answers it worked out for many needs at once; leave it alone otherwise.
    """
    if access is None:
        access = NeedAccess(
            view=can_view_need(session, viewer, need),
            exact_location=can_see_exact_location(session, viewer, need),
            contact_details=can_see_contact_details(session, viewer, need),
            manage=viewer is not None and can_manage_need(session, viewer, need),
        )
    if not access.view:
        raise NotFound(_("Need not found"))
    assert viewer is not None
    public = _safe_public(need.lat, need.lng, need.public_lat, need.public_lng, salt)
    is_owner = viewer.id in (need.posted_by_id, need.requester_id)
    return PublicNeed(
        id=need.id,
        title=need.title,
        body=need.body,
        category=_category(need),
        sensitive=bool(need.category.sensitive),
        urgency=need.urgency,
        urgency_label=URGENCY_LABELS.get(need.urgency, need.urgency),
        needed_by=need.needed_by,
        status=need.status,
        status_label=NEED_STATUS_LABELS.get(need.status, need.status),
        visibility=need.visibility,
        visibility_label=VISIBILITY_LABELS.get(need.visibility, need.visibility),
        area=need.area.name if need.area is not None else None,
        created_at=need.created_at,
        expires_at=need.expires_at,
        on_behalf=need.requester_id is None,
        # Who typed it in is shown only for on-behalf posts (a coordinator or connector) and to the
        # poster; a resident asking for themselves is not named to strangers.
        posted_by=(
            need.posted_by.display_name
            if need.posted_by is not None and (is_owner or need.requester_id is None)
            else None
        ),
        hidden=bool(need.hidden),
        is_owner=is_owner,
        can_manage=access.manage,
        can_respond=(not is_owner) and need.status == "open" and not need.hidden,
        position=_position(access.exact_location, need.lat, need.lng, public, origin),
        contact=_need_contact(session, need, viewer) if access.contact_details else None,
        on_behalf_name=need.on_behalf_name if is_owner else None,
        consent_statement=need.consent_statement if is_owner else None,
    )


def present_needs(
    session: Session,
    needs: Sequence[Need],
    viewer: User,
    *,
    salt: str | None = None,
    origin: Point | None = None,
) -> list[PublicNeed]:
    """``present_need`` for a page of needs, leaving out any the viewer may not see.

    Access is worked out for all of them at once (``community.posts.visibility.need_access``), not need by
    need.
    """
    answers = need_access(session, viewer, needs)
    return [
        present_need(session, need, viewer, salt=salt, origin=origin, access=answers[need.id])
        for need in needs
        if answers[need.id].view
    ]


def present_offer(
    session: Session,
    offer: Offer,
    viewer: User | None,
    *,
    salt: str | None = None,
    origin: Point | None = None,
) -> PublicOffer:
    """What ``viewer`` may know about ``offer``; ``NotFound`` if they may not see it."""
    if not can_view_offer(viewer, offer):
        raise NotFound(_("Offer not found"))
    assert viewer is not None
    exact = can_see_offer_exact_location(viewer, offer)
    public = _safe_public(offer.lat, offer.lng, offer.public_lat, offer.public_lng, salt)
    return PublicOffer(
        id=offer.id,
        title=offer.title,
        body=offer.body,
        category=_category(offer),
        sensitive=bool(offer.category.sensitive),
        radius_km=offer.radius_km,
        availability=offer.availability,
        status=offer.status,
        status_label=OFFER_STATUS_LABELS.get(offer.status, offer.status),
        area=offer.area.name if offer.area is not None else None,
        group=offer.group.name if offer.group is not None else None,
        offered_by=offer.user.display_name if offer.user is not None else None,
        created_at=offer.created_at,
        expires_at=offer.expires_at,
        hidden=bool(offer.hidden),
        is_owner=viewer.id == offer.user_id,
        can_manage=can_manage_offer(viewer, offer),
        position=_position(exact, offer.lat, offer.lng, public, origin),
    )


def present_offers(
    session: Session,
    offers: Sequence[Offer],
    viewer: User,
    *,
    salt: str | None = None,
    origin: Point | None = None,
) -> list[PublicOffer]:
    return [
        present_offer(session, offer, viewer, salt=salt, origin=origin)
        for offer in offers
        if can_view_offer(viewer, offer)
    ]
