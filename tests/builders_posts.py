"""Plain builders for groups, needs, offers and responses (people come from tests/builders.py)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from community.accounts.passwords import UNUSABLE_PASSWORD
from community.db import utcnow
from community.models import Category, DBSCheck, Group, Membership, Need, Offer, User
from community.places.privacy import public_position

_counter = itertools.count(1)
SALT = "weave-testing-salt"
EALING = (51.5130, -0.3089)


def make_person(session, *, name: str | None = None, role: str = "resident", home=EALING) -> User:
    n = next(_counter)
    name = name or f"Person {n}"
    email = f"person{n}@example.test"
    user = User(
        email=email,
        email_normalised=email,
        display_name=name,
        password_hash=UNUSABLE_PASSWORD,
        role=role,
        home_lat=home[0] if home else None,
        home_lng=home[1] if home else None,
    )
    session.add(user)
    session.flush()
    return user


def make_category(session, *, slug: str = "shopping", regulated: bool = False, sensitive: bool = False):
    category = session.query(Category).filter_by(slug=slug).one_or_none()
    if category is None:
        category = Category(slug=slug, name=slug.replace("-", " ").title(), regulated=regulated,
                            sensitive=sensitive)
        session.add(category)
        session.flush()
    return category


def make_group(session, *, name: str | None = None, coordinator: User | None = None, kind="mutual_aid"):
    n = next(_counter)
    name = name or f"Group {n}"
    group = Group(name=name, name_normalised=name.lower(), slug=f"group-{n}", kind=kind)
    session.add(group)
    session.flush()
    if coordinator is not None:
        make_membership(session, user=coordinator, group=group, role="coordinator")
    return group


def make_membership(session, *, user: User, group: Group, role="volunteer", status="active"):
    membership = Membership(user_id=user.id, group_id=group.id, role=role, status=status)
    session.add(membership)
    session.flush()
    return membership


def make_dbs_check(session, *, user: User, expires_in_days: int = 365):
    today = date.today()
    check = DBSCheck(user_id=user.id, level="enhanced", checked_on=today - timedelta(days=30),
                     expires_on=today + timedelta(days=expires_in_days))
    session.add(check)
    session.flush()
    return check


def make_need(session, *, poster: User, category: Category | None = None, title="Lift to hospital",
              status="open", visibility="public", at=EALING, **extra) -> Need:
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
               at=EALING, **extra) -> Offer:
    category = category or make_category(session)
    lat, lng = at
    public_lat, public_lng = public_position(lat, lng, salt=SALT)
    offer = Offer(user_id=helper.id, category_id=category.id, title=title, body="Details", lat=lat,
                  lng=lng, public_lat=public_lat, public_lng=public_lng, **extra)
    session.add(offer)
    session.flush()
    return offer
