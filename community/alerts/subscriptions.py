"""What a person subscribes to: new needs or offers, in a place, of some kinds of help, at some pace.

A place is one of: around their home within a distance (``near_home``, needs their home on the map), chosen
wards (``wards``), or the wards a group serves (``group_area``). No kinds of help chosen means every kind.
Coordinators and connectors also get a digest their role brings; they can stop it (``set_digest``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from community.errors import NotFound, ValidationFailed
from community.i18n import _
from community.models import (
    AlertFrequency,
    AlertPlace,
    AlertPostKind,
    AlertSubscription,
    Area,
    Category,
    DigestOptOut,
    Group,
    Membership,
    User,
)

__all__ = [
    "RADIUS_CHOICES_KM",
    "MAX_SUBSCRIPTIONS",
    "DIGESTS",
    "Digest",
    "create_subscription",
    "list_subscriptions",
    "delete_subscription",
    "digests_for",
    "set_digest",
    "unsubscribe",
    "unsubscribe_key",
]

RADIUS_CHOICES_KM = (0.5, 1.0, 2.0, 5.0)
MAX_SUBSCRIPTIONS = 20
MAX_WARDS = 30
DIGESTS = ("coordinator", "connector")


def unsubscribe_key(subscription: AlertSubscription) -> str:
    """What a one-click unsubscribe from this subscription's email stops."""
    return f"subscription:{subscription.id}"


def create_subscription(
    session: Session, *, user: User, post_kind: str, place: str, frequency: str,
    radius_km: float | None = None, area_ids: Iterable[int] = (), group_id: int | None = None,
    category_ids: Iterable[int] = (),
) -> AlertSubscription:
    errors: dict[str, str] = {}
    if post_kind not in {k.value for k in AlertPostKind}:
        errors["post_kind"] = _("Select needs or offers")
    if frequency not in {f.value for f in AlertFrequency}:
        errors["frequency"] = _("Select how often you want emails")
    areas: list[Area] = []
    group: Group | None = None
    if place == AlertPlace.NEAR_HOME:
        if not user.has_home:
            errors["place"] = _("Set your home on the map first, or choose wards or a group's area")
        elif radius_km not in RADIUS_CHOICES_KM:
            errors["radius_km"] = _("Select a distance")
    elif place == AlertPlace.WARDS:
        wanted = list(dict.fromkeys(area_ids))
        areas = list(session.scalars(select(Area).where(Area.id.in_(wanted), Area.kind == "ward")))
        if not wanted:
            errors["area_ids"] = _("Select at least one ward")
        elif len(areas) != len(wanted):
            errors["area_ids"] = _("Select wards from the list")
        elif len(areas) > MAX_WARDS:
            errors["area_ids"] = _("Select %(max)d wards or fewer", max=MAX_WARDS)
    elif place == AlertPlace.GROUP_AREA:
        group = session.get(Group, group_id) if group_id is not None else None
        if group is None:
            errors["group_id"] = _("Select a group")
    else:
        errors["place"] = _("Select where")
    wanted_categories = list(dict.fromkeys(category_ids))
    categories = list(session.scalars(
        select(Category).where(Category.id.in_(wanted_categories), Category.retired_at.is_(None))
    ))
    if len(categories) != len(wanted_categories):
        errors["category_ids"] = _("Select kinds of help from the list")
    if len(list_subscriptions(session, user=user)) >= MAX_SUBSCRIPTIONS:
        errors["post_kind"] = _("You have %(max)d alerts already: remove one first", max=MAX_SUBSCRIPTIONS)
    if errors:
        raise ValidationFailed(errors)
    subscription = AlertSubscription(
        user_id=user.id, post_kind=post_kind, place=place, frequency=frequency,
        radius_km=radius_km if place == AlertPlace.NEAR_HOME else None,
        group_id=group.id if group is not None else None, areas=areas, categories=categories,
    )
    session.add(subscription)
    session.flush()
    return subscription


def list_subscriptions(session: Session, *, user: User) -> list[AlertSubscription]:
    return list(session.scalars(
        select(AlertSubscription).where(AlertSubscription.user_id == user.id)
        .options(selectinload(AlertSubscription.areas), selectinload(AlertSubscription.categories),
                 selectinload(AlertSubscription.group))
        .order_by(AlertSubscription.id)
    ))


def _own(session: Session, user_id: int, subscription_id: int) -> AlertSubscription:
    subscription = session.get(AlertSubscription, subscription_id)
    # Someone else's alert is "not found", never "forbidden".
    if subscription is None or subscription.user_id != user_id:
        raise NotFound(_("Alert not found"))
    return subscription


def delete_subscription(session: Session, *, user: User, subscription_id: int) -> None:
    session.delete(_own(session, user.id, subscription_id))
    session.flush()


@dataclass(frozen=True, slots=True)
class Digest:
    name: str  # "coordinator" or "connector"
    receiving: bool


def _digests_of_role(session: Session, user: User) -> list[str]:
    found = []
    coordinating = session.scalar(
        select(Membership.id).where(Membership.user_id == user.id, Membership.status == "active",
                                    Membership.role == "coordinator").limit(1)
    )
    if coordinating is not None:
        found.append("coordinator")
    if user.is_connector:
        found.append("connector")
    return found


def digests_for(session: Session, *, user: User) -> list[Digest]:
    """The digests ``user``'s roles bring, and whether they get each."""
    stopped = set(session.scalars(select(DigestOptOut.digest).where(DigestOptOut.user_id == user.id)))
    return [Digest(name, name not in stopped) for name in _digests_of_role(session, user)]


def set_digest(session: Session, *, user_id: int, digest: str, receiving: bool) -> None:
    if digest not in DIGESTS:
        raise NotFound(_("There is no such digest"))
    session.execute(
        delete(DigestOptOut).where(DigestOptOut.user_id == user_id, DigestOptOut.digest == digest)
    )
    if not receiving:
        session.add(DigestOptOut(user_id=user_id, digest=digest))
    session.flush()


def unsubscribe(session: Session, *, user_id: int, what: str) -> str:
    """Stop what a one-click unsubscribe names (``subscription:12``, ``digest:coordinator``).

    Returns ``"alert"`` or ``"digest"``. Doing it twice is harmless: an alert already removed is not an
    error, so a mail program that posts twice gets the same answer.
    """
    kind, _sep, value = what.partition(":")
    if kind == "subscription" and value.isdigit():
        subscription = session.get(AlertSubscription, int(value))
        if subscription is not None and subscription.user_id == user_id:
            session.delete(subscription)
            session.flush()
        return "alert"
    if kind == "digest" and value in DIGESTS:
        set_digest(session, user_id=user_id, digest=value, receiving=False)
        return "digest"
    raise NotFound(_("This unsubscribe link is not valid"))
