"""Atom feeds of public needs and offers, for everyone, per ward and per kind of help.

A feed is read by anyone, signed in or not (a feed reader cannot sign in), so it carries only what is
public: needs posted for everyone to see (visibility "public"), open and not hidden, and active offers that
are not hidden; of each only its title, kind of help, ward and blurred public position — never its text, a
name or the true place. The web app writes the Atom document (``app.alerts.feeds``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from community.errors import NotFound
from community.i18n import _
from community.models import Area, Category, Need, Offer
from community.notifications import Target

__all__ = ["FEED_SIZE", "FeedEntry", "Feed", "public_feed"]

FEED_SIZE = 50


@dataclass(frozen=True, slots=True)
class FeedEntry:
    target: Target
    title: str
    category: str
    ward: str | None
    public_lat: float
    public_lng: float
    posted_at: datetime


@dataclass(frozen=True, slots=True)
class Feed:
    post_kind: str
    ward: Area | None
    category: Category | None
    entries: list[FeedEntry]


def public_feed(
    session: Session, *, post_kind: str, ward_code: str | None = None, category_slug: str | None = None,
    limit: int = FEED_SIZE,
) -> Feed:
    """The newest public needs (or offers), perhaps of one ward or one kind of help."""
    ward = category = None
    if ward_code is not None:
        ward = session.scalar(select(Area).where(Area.code == ward_code, Area.kind == "ward"))
        if ward is None:
            raise NotFound(_("There is no such ward"))
    if category_slug is not None:
        category = session.scalar(select(Category).where(Category.slug == category_slug))
        if category is None:
            raise NotFound(_("There is no such kind of help"))
    model: type[Need] | type[Offer]
    query: Select[Need] | Select[Offer]
    if post_kind == "needs":
        model = Need
        query = select(Need).where(Need.visibility == "public", Need.status == "open", Need.hidden.is_(False))
    elif post_kind == "offers":
        model = Offer
        query = select(Offer).where(Offer.status == "active", Offer.hidden.is_(False))
    else:
        raise NotFound(_("There is no such feed"))
    if ward is not None:
        query = query.where(model.area_id == ward.id)
    if category is not None:
        query = query.where(model.category_id == category.id)
    rows = session.scalars(
        query.options(selectinload(model.category), selectinload(model.area))
        .order_by(model.created_at.desc(), model.id.desc()).limit(limit)
    )
    kind = "need" if post_kind == "needs" else "offer"
    entries = [
        FeedEntry(target=Target(kind, post.id), title=post.title, category=post.category.name,
                  ward=post.area.name if post.area is not None else None, public_lat=post.public_lat,
                  public_lng=post.public_lng, posted_at=post.created_at)
        for post in rows
    ]
    return Feed(post_kind, ward, category, entries)
