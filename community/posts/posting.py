"""What every post has, need or offer: a place, a kind of help, a title and details.

Needs (``community.posts.needs``) and offers (``community.posts.offers``) check these the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from community.errors import ValidationFailed
from community.i18n import _
from community.limits import TextLimit
from community.models import Category, Need, Offer, User
from community.places.categories import is_choosable
from community.places.locations import Place, home_place, resolve_place
from community.places.privacy import public_position

__all__ = [
    "LocationChoice",
    "place_for",
    "category_or_error",
    "check_texts",
    "locate_post",
    "TITLE",
    "BODY",
    "TITLE_MAX",
    "BODY_MAX",
]

TITLE, BODY = TextLimit(_("Title"), 120), TextLimit(_("Details"), 5000)
TITLE_MAX, BODY_MAX = TITLE.max, BODY.max


@dataclass(frozen=True, slots=True)
class LocationChoice:
    """Home, or another place: a ward, optionally a pin or a postcode within it."""

    use_home: bool = True
    area_id: int | None = None
    postcode: str | None = None
    lat: float | None = None
    lng: float | None = None


def place_for(session: Session, user: User, choice: LocationChoice | None) -> Place:
    choice = choice or LocationChoice()
    if choice.use_home:
        place = home_place(user)
        if place is None:
            raise ValidationFailed({"location": _("Set your home location first, or choose another place")})
        return place
    return resolve_place(
        session, area_id=choice.area_id, lat=choice.lat, lng=choice.lng, postcode=choice.postcode
    )


def category_or_error(session: Session, category_id: int | None, *, current: int | None = None) -> Category:
    """The chosen category; a retired one only if the post already has it (``current``)."""
    category = session.get(Category, category_id) if category_id is not None else None
    if category is None or not is_choosable(category, current=current):
        raise ValidationFailed({"category_id": _("Select the type of help")})
    return category


def check_texts(title: str, body: str, errors: dict[str, str], *, what: str) -> None:
    if not title:
        errors["title"] = _("Enter a short title for %(what)s", what=what)
    elif TITLE.exceeded_by(title):
        errors["title"] = TITLE.message
    if BODY.exceeded_by(body):
        errors["body"] = BODY.message


def locate_post(post: Need | Offer, place: Place, salt: str) -> None:
    post.lat, post.lng, post.area_id = place.lat, place.lng, place.area_id
    post.public_lat, post.public_lng = public_position(place.lat, place.lng, salt=salt)


