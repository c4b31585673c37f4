"""One run of alerts and digests (``flask alerts send --period immediate|daily|weekly``).

A run takes the needs and offers posted since the previous run of its period (its *window*), matches them
to every subscription of that period, and queues one email per subscription that matched something. The
daily run also writes coordinators' digests (new needs in their groups' wards and kinds of help); the weekly
run connectors' digests (coverage cells whose status changed in the week, new gaps, and the early warnings:
wards and kinds of help whose forecast demand exceeds what their groups and offers can meet).

Every alert honours the rule a page does (``community.posts.visibility``): a need reaches only someone who
may see it, and an email carries only what a list shows: title, kind of help, ward, and a distance *band*
from the blurred public position, never a place. Subjects say only how many.

The cost does not grow with a query per subscriber: the posts, the subscriptions (with their wards and kinds
of help), the groups' wards, the visibility facts and the digests' facts are each one query; then matching
is done in memory and the emails are inserted together.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload, sessionmaker

from community.alerts.subscriptions import unsubscribe_key
from community.db import session_scope, utcnow
from community.errors import Conflict, ValidationFailed
from community.i18n import _
from community.insights import get_coverage
from community.insights.forecast import WardWarning, current_warnings
from community.models import (
    AlertPlace,
    AlertRun,
    AlertSubscription,
    Area,
    DigestOptOut,
    Group,
    Membership,
    Need,
    Offer,
    User,
    group_areas,
    group_categories,
)
from community.notifications import EmailToQueue, Target, queue_emails
from community.places import distance_band, metres_between
from community.posts.visibility import can_view_offer, viewers_of_needs

__all__ = [
    "PERIODS",
    "AlertItem",
    "AlertEmail",
    "CoverageChange",
    "RunResult",
    "Writer",
    "send_alerts",
    "run_alerts",
]

PERIODS: dict[str, timedelta] = {
    "immediate": timedelta(minutes=10),
    "daily": timedelta(days=1),
    "weekly": timedelta(days=7),
}
COVERAGE_WINDOW_DAYS = 30
# The most posts one email lists; the rest are counted ("and 12 more").
MAX_ITEMS = 25


@dataclass(frozen=True, slots=True)
class AlertItem:
    """One post as an alert shows it: public fields only."""

    target: Target
    title: str
    category: str
    ward: str | None
    distance: str | None  # a band from the public position ("1 to 2 km"), for alerts around a home


@dataclass(frozen=True, slots=True)
class CoverageChange:
    ward: str
    category: str
    was: str
    now: str


@dataclass
class AlertEmail:
    """What one email says; the web app's writer turns it into a subject and a body with links."""

    kind: str  # "alert", "coordinator" or "connector"
    user: User
    period: str
    items: list[AlertItem] = field(default_factory=list)
    more: int = 0
    post_kind: str = "needs"
    place: str | None = None  # for alerts: how the subscription says where ("2 km from home", ward names)
    groups: list[tuple[str, list[AlertItem]]] = field(default_factory=list)  # coordinators' digests
    changes: list[CoverageChange] = field(default_factory=list)  # connectors' digests
    new_gaps: list[CoverageChange] = field(default_factory=list)
    warnings: list[WardWarning] = field(default_factory=list)  # connectors' digests: the early warnings
    unsubscribe: str = ""


Writer = Callable[[AlertEmail], tuple[str, str]]


@dataclass
class RunResult:
    period: str
    window_start: datetime
    window_end: datetime
    needs: int = 0
    offers: int = 0
    subscriptions: int = 0
    emails: int = 0


def _claim_window(session: Session, period: str, now: datetime) -> AlertRun:
    last = session.scalar(select(func.max(AlertRun.window_end)).where(AlertRun.period == period))
    start = last if last is not None else now - PERIODS[period]
    if start.tzinfo is None:
        start = start.replace(tzinfo=now.tzinfo)
    if start >= now:
        raise Conflict(_("Alerts for this period have already been sent up to now."))
    run = AlertRun(period=period, window_start=start, window_end=now)
    try:
        with session.begin_nested():
            session.add(run)
            session.flush()
    except IntegrityError:
        raise Conflict(_("Another run is sending these alerts already.")) from None
    return run


def _in_window(column: InstrumentedAttribute[datetime], run: AlertRun) -> ColumnElement[bool]:
    return and_(column > run.window_start, column <= run.window_end)


def _ward_names(session: Session, area_ids: set[int]) -> dict[int, str]:
    if not area_ids:
        return {}
    rows = session.execute(select(Area.id, Area.name).where(Area.id.in_(area_ids)))
    return {row[0]: row[1] for row in rows}


def _item(post: Need | Offer, kind: str, wards: dict[int, str], band: str | None) -> AlertItem:
    return AlertItem(
        target=Target("need" if kind == "needs" else "offer", post.id), title=post.title,
        category=post.category.name, ward=wards.get(post.area_id) if post.area_id is not None else None,
        distance=band,
    )


def _is_own(post: Need | Offer, user_id: int) -> bool:
    if isinstance(post, Need):
        return user_id in (post.posted_by_id, post.requester_id)
    return post.user_id == user_id


def _place_of(subscription: AlertSubscription, group_wards: dict[int, set[int]]) -> str:
    if subscription.place == AlertPlace.NEAR_HOME:
        return _("within %(km)s km of your home", km=f"{subscription.radius_km:g}")
    if subscription.place == AlertPlace.WARDS:
        return ", ".join(area.name for area in subscription.areas)
    group = subscription.group
    return _("the area %(group)s serves", group=group.name if group is not None else "")


@dataclass
class _Posts:
    """One kind of post in the window, sorted by latitude and grouped by ward, for fast matching."""

    all: Sequence[Need | Offer]
    latitudes: list[float] = field(default_factory=list)
    by_lat: list[Need | Offer] = field(default_factory=list)
    by_ward: dict[int, list[Need | Offer]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_lat = sorted(self.all, key=lambda p: p.public_lat)
        self.latitudes = [p.public_lat for p in self.by_lat]
        for post in self.all:
            if post.area_id is not None:
                self.by_ward.setdefault(post.area_id, []).append(post)

    def near(self, lat: float, metres: float) -> Sequence[Need | Offer]:
        """Posts within ``metres`` north or south of ``lat`` (a strip to check distances in)."""
        degrees = metres / 111_000 + 0.001
        start = bisect_left(self.latitudes, lat - degrees)
        return self.by_lat[start:bisect_right(self.latitudes, lat + degrees)]


def _matches(
    subscription: AlertSubscription, posts: _Posts, group_wards: dict[int, set[int]],
) -> list[tuple[Need | Offer, str | None]]:
    """The posts in the subscription's place and kinds of help, with a distance band for a home's."""
    user = subscription.user
    categories = {c.id for c in subscription.categories}
    found: list[tuple[Need | Offer, str | None]] = []
    if subscription.place == AlertPlace.NEAR_HOME:
        if user.home_lat is None or user.home_lng is None or subscription.radius_km is None:
            return []
        limit = subscription.radius_km * 1000
        for post in posts.near(user.home_lat, limit):
            if categories and post.category_id not in categories:
                continue
            metres = metres_between(user.home_lat, user.home_lng, post.public_lat, post.public_lng)
            if metres <= limit:
                found.append((post, distance_band(metres)))
        return sorted(found, key=lambda pair: pair[0].id)
    if subscription.place == AlertPlace.WARDS:
        wards = {a.id for a in subscription.areas}
    else:
        wards = group_wards.get(subscription.group_id or 0, set())
    for ward in wards:
        for post in posts.by_ward.get(ward, ()):
            if not categories or post.category_id in categories:
                found.append((post, None))
    return sorted(found, key=lambda pair: pair[0].id)


def _alerts(session: Session, run: AlertRun, needs: list[Need], offers: list[Offer]) -> list[AlertEmail]:
    subscriptions = list(session.scalars(
        select(AlertSubscription)
        .join(User, User.id == AlertSubscription.user_id)
        .where(AlertSubscription.frequency == run.period, User.deleted_at.is_(None),
               User.suspended_at.is_(None))
        .options(selectinload(AlertSubscription.areas), selectinload(AlertSubscription.categories),
                 selectinload(AlertSubscription.user), selectinload(AlertSubscription.group))
        .order_by(AlertSubscription.id)
    ))
    if not subscriptions or not (needs or offers):
        return []
    group_ids = {s.group_id for s in subscriptions if s.group_id is not None}
    group_wards: dict[int, set[int]] = defaultdict(set)
    if group_ids:
        for group_id, area_id in session.execute(
            select(group_areas.c.group_id, group_areas.c.area_id).where(group_areas.c.group_id.in_(group_ids))
        ):
            group_wards[group_id].add(area_id)

    matched: list[tuple[AlertSubscription, list[tuple[Need | Offer, str | None]]]] = []
    candidates: dict[int, tuple[Need, set[int]]] = {}
    of_kind = {"needs": _Posts(needs), "offers": _Posts(offers)}
    for subscription in subscriptions:
        posts = of_kind[subscription.post_kind]
        found = [
            (post, band) for post, band in _matches(subscription, posts, group_wards)
            # Only what was posted after the alert was set up, and never one's own posts.
            if post.created_at > subscription.created_at and not _is_own(post, subscription.user_id)
        ]
        if not found:
            continue
        matched.append((subscription, found))
        for post, _band in found:
            if isinstance(post, Need):
                candidates.setdefault(post.id, (post, set()))[1].add(subscription.user_id)
    viewers = viewers_of_needs(session, list(candidates.values()))

    posted: list[Need | Offer] = [*needs, *offers]
    wards = _ward_names(session, {p.area_id for p in posted if p.area_id is not None})
    emails = []
    for subscription, found in matched:
        user = subscription.user
        visible = [
            (post, band) for post, band in found
            if (user.id in viewers.get(post.id, set()) if isinstance(post, Need)
                else can_view_offer(user, post))
        ]
        if not visible:
            continue
        items = [_item(post, subscription.post_kind, wards, band) for post, band in visible]
        emails.append(AlertEmail(
            kind="alert", user=user, period=run.period, items=items[:MAX_ITEMS],
            more=max(len(items) - MAX_ITEMS, 0), post_kind=subscription.post_kind,
            place=_place_of(subscription, group_wards), unsubscribe=unsubscribe_key(subscription),
        ))
    return emails


def _stopped(session: Session, digest: str) -> set[int]:
    return set(session.scalars(select(DigestOptOut.user_id).where(DigestOptOut.digest == digest)))


def _coordinator_digests(session: Session, run: AlertRun, needs: list[Need]) -> list[AlertEmail]:
    """Daily: each coordinator, the new needs in their groups' wards and kinds of help they may see."""
    if not needs:
        return []
    rows = session.execute(
        select(Membership.user_id, Membership.group_id)
        .join(User, User.id == Membership.user_id)
        .where(Membership.role == "coordinator", Membership.status == "active", User.deleted_at.is_(None),
               User.suspended_at.is_(None))
    ).all()
    stopped = _stopped(session, "coordinator")
    coordinators: dict[int, set[int]] = defaultdict(set)
    for user_id, group_id in rows:
        if user_id not in stopped:
            coordinators[user_id].add(group_id)
    if not coordinators:
        return []
    group_ids = {g for groups in coordinators.values() for g in groups}
    wards: dict[int, set[int]] = defaultdict(set)
    kinds: dict[int, set[int]] = defaultdict(set)
    for group_id, area_id in session.execute(
        select(group_areas.c.group_id, group_areas.c.area_id).where(group_areas.c.group_id.in_(group_ids))
    ):
        wards[group_id].add(area_id)
    for group_id, category_id in session.execute(
        select(group_categories.c.group_id, group_categories.c.category_id)
        .where(group_categories.c.group_id.in_(group_ids))
    ):
        kinds[group_id].add(category_id)
    named = session.execute(select(Group.id, Group.name).where(Group.id.in_(group_ids)))
    names: dict[int, str] = {row[0]: row[1] for row in named}
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(coordinators)))}

    per_group = {
        group_id: [n for n in needs if n.area_id in wards[group_id] and n.category_id in kinds[group_id]]
        for group_id in group_ids
    }
    candidates: dict[int, tuple[Need, set[int]]] = {}
    for user_id, groups in coordinators.items():
        for group_id in groups:
            for need in per_group[group_id]:
                candidates.setdefault(need.id, (need, set()))[1].add(user_id)
    viewers = viewers_of_needs(session, list(candidates.values()))
    ward_names = _ward_names(session, {n.area_id for n in needs if n.area_id is not None})

    emails = []
    for user_id, groups in coordinators.items():
        sections = []
        for group_id in sorted(groups, key=lambda g: names.get(g, "")):
            items = [_item(n, "needs", ward_names, None) for n in per_group[group_id]
                     if user_id in viewers.get(n.id, set()) and not _is_own(n, user_id)]
            if items:
                sections.append((names.get(group_id, ""), items[:MAX_ITEMS]))
        if sections:
            emails.append(AlertEmail(kind="coordinator", user=users[user_id], period=run.period,
                                     groups=sections, unsubscribe="digest:coordinator"))
    return emails


def _connector_digests(session: Session, run: AlertRun) -> list[AlertEmail]:
    """Weekly: for every connector the same news, the coverage cells that changed, the new gaps and the early
    warnings."""
    connectors = list(session.scalars(
        select(User).where(User.role == "connector", User.deleted_at.is_(None), User.suspended_at.is_(None))
    ))
    stopped = _stopped(session, "connector")
    connectors = [c for c in connectors if c.id not in stopped]
    if not connectors:
        return []
    now_rows = get_coverage(session, window_days=COVERAGE_WINDOW_DAYS, now=run.window_end)
    before = {(r.area_code, r.category_slug): r.status
              for r in get_coverage(session, window_days=COVERAGE_WINDOW_DAYS, now=run.window_start)}
    changes: list[CoverageChange] = []
    gaps: list[CoverageChange] = []
    for row in now_rows:
        was = before.get((row.area_code, row.category_slug), "no demand")
        if was == row.status:
            continue
        change = CoverageChange(ward=row.area_name, category=row.category_name, was=was, now=row.status)
        (gaps if row.status == "gap" else changes).append(change)
    # The early warnings the coverage and ward pages show, forecast again unless done since the last digest.
    warnings = current_warnings(session, now=run.window_end, refreshed_since=run.window_start)
    if not (changes or gaps or warnings):
        return []
    return [AlertEmail(kind="connector", user=c, period=run.period, changes=changes[:50], new_gaps=gaps[:50],
                       warnings=warnings, unsubscribe="digest:connector") for c in connectors]


def send_alerts(session: Session, *, period: str, write: Writer, now: datetime | None = None) -> RunResult:
    """Queue the period's alerts and digests for everything posted since its last run (see module)."""
    if period not in PERIODS:
        raise ValidationFailed({"period": _("Choose immediate, daily or weekly")})
    run = _claim_window(session, period, now or utcnow())
    needs = list(session.scalars(
        select(Need).where(_in_window(Need.created_at, run), Need.status == "open", Need.hidden.is_(False))
        .options(selectinload(Need.category)).order_by(Need.created_at, Need.id)
    ))
    offers = list(session.scalars(
        select(Offer).where(_in_window(Offer.created_at, run), Offer.status == "active",
                            Offer.hidden.is_(False))
        .options(selectinload(Offer.category)).order_by(Offer.created_at, Offer.id)
    ))
    emails = _alerts(session, run, needs, offers)
    if period == "daily":
        emails += _coordinator_digests(session, run, needs)
    if period == "weekly":
        emails += _connector_digests(session, run)
    result = RunResult(period, run.window_start, run.window_end, needs=len(needs), offers=len(offers))
    queue = []
    for email in emails:
        subject, body = write(email)
        queue.append(EmailToQueue(user_id=email.user.id, subject=subject, body=body,
                                  unsubscribe=email.unsubscribe))
    result.emails = queue_emails(session, queue)
    result.subscriptions = sum(1 for e in emails if e.kind == "alert")
    run.emails = result.emails
    session.flush()
    return result


def run_alerts(
    factory: sessionmaker[Session], *, period: str, write: Writer, now: datetime | None = None
) -> RunResult | None:
    """``send_alerts`` as its own unit of work (cron, the email sender); None when another run already has
    this window (two runs at once: the second sends nothing)."""
    try:
        with session_scope(factory) as session:
            return send_alerts(session, period=period, write=write, now=now)
    except Conflict:
        return None
