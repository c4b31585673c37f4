"""Who could help with a new need, and which open needs a new offer could meet.

Candidates are offers in the need's category whose helper will travel that far, and volunteers of groups
serving the need's ward who live nearby. Each is scored on distance (within the helper's own radius),
availability against the day help is wanted, and recent reliability (completed against withdrawn
responses), and given a few words saying why. The database narrows candidates with indexed columns and a
bounding box; ranking happens in Python on the few rows left.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from community.db import utcnow
from community.i18n import _, _n
from community.models import Need, Offer, User
from community.notifications import Notice, Target, notify_each
from community.places.privacy import distance_band, metres_between, public_position
from community.posts.matching_queries import (
    VOLUNTEER_RADIUS_KM,
    allowed_helpers,
    helper_candidates,
    reliability_counts,
)
from community.posts.nearby import bounding_box
from community.posts.visibility import listed_needs_clause

__all__ = ["Suggestion", "suggest_helpers", "match_and_notify_need", "needs_for_offer",
           "VOLUNTEER_RADIUS_KM", "RELIABILITY_WINDOW", "availability_fit"]

MAX_SUGGESTIONS = 10
RELIABILITY_WINDOW = timedelta(days=180)
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ANY_TIME = ("any time", "anytime", "flexible", "most days", "every day", "whenever")


@dataclass(frozen=True, slots=True)
class Suggestion:
    user_id: int
    name: str
    kind: str  # "offer" or "volunteer"
    offer_id: int | None
    group_id: int | None
    score: float
    reasons: tuple[str, ...]

    @property
    def explanation(self) -> str:
        text = ", ".join(self.reasons)
        return text[:1].upper() + text[1:]


@lru_cache(maxsize=4096)
def availability_fit(text: str, day: date | None) -> tuple[float, str | None]:
    """How well free text like "Saturday mornings" fits the day help is wanted (0 to 1), and why.

    >>> availability_fit("Weekends", date(2025, 3, 8))
    (1.0, 'free at weekends')
    >>> availability_fit("", None)
    (0.5, None)
    """
    text = (text or "").lower()
    if not text:
        return 0.5, None
    if any(phrase in text for phrase in _ANY_TIME):
        return 1.0, _("free any time")
    if day is None:
        return 0.6, _("says when they are free")
    name = _DAYS[day.weekday()]
    weekend = day.weekday() >= 5
    if name in text or name[:3] + "s" in text:
        return 1.0, _("free on %(days)s", days=name.title() + "s")
    if weekend and "weekend" in text:
        return 1.0, _("free at weekends")
    if not weekend and "weekday" in text:
        return 1.0, _("free on weekdays")
    return 0.2, None


def _wanted_on(need: Need, now: datetime) -> date | None:
    if need.urgency == "today":
        return now.date()
    return need.needed_by


# Not frozen: a frozen dataclass sets each field through object.__setattr__, and hundreds are made per need.
@dataclass(slots=True)
class _Candidate:
    user_id: int
    name: str
    kind: str
    offer_id: int | None
    group_id: int | None
    # Distance and availability, known before any more queries; reliability adds at most RELIABILITY_WEIGHT.
    base: float
    when: str | None
    # The point a distance band may be given from: an offer's public position, or a volunteer's private
    # home (blurred with the salt before any band is worked out from it).
    lat: float
    lng: float


RELIABILITY_WEIGHT = 0.30
_BATCH = 40


def _fast_metres(lat: float, lng: float, cos_lat: float, lat2: float, lng2: float) -> float:
    # Equirectangular: within a few km of each other it agrees with the great circle to well under 1 m.
    dy = (lat2 - lat) * 111_195.0
    dx = (lng2 - lng) * 111_195.0 * cos_lat
    return math.hypot(dx, dy)


def _candidates(session: Session, need: Need, now: datetime) -> list[_Candidate]:
    excluded = {uid for uid in (need.posted_by_id, need.requester_id) if uid is not None}
    day = _wanted_on(need, now)
    # Read once: a mapped attribute costs a descriptor call each time, and this runs for every candidate.
    need_lat, need_lng = need.lat, need.lng
    cos_lat = math.cos(math.radians(need_lat))
    out = []

    def consider(
        user_id: int, name: str, kind: str, offer_id: int | None, group_id: int | None,
        lat: float, lng: float, radius: float, availability: str, plat: float, plng: float,
    ) -> None:
        metres = _fast_metres(need_lat, need_lng, cos_lat, lat, lng)
        if metres <= radius * 1000:
            fit, when = availability_fit(availability, day)
            base = 0.45 * (1 - metres / (radius * 1000)) + 0.25 * fit
            out.append(_Candidate(user_id, name, kind, offer_id, group_id, base, when, plat, plng))

    offers, volunteers = helper_candidates(session, need, excluded)
    for offer_id, user_id, group_id, lat, lng, plat, plng, radius, availability, name in offers:
        consider(user_id, name, "offer", offer_id, group_id, lat, lng, radius, availability, plat, plng)
    for user_id, group_id, lat, lng, availability, name in volunteers:
        consider(user_id, name, "volunteer", None, group_id, lat, lng, VOLUNTEER_RADIUS_KM, availability,
                 lat, lng)
    out.sort(key=lambda c: (-c.base, c.user_id))
    return out


def _band(need: Need, c: _Candidate, salt: str | None) -> str | None:
    """Measured to a public point, so a band says no more than a map would; no salt, no volunteer band."""
    if c.kind == "volunteer":
        if not salt:
            return None
        lat, lng = public_position(c.lat, c.lng, salt=salt)
    else:
        lat, lng = c.lat, c.lng
    return distance_band(metres_between(need.lat, need.lng, lat, lng))


def _suggestion(c: _Candidate, category: str, done: int, dropped: int, band: str | None) -> Suggestion:
    reliable = (done + 1) / (done + dropped + 2)
    score = c.base + RELIABILITY_WEIGHT * reliable
    reasons = [
        _("offers %(category)s", category=category) if c.kind == "offer"
        else _("volunteers for %(category)s", category=category),
        _("%(distance)s away", distance=band) if band else _("lives nearby"),
    ]
    if c.when:
        reasons.append(c.when)
    if done:
        reasons.append(_n("helped %(num)d time recently", "helped %(num)d times recently", done))
    elif not dropped:
        reasons.append(_("new helper"))
    return Suggestion(c.user_id, c.name, c.kind, c.offer_id, c.group_id, round(score, 4), tuple(reasons))


def suggest_helpers(
    session: Session,
    *,
    need: Need,
    limit: int = MAX_SUGGESTIONS,
    now: datetime | None = None,
    salt: str | None = None,
) -> list[Suggestion]:
    """Up to ``limit`` people who could help, best first, each with a few words why.

    Candidates are taken in order of what distance and availability alone give them; reliability (which
    needs a query) is looked up a batch at a time, and stops once no one left could beat the ``limit``-th
    best even with a perfect record. The result is the same as scoring everyone, for less work.
    """
    now = now or utcnow()
    if need.visibility == "connectors":
        return []  # only connectors may see it: they decide who to ask
    category = need.category.name.lower()
    pending = _candidates(session, need, now)
    best: dict[int, tuple[Suggestion, _Candidate, tuple[int, int]]] = {}
    checked: dict[int, tuple[int, int] | None] = {}
    while pending:
        scores = sorted((s.score for s, _c, _r in best.values()), reverse=True)
        bar = scores[limit - 1] if len(scores) >= limit else float("-inf")
        pending = [c for c in pending if c.base + RELIABILITY_WEIGHT > bar]
        batch, pending = pending[:_BATCH], pending[_BATCH:]
        new_ids = list({c.user_id for c in batch} - set(checked))
        if new_ids:
            allowed = allowed_helpers(session, need, new_ids, now)
            records = reliability_counts(session, new_ids, now - RELIABILITY_WINDOW)
            checked.update({uid: records.get(uid, (0, 0)) if uid in allowed else None for uid in new_ids})
        for candidate in batch:
            record = checked[candidate.user_id]
            if record is None:
                continue
            suggestion = _suggestion(candidate, category, *record, band=None)
            current = best.get(candidate.user_id)
            if current is None or suggestion.score > current[0].score:
                best[candidate.user_id] = (suggestion, candidate, record)
    ranked = sorted(best.values(), key=lambda pair: (-pair[0].score, pair[0].user_id))[:limit]
    # Bands (and the hashing a volunteer's needs) only for those who make the list.
    return [_suggestion(c, category, *record, band=_band(need, c, salt)) for _s, c, record in ranked]


def match_and_notify_need(
    session: Session, *, need: Need, now: datetime | None = None, salt: str | None = None
) -> list[Suggestion]:
    suggestions = suggest_helpers(session, need=need, now=now, salt=salt)
    notify_each(session, [
        Notice(
            suggestion.user_id,
            "need_match",
            _(
                "Someone near you needs help with %(category)s: “%(title)s”. Why you: %(reasons)s.",
                category=need.category.name.lower(), title=need.title, reasons=suggestion.explanation.lower(),
            ),
            Target("need", need.id),
        )
        for suggestion in suggestions
    ])
    return suggestions


_URGENCY_ORDER = {"today": 0, "this_week": 1, "no_rush": 2}


def needs_for_offer(
    session: Session, *, offer: Offer, viewer: User, limit: int = MAX_SUGGESTIONS
) -> list[Need]:
    """Open needs in the offer's category within its radius that ``viewer`` may see, most urgent first."""
    box = bounding_box(offer.lat, offer.lng, offer.radius_km * 1000)
    needs = session.scalars(
        select(Need).where(
            listed_needs_clause(viewer),
            Need.category_id == offer.category_id,
            Need.lat.between(box[0], box[1]),
            Need.lng.between(box[2], box[3]),
        )
    ).all()
    near = [(n, metres_between(offer.lat, offer.lng, n.lat, n.lng)) for n in needs]
    near = [(n, m) for n, m in near if m <= offer.radius_km * 1000]
    near.sort(key=lambda pair: (_URGENCY_ORDER.get(pair[0].urgency, 3), pair[1], pair[0].id))
    return [n for n, _m in near[:limit]]
