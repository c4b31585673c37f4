"""What a viewer is shown of a need or an offer: typed, frozen records made by ``community.posts.public``.

Templates read them by attribute (``need.title``, ``need.contact.people``); the JSON API and the map turn
them into JSON with ``to_json()``, the one place their JSON shape is written. Field names are the JSON
keys, and a field can also be read by key (``need["title"]``), as the dicts these replaced were.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

__all__ = ["CategoryRef", "Person", "Contact", "Position", "PublicNeed", "PublicOffer", "PublicPost"]


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


class _ReadByKey:
    """``record["name"]`` reads the field ``name``, and ``"name" in record`` asks whether its JSON has that
    key: the JSON key and the attribute are the same word. (The value read is the typed one: a date, not
    its ISO text.)"""

    __slots__ = ()

    def to_json(self) -> dict[str, Any]:
        raise NotImplementedError

    def __contains__(self, key: object) -> bool:
        return key in self.to_json()

    def __getitem__(self, key: str) -> Any:
        if key not in self:
            raise KeyError(key)
        return getattr(self, key)


@dataclass(frozen=True, slots=True)
class CategoryRef(_ReadByKey):
    slug: str
    name: str

    def to_json(self) -> dict[str, Any]:
        return {"slug": self.slug, "name": self.name}


@dataclass(frozen=True, slots=True)
class Person(_ReadByKey):
    name: str
    email: str
    phone: str | None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "email": self.email, "phone": self.phone}


@dataclass(frozen=True, slots=True)
class Contact(_ReadByKey):
    """Who to contact about a need (``role``): for the poster, the accepted ``helper``; for the helper, the
    ``requester``, or the ``poster`` who posted for someone offline and passes on their details."""

    role: str
    people: tuple[Person, ...]
    on_behalf_name: str | None = None
    on_behalf_contact: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"role": self.role, "people": [p.to_json() for p in self.people]}
        if self.role == "poster":
            data["on_behalf_name"] = self.on_behalf_name
            data["on_behalf_contact"] = self.on_behalf_contact
        return data


@dataclass(frozen=True, slots=True)
class Position(_ReadByKey):
    """Where a post is shown: the public (blurred) point unless ``location_is_exact``, and a distance band
    from the viewer's point when one was given."""

    lat: float
    lng: float
    location_is_exact: bool
    distance_band: str | None

    def to_json(self) -> dict[str, Any]:
        return {"lat": self.lat, "lng": self.lng, "location_is_exact": self.location_is_exact,
                "distance_band": self.distance_band}


@dataclass(frozen=True, slots=True)
class PublicPost(_ReadByKey):
    """What needs and offers both show."""

    type: ClassVar[str]
    id: int
    title: str
    body: str
    category: CategoryRef
    sensitive: bool
    status: str
    status_label: str
    area: str | None
    created_at: datetime | None
    expires_at: datetime | None
    hidden: bool
    is_owner: bool
    can_manage: bool
    position: Position

    # The position's fields read as the post's own, as they are in its JSON.
    @property
    def lat(self) -> float:
        return self.position.lat

    @property
    def lng(self) -> float:
        return self.position.lng

    @property
    def location_is_exact(self) -> bool:
        return self.position.location_is_exact

    @property
    def distance_band(self) -> str | None:
        return self.position.distance_band


@dataclass(frozen=True, slots=True)
class PublicNeed(PublicPost):
    type: ClassVar[str] = "need"
    urgency: str
    urgency_label: str
    needed_by: date | None
    visibility: str
    visibility_label: str
    on_behalf: bool
    posted_by: str | None
    can_respond: bool
    contact: Contact | None
    # Only for the need's own people (``is_owner``); None for everyone else, and left out of their JSON.
    on_behalf_name: str | None = None
    consent_statement: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "type": self.type,
            "id": self.id,
            "title": self.title,
            "body": self.body,
            "category": self.category.to_json(),
            "sensitive": self.sensitive,
            "urgency": self.urgency,
            "urgency_label": self.urgency_label,
            "needed_by": _iso(self.needed_by),
            "status": self.status,
            "status_label": self.status_label,
            "visibility": self.visibility,
            "visibility_label": self.visibility_label,
            "area": self.area,
            "created_at": _iso(self.created_at),
            "expires_at": _iso(self.expires_at),
            "on_behalf": self.on_behalf,
            "posted_by": self.posted_by,
            "hidden": self.hidden,
            "is_owner": self.is_owner,
            "can_manage": self.can_manage,
            "can_respond": self.can_respond,
            **self.position.to_json(),
            "contact": self.contact.to_json() if self.contact is not None else None,
        }
        if self.is_owner:
            data["on_behalf_name"] = self.on_behalf_name
            data["consent_statement"] = self.consent_statement
        return data


@dataclass(frozen=True, slots=True)
class PublicOffer(PublicPost):
    type: ClassVar[str] = "offer"
    radius_km: float
    availability: str
    group: str | None
    offered_by: str | None
    # An offer's helper is reached by asking for help; their details are shared once accepted.
    contact: None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "id": self.id,
            "title": self.title,
            "body": self.body,
            "category": self.category.to_json(),
            "sensitive": self.sensitive,
            "radius_km": self.radius_km,
            "availability": self.availability,
            "status": self.status,
            "status_label": self.status_label,
            "area": self.area,
            "group": self.group,
            "offered_by": self.offered_by,
            "created_at": _iso(self.created_at),
            "expires_at": _iso(self.expires_at),
            "hidden": self.hidden,
            "is_owner": self.is_owner,
            "can_manage": self.can_manage,
            **self.position.to_json(),
            "contact": None,
        }
