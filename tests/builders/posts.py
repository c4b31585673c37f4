"""Needs and offers, at a point (the default ward's centre unless given), with their public positions."""

from __future__ import annotations

from datetime import timedelta

from community.db import utcnow
from community.models import Category, Need, Offer, User
from community.places.privacy import public_position
from tests.builders.places import WARD_CENTRE, make_category

SALT = "weave-testing-salt"


def make_need(session, *, poster: User, category: Category | None = None, title="Lift to hospital",
              status="open", visibility="public", at=WARD_CENTRE, **extra) -> Need:
    category = category or make_category(session)
    lat, lng = at
    public_lat, public_lng = public_position(lat, lng, salt=SALT)
    need = Need(requester_id=poster.id, posted_by_id=poster.id, category_id=category.id, title=title,
                body="Details", lat=lat, lng=lng, public_lat=public_lat, public_lng=public_lng,
                visibility=visibility, status=status, expires_at=utcnow() + timedelta(days=28), **extra)
    session.add(need)
    session.flush()
    return need


def make_offer(session, *, helper: User, category: Category | None = None, title="Shopping runs",
               at=WARD_CENTRE, **extra) -> Offer:
    category = category or make_category(session)
    lat, lng = at
    public_lat, public_lng = public_position(lat, lng, salt=SALT)
    offer = Offer(user_id=helper.id, category_id=category.id, title=title, body="Details", lat=lat,
                  lng=lng, public_lat=public_lat, public_lng=public_lng, **extra)
    session.add(offer)
    session.flush()
    return offer
