"""Finding needs and offers near a point, as a viewer may see them.

Other people's posts are placed at their public (blurred) positions, and distances are reported only in
bands. A bounding box on the indexed public-position columns keeps the query small; exact distances are
then worked out in Python for the few rows left, and only the page being shown is loaded in full.

A search that finds nothing is recorded as a ``SearchMiss`` (category, ward, day and nothing else): an
anonymous signal of demand that nobody nearby is meeting.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session, joinedload, selectinload

from community.db import utcnow
from community.models import Area, Need, Offer, SearchMiss, User
from community.models.posts import URGENCIES
from community.pagination import Page, page_slice, paginate
from community.posts.public import PublicNeed, PublicOffer, present_needs, present_offers
from community.posts.visibility import (
    listed_needs_clause,
    listed_offers_clause,
    visible_needs_clause,
    visible_offers_clause,
)

__all__ = ["NearbyQuery", "NearbyPage", "search_nearby", "record_search_miss", "DISTANCE_CHOICES_KM",
           "bounding_box", "SHOW_CHOICES", "SORT_CHOICES", "list_needs",
           "list_offers", "PostCell", "count_nearby_in_box", "count_nearby_by_cell", "cell_span"]

DISTANCE_CHOICES_KM = (1, 2, 5, 10)
SHOW_CHOICES = ("both", "needs", "offers")
SORT_CHOICES = ("distance", "newest")
_METRES_PER_DEGREE_LAT = 111_320.0
_METRES_PER_DEGREE = 111_195.0  # on the mean Earth radius that community.places.privacy uses


@dataclass(frozen=True, slots=True)
class NearbyQuery:
    origin: tuple[float, float]
    within_km: float = 2
    show: str = "both"
    category_id: int | None = None
    # Offers have no urgency: filtering by it shows needs only.
    urgency: str | None = None
    sort: str = "distance"
    page: int = 1
    per_page: int = 20
    # The ward the search was made from, for the anonymous record of searches that found nothing.
    area_id: int | None = None


@dataclass(frozen=True)
class NearbyPage(Page[PublicNeed | PublicOffer]):
    query: NearbyQuery | None = field(default=None, repr=False)


def bounding_box(lat: float, lng: float, metres: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lng, max_lng) of a box holding every point within ``metres``."""
    dlat = metres / _METRES_PER_DEGREE_LAT
    dlng = metres / (_METRES_PER_DEGREE_LAT * max(math.cos(math.radians(lat)), 0.01))
    return lat - dlat, lat + dlat, lng - dlng, lng + dlng


def _when(column):
    """The raw stored time, only for ordering: skipping the aware-datetime conversion of thousands of rows
    is most of the cost of a wide search. Within one database every raw value sorts the same way."""
    return type_coerce(column, String())


def _listed(
    model: type[Need] | type[Offer], viewer: User, q: NearbyQuery, box: tuple[float, float, float, float],
    *columns: Any,
) -> Select[Any]:
    """What the near-me list counts, whose public position is in ``box``: the list and the map's clusters
    both start here, so they count the same posts for the same viewer and filters."""
    clause = listed_needs_clause(viewer) if model is Need else listed_offers_clause(viewer)
    stmt = select(*columns).where(
        clause,
        model.public_lat.between(box[0], box[1]),
        model.public_lng.between(box[2], box[3]),
    )
    if q.category_id is not None:
        stmt = stmt.where(model.category_id == q.category_id)
    if model is Need and q.urgency in URGENCIES:
        stmt = stmt.where(Need.urgency == q.urgency)
    return stmt


def _kinds(q: NearbyQuery) -> list:
    kinds: list = [Need] if q.show in ("both", "needs") else []
    # Offers have no urgency: filtering by it shows needs only.
    if q.show in ("both", "offers") and not q.urgency:
        kinds.append(Offer)
    return kinds


def _plain_rows(session: Session, stmt: Select[Any]) -> Any:
    """Rows of plain columns, read through the session's connection: a wide search reads thousands, and the
    ORM's row handling (made for entities) was a third of the near-me page's search. Nothing is pending in
    the session here (the search only reads), so skipping its autoflush changes nothing."""
    return session.connection().execute(stmt)


def _need_rows(
    session: Session, viewer: User, q: NearbyQuery, box: tuple[float, float, float, float]
) -> list[tuple]:
    when = _when(Need.created_at) if q.sort == "newest" else literal(None)
    stmt = _listed(Need, viewer, q, box, Need.id, Need.public_lat, Need.public_lng, when)
    return [("need", *row) for row in _plain_rows(session, stmt)]


def _offer_rows(
    session: Session, viewer: User, q: NearbyQuery, box: tuple[float, float, float, float]
) -> list[tuple]:
    when = _when(Offer.created_at) if q.sort == "newest" else literal(None)
    stmt = _listed(Offer, viewer, q, box, Offer.id, Offer.public_lat, Offer.public_lng, when)
    return [("offer", *row) for row in _plain_rows(session, stmt)]


@dataclass(frozen=True, slots=True)
class PostCell:
    """How many listed posts have their public position in one cell of a grid, and where they are on
    average (a mean of public positions: never an exact place). ``box`` is the cell itself,
    (min_lat, max_lat, min_lng, max_lng); ``inside`` is how many of ``count`` are also in the box that was
    asked about (what ``count_nearby_in_box`` counts), so one query answers both."""

    count: int
    lat: float
    lng: float
    box: tuple[float, float, float, float]
    inside: int


def cell_span(box: tuple[float, float, float, float], size: float) -> tuple[int, int, int, int]:
    """The first and last rows and columns of the grid of ``size`` degrees that ``box`` touches."""
    return (math.floor((box[0] + 90) / size), math.floor((box[1] + 90) / size),
            math.floor((box[2] + 180) / size), math.floor((box[3] + 180) / size))


def _cell_index(session: Session, column: Any, offset: float, size: float) -> ColumnElement[int]:
    shifted = (column + offset) / size
    # Always positive, so truncating is flooring; SQLite has no floor() without its maths functions.
    if session.get_bind().dialect.name == "sqlite":
        return cast(shifted, Integer)
    return cast(func.floor(shifted), Integer)


def count_nearby_in_box(
    session: Session, *, viewer: User, query: NearbyQuery, box: tuple[float, float, float, float]
) -> int:
    """How many posts the near-me list would count whose public position is in ``box``
    (min_lat, max_lat, min_lng, max_lng)."""
    statements = (_listed(model, viewer, query, box, func.count(model.id)) for model in _kinds(query))
    return sum(session.scalar(statement) or 0 for statement in statements)


def count_nearby_by_cell(
    session: Session, *, viewer: User, query: NearbyQuery, box: tuple[float, float, float, float], size: float
) -> list[PostCell]:
    """The near-me list's posts counted per cell of a fixed grid of ``size`` degrees, from their public
    positions, for every cell ``box`` touches. Cells are counted whole, whatever part of them is in the
    box, so no box, however narrow, places a post more closely than its cell."""
    first_row, last_row, first_col, last_col = cell_span(box, size)
    whole = (first_row * size - 90, (last_row + 1) * size - 90, first_col * size - 180,
             (last_col + 1) * size - 180)
    totals: dict[tuple[int, int], list[float]] = {}
    for model in _kinds(query):
        row = _cell_index(session, model.public_lat, 90, size)
        col = _cell_index(session, model.public_lng, 180, size)
        in_box = and_(model.public_lat.between(box[0], box[1]), model.public_lng.between(box[2], box[3]))
        stmt = _listed(model, viewer, query, whole, row, col, func.count(model.id),
                       func.sum(model.public_lat), func.sum(model.public_lng),
                       func.sum(case((in_box, 1), else_=0))).group_by(row, col)
        for r, c, count, sum_lat, sum_lng, inside in session.execute(stmt):
            if not (first_row <= r <= last_row and first_col <= c <= last_col):
                continue  # on the outer edge of the last cell, which belongs to the next one
            total = totals.setdefault((r, c), [0, 0.0, 0.0, 0])
            total[0] += count
            total[1] += sum_lat
            total[2] += sum_lng
            total[3] += inside or 0
    return [
        PostCell(int(count), sum_lat / count, sum_lng / count,
                 (r * size - 90, (r + 1) * size - 90, c * size - 180, (c + 1) * size - 180), int(inside))
        for (r, c), (count, sum_lat, sum_lng, inside) in sorted(totals.items())
    ]


def search_nearby(
    session: Session, *, viewer: User, query: NearbyQuery, salt: str, today: date | None = None
) -> NearbyPage:
    """One page of what ``viewer`` may see within ``query.within_km`` of ``query.origin``."""
    metres = float(query.within_km) * 1000
    box = bounding_box(*query.origin, metres)
    rows: list[tuple] = []
    if query.show in ("both", "needs"):
        rows += _need_rows(session, viewer, query, box)
    if query.show in ("both", "offers") and not query.urgency:
        rows += _offer_rows(session, viewer, query, box)
    lat0, lng0 = query.origin
    cos_lat = math.cos(math.radians(lat0))
    placed = []
    for kind, post_id, plat, plng, created in rows:
        # Equirectangular distance: over a few km it agrees with the great circle to well under a metre.
        distance = math.hypot((plat - lat0) * _METRES_PER_DEGREE,
                              (plng - lng0) * _METRES_PER_DEGREE * cos_lat)
        if distance <= metres:
            placed.append((kind, post_id, distance, created))
    total = len(placed)
    page = max(1, query.page)
    window = page_slice(page, query.per_page)
    # Only the rows up to the end of this page need ordering: a partial sort, not a full one.
    if query.sort == "newest":
        wanted = heapq.nlargest(window.stop, placed, key=lambda r: (str(r[3]), r[1]))
    else:
        wanted = heapq.nsmallest(window.stop, placed, key=lambda r: (r[2], r[1]))
    chosen = wanted[window]
    if total == 0 and page == 1:
        record_search_miss(
            session, category_id=query.category_id, area_id=query.area_id, kind=query.show, day=today
        )
    items = _present(session, viewer, chosen, query.origin, salt)
    return NearbyPage(items, total, page, query.per_page, query)


def _present(
    session: Session, viewer: User, chosen: list[tuple], origin: tuple[float, float], salt: str
) -> list[PublicNeed | PublicOffer]:
    need_ids = [post_id for kind, post_id, *_ in chosen if kind == "need"]
    offer_ids = [post_id for kind, post_id, *_ in chosen if kind == "offer"]
    # One query per kind: what a post is shown with comes joined to it (a page holds at most a few dozen
    # rows), without the wards' boundaries, which can be large and are not shown.
    needs = session.scalars(
        select(Need)
        .where(Need.id.in_(need_ids))
        .options(joinedload(Need.category), joinedload(Need.area).defer(Area.geometry),
                 joinedload(Need.posted_by))
    ).all() if need_ids else []
    offers = session.scalars(
        select(Offer)
        .where(Offer.id.in_(offer_ids))
        .options(joinedload(Offer.category), joinedload(Offer.area).defer(Area.geometry),
                 joinedload(Offer.user), joinedload(Offer.group))
    ).all() if offer_ids else []
    shown: list[PublicNeed | PublicOffer] = [
        *present_needs(session, needs, viewer, salt=salt, origin=origin),
        *present_offers(session, offers, viewer, salt=salt, origin=origin),
    ]
    by_key = {(post.type, post.id): post for post in shown}
    return [by_key[(kind, post_id)] for kind, post_id, *_ in chosen if (kind, post_id) in by_key]


def record_search_miss(
    session: Session,
    *,
    category_id: int | None,
    area_id: int | None,
    kind: str = "both",
    day: date | None = None,
) -> SearchMiss:
    """Anonymous by design: no user, no point, no time of day."""
    miss = SearchMiss(category_id=category_id, area_id=area_id, kind=kind[:10], day=day or utcnow().date())
    session.add(miss)
    session.flush()
    return miss


def list_needs(
    session: Session, *, viewer: User, area_id: int | None = None, category_id: int | None = None,
    page: int = 1, per_page: int = 20, salt: str,
) -> Page[PublicNeed]:
    """Open needs ``viewer`` may see (their own too, even hidden), newest first, optionally in one ward and
    category (for the API)."""
    mine = or_(Need.posted_by_id == viewer.id, Need.requester_id == viewer.id)
    stmt = select(Need).where(Need.status == "open", or_(mine, Need.hidden.is_(False)),
                              visible_needs_clause(viewer))
    if area_id is not None:
        stmt = stmt.where(Need.area_id == area_id)
    if category_id is not None:
        stmt = stmt.where(Need.category_id == category_id)
    found: Page[Need] = paginate(
        session,
        stmt.order_by(Need.created_at.desc(), Need.id.desc())
        .options(selectinload(Need.category), selectinload(Need.area), selectinload(Need.posted_by)),
        page=page, per_page=per_page,
    )
    return Page(present_needs(session, found.items, viewer, salt=salt), found.total, found.page, per_page)


def list_offers(
    session: Session, *, viewer: User, area_id: int | None = None, category_id: int | None = None,
    page: int = 1, per_page: int = 20, salt: str,
) -> Page[PublicOffer]:
    """Active offers ``viewer`` may see (and their own, whatever their state), newest first."""
    stmt = select(Offer).where(
        or_(Offer.user_id == viewer.id, and_(Offer.status == "active", Offer.hidden.is_(False))),
        visible_offers_clause(viewer),
    )
    if area_id is not None:
        stmt = stmt.where(Offer.area_id == area_id)
    if category_id is not None:
        stmt = stmt.where(Offer.category_id == category_id)
    found: Page[Offer] = paginate(
        session,
        stmt.order_by(Offer.created_at.desc(), Offer.id.desc())
        .options(selectinload(Offer.category), selectinload(Offer.area), selectinload(Offer.user)),
        page=page, per_page=per_page,
    )
    return Page(present_offers(session, found.items, viewer, salt=salt), found.total, found.page, per_page)
