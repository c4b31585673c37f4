"""API: the needs and offers in a map's view, as GeoJSON for weave-map.js.

Every coordinate comes from ``community.posts.public`` (``present_needs`` / ``present_offers``): the public
position unless the viewer may see the exact one. Health-related (sensitive) posts are points only for those
who may see them exactly (connectors: a post's own people are not shown their own posts here, as in the
near-me list); everyone else gets a count for each ward the view touches, at the ward's centre, with counts
under five not given exactly.

Zoomed out, the posts come as clusters instead: how many the near-me list counts in each cell of a fixed
grid (``count_nearby_by_cell``), from their public positions only, whatever the viewer may see exactly.
So the answer is bounded by the number of cells (``MAX_CELLS``), not by the number of posts, and the
clusters' counts add up to what the list beside the map counts for the same viewer and filters. Points
come only when zoomed in to ``POINTS_FROM_ZOOM`` and no more than ``MAX_POINTS`` posts are in the box.
"""

from __future__ import annotations

import math
from collections import defaultdict

from flask import current_app, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.api import bp
from app.api.common import ApiError, api_view, require_user
from app.database import db_session
from app.errors import problem
from community.models import Area, Category, Need, Offer, User
from community.models.posts import URGENCIES
from community.posts import (
    NearbyQuery,
    PostCell,
    PublicNeed,
    PublicOffer,
    cell_span,
    count_nearby_by_cell,
    listed_needs_clause,
    listed_offers_clause,
    present_needs,
    present_offers,
)

# Points only from this zoom, and only when the box holds no more than MAX_POINTS posts: otherwise
# clusters, in cells of CELL_DEGREES_AT_14 / 2 ** (zoom - 14) degrees (64 pixels at the zoom asked), never
# smaller than at zoom 14 (about 380 by 610 metres in London), and doubled until the box touches no more
# than MAX_CELLS of them. A cluster is under 250 bytes and a post about 450 (with a 60-letter title), so
# an answer stays under 100 KB (tests/web/test_map_clusters.py).
POINTS_FROM_ZOOM = 14
MAX_POINTS = 150
MAX_CELLS = 300
CELL_DEGREES_AT_14 = 90 / 2**14
MAX_ZOOM = 22
KINDS = ("needs", "offers", "all")
SMALL_COUNT = 5
BBOX_HELP = "Give bbox as minLng,minLat,maxLng,maxLat in degrees, like -0.33,51.50,-0.29,51.52"


def _bad_request(detail: str) -> ApiError:
    return ApiError(problem(400, "Bad Request", detail))


def parse_bbox(text: str | None) -> tuple[float, float, float, float]:
    """(min_lng, min_lat, max_lng, max_lat) from ``"minLng,minLat,maxLng,maxLat"``, or a 400."""
    if not text:
        raise _bad_request(BBOX_HELP)
    parts = text.split(",")
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        raise _bad_request(BBOX_HELP) from None
    if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
        raise _bad_request(BBOX_HELP)
    min_lng, min_lat, max_lng, max_lat = numbers
    if not (-180 <= min_lng < max_lng <= 180 and -90 <= min_lat < max_lat <= 90):
        raise _bad_request(BBOX_HELP + "; the minimums must be below the maximums")
    return min_lng, min_lat, max_lng, max_lat


def _filters(session) -> dict:
    kind = request.args.get("kind") or "all"
    if kind not in KINDS:
        raise _bad_request("kind must be needs, offers or all")
    urgency = request.args.get("urgency") or None
    if urgency is not None and urgency not in URGENCIES:
        raise _bad_request("urgency must be today, this_week or no_rush")
    category = None
    slug = request.args.get("category") or None
    if slug is not None:
        category = session.scalar(select(Category).where(Category.slug == slug))
        if category is None:
            raise _bad_request(f"There is no category {slug[:40]!r}")
    zoom_text = request.args.get("zoom") or None
    zoom = None
    if zoom_text is not None:
        if not (zoom_text.isascii() and zoom_text.isdigit() and int(zoom_text) <= MAX_ZOOM):
            raise _bad_request(f"zoom must be a whole number from 0 to {MAX_ZOOM}")
        zoom = int(zoom_text)
    return {"kind": kind, "urgency": urgency, "category": category, "zoom": zoom}


def _nearby_query(box, filters) -> NearbyQuery:
    min_lng, min_lat, max_lng, max_lat = box
    return NearbyQuery(
        origin=((min_lat + max_lat) / 2, (min_lng + max_lng) / 2),
        show={"all": "both"}.get(filters["kind"], filters["kind"]),
        category_id=filters["category"].id if filters["category"] is not None else None,
        urgency=filters["urgency"],
    )


def _nearby_box(box) -> tuple[float, float, float, float]:
    min_lng, min_lat, max_lng, max_lat = box
    return min_lat, max_lat, min_lng, max_lng


def cell_size(box, zoom: int | None) -> float:
    """The grid's cell, in degrees, for clusters of ``box`` (the API's order) at ``zoom``."""
    size = CELL_DEGREES_AT_14 / 2 ** (max(min(zoom, MAX_ZOOM), 14) - 14) if zoom is not None else 0
    size = max(size, CELL_DEGREES_AT_14)
    while True:
        first_row, last_row, first_col, last_col = cell_span(_nearby_box(box), size)
        if (last_row - first_row + 1) * (last_col - first_col + 1) <= MAX_CELLS:
            return size
        size *= 2


def _in_box(model, box):
    min_lng, min_lat, max_lng, max_lat = box
    return (model.public_lat.between(min_lat, max_lat), model.public_lng.between(min_lng, max_lng))


def _ward_touches_box(box):
    min_lng, min_lat, max_lng, max_lat = box
    return (Area.min_lat <= max_lat, Area.max_lat >= min_lat, Area.min_lng <= max_lng,
            Area.max_lng >= min_lng)


def _visible_needs(viewer: User, filters):
    """What the near-me list shows (``listed_needs_clause``: other people's open needs the viewer may
    see); ``present_needs`` checks each again before anything is shown."""
    query = select(Need).join(Category, Need.category_id == Category.id).where(listed_needs_clause(viewer))
    if filters["category"] is not None:
        query = query.where(Need.category_id == filters["category"].id)
    if filters["urgency"] is not None:
        query = query.where(Need.urgency == filters["urgency"])
    return query


def _visible_offers(viewer: User, filters):
    query = select(Offer).join(Category, Offer.category_id == Category.id).where(listed_offers_clause(viewer))
    if filters["category"] is not None:
        query = query.where(Offer.category_id == filters["category"].id)
    return query


def _visible(viewer: User, filters, model):
    return _visible_needs(viewer, filters) if model is Need else _visible_offers(viewer, filters)


def _kinds(filters) -> list:
    # Offers have no urgency: asking for urgent needs shows needs only.
    kinds = [Need] if filters["kind"] in ("needs", "all") else []
    if filters["kind"] in ("offers", "all") and filters["urgency"] is None:
        kinds.append(Offer)
    return kinds


def _points(session, viewer: User, box, filters, salt: str) -> tuple[list[dict], bool]:
    """The posts in the box, newest first, at the positions ``present_*`` gives this viewer."""
    origin = (viewer.home_lat, viewer.home_lng) if viewer.has_home else None
    found: list[tuple] = []
    truncated = False
    for model in _kinds(filters):
        query = _visible(viewer, filters, model)
        if not viewer.is_connector:
            # Health-related posts are counted per ward instead (see _ward_counts).
            query = query.where(Category.sensitive.is_(False))
        loads = [selectinload(model.category), selectinload(model.area)]
        loads.append(selectinload(Need.posted_by) if model is Need else selectinload(Offer.user))
        query = query.where(*_in_box(model, box)).options(*loads)
        posts = list(session.scalars(
            query.order_by(model.created_at.desc(), model.id.desc()).limit(MAX_POINTS + 1)
        ))
        truncated = truncated or len(posts) > MAX_POINTS
        present = present_needs if model is Need else present_offers
        created = {post.id: post.created_at for post in posts}
        found += [(created[shown.id], shown)
                  for shown in present(session, posts, viewer, salt=salt, origin=origin)
                  # Defence in depth: a sensitive post reaches the map only where it may be exact.
                  if shown.location_is_exact or not shown.sensitive]
    found.sort(key=lambda item: item[0], reverse=True)
    truncated = truncated or len(found) > MAX_POINTS
    return [_post_feature(data) for _created, data in found[:MAX_POINTS]], truncated


def _ward_counts(session, viewer: User, box, filters) -> dict[int, int]:
    """Health-related posts the viewer may see but not place, counted for every ward the box touches.

    Counting by ward, not by whether a post's own point is in the box, means that narrowing the box cannot
    find where a health-related post is.
    """
    if viewer.is_connector:
        return {}
    counts: dict[int, int] = defaultdict(int)
    for model in _kinds(filters):
        query = _visible(viewer, filters, model)
        rows = session.execute(
            query.join(Area, model.area_id == Area.id)
            .where(Category.sensitive.is_(True), *_ward_touches_box(box))
            .with_only_columns(model.area_id, func.count())
            .group_by(model.area_id)
        )
        for area_id, count in rows:
            counts[area_id] += count
    return counts


def _point(lat: float, lng: float, properties: dict) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lng, lat]},
            "properties": properties}


def _post_feature(post: PublicNeed | PublicOffer) -> dict:
    noun = post.type
    if isinstance(post, PublicNeed):
        url, urgency = url_for("residents.need", need_id=post.id), post.urgency_label
    else:
        url, urgency = url_for("residents.offer", offer_id=post.id), ""
    return _point(post.lat, post.lng, {
        "kind": noun,
        "kind_label": noun.capitalize(),
        "id": post.id,
        "title": post.title,
        "label": f"{noun.capitalize()}: {post.title}",
        "category": post.category.name,
        "urgency": urgency or "",
        "distance": post.distance_band or "",
        "area": post.area or "",
        "url": url,
        "link_text": f"View this {noun}",
    })


def _cluster_feature(cell: PostCell) -> dict:
    min_lat, max_lat, min_lng, max_lng = cell.box
    noun = "post" if cell.count == 1 else "posts"
    return {"type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(cell.lng, 5), round(cell.lat, 5)]},
            "properties": {
                "kind": "cluster",
                "posts": cell.count,
                "count_text": f"{cell.count:,}",
                "label": f"{cell.count:,} {noun} around here. Select to zoom in",
                "bbox": [round(min_lng, 6), round(min_lat, 6), round(max_lng, 6), round(max_lat, 6)],
            }}


def _aggregate_features(session, counts: dict[int, int]) -> list[dict]:
    if not counts:
        return []
    features = []
    for area in session.scalars(select(Area).where(Area.id.in_(list(counts))).order_by(Area.name)):
        count = counts[area.id]
        text = str(count) if count >= SMALL_COUNT else f"under {SMALL_COUNT}"
        features.append(_point(area.centre_lat, area.centre_lng, {
            "kind": "aggregate",
            "kind_label": "Health-related needs and offers, counted for the ward",
            "title": f"Health-related posts in {area.name}",
            "label": f"Health-related needs and offers in {area.name}: {text}",
            "area": area.name,
            "count": text,
            "count_text": str(count) if count >= SMALL_COUNT else f"<{SMALL_COUNT}",
        }))
    return features


@bp.get("/map/posts")
@api_view
def map_posts():
    viewer = require_user()
    session = db_session()
    box = parse_bbox(request.args.get("bbox"))
    filters = _filters(session)
    query = _nearby_query(box, filters)
    zoom = filters["zoom"]
    # One grouped count answers both questions: how many are in the box (points, if few enough, from
    # POINTS_FROM_ZOOM in) and how many in each cell (the clusters otherwise).
    cells = count_nearby_by_cell(session, viewer=viewer, query=query, box=_nearby_box(box),
                                 size=cell_size(box, zoom))
    in_box = sum(cell.inside for cell in cells)
    if (zoom is None or zoom >= POINTS_FROM_ZOOM) and in_box <= MAX_POINTS:
        features, truncated = _points(session, viewer, box, filters, current_app.config["LOCATION_SALT"])
        features += _aggregate_features(session, _ward_counts(session, viewer, box, filters))
        clustered, total = False, in_box
    else:
        features, truncated, clustered = [_cluster_feature(cell) for cell in cells], False, True
        total = sum(cell.count for cell in cells)
    body = {"type": "FeatureCollection", "features": features, "truncated": truncated,
            "clustered": clustered, "total": total}
    return body, 200, {"Cache-Control": "private, no-store"}


_PROPERTIES = {
    "kind": {"type": "string", "enum": ["need", "offer", "aggregate", "cluster"]},
    "kind_label": {"type": "string"},
    "id": {"type": "integer", "description": "The need's or offer's id (absent on aggregates)"},
    "title": {"type": "string", "description": "Plain text, as the poster typed it: never HTML"},
    "label": {"type": "string", "description": "An accessible name for the marker"},
    "category": {"type": "string"},
    "urgency": {"type": "string", "description": "Needs only: Today, This week or No rush"},
    "distance": {"type": "string", "description": "From the viewer's home, as a band like '1 to 2 km'"},
    "area": {"type": "string", "description": "The ward"},
    "url": {"type": "string", "description": "The post's page on this site"},
    "link_text": {"type": "string"},
    "count": {"type": "string", "description": "Aggregates only: how many, or 'under 5'"},
    "count_text": {"type": "string", "description": "Aggregates and clusters: the short badge text"},
    "posts": {"type": "integer", "minimum": 1,
              "description": "Clusters only: how many posts have their public position in the cell"},
    "bbox": {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4,
             "description": "Clusters only: the cell, as [minLng, minLat, maxLng, maxLat]; zoom to it"},
}

_COORDINATES = {
    "type": "array",
    "items": {"type": "number"},
    "minItems": 2,
    "maxItems": 2,
    "description": "[longitude, latitude]: the public (blurred) position unless you posted it, are its "
    "accepted helper or are a connector; a ward's centre for an aggregate; the mean of the public positions "
    "counted for a cluster",
}

OPENAPI_SCHEMAS = {
    "MapPostFeature": {
        "type": "object",
        "properties": {
            "type": {"const": "Feature"},
            "geometry": {
                "type": "object",
                "properties": {"type": {"const": "Point"}, "coordinates": _COORDINATES},
            },
            "properties": {"type": "object", "properties": _PROPERTIES},
        },
    },
    "MapPosts": {
        "type": "object",
        "description": "A GeoJSON FeatureCollection of posts (and per-ward counts of health-related posts), "
        "or of clusters: counts per cell of a grid",
        "properties": {
            "type": {"const": "FeatureCollection"},
            "truncated": {
                "type": "boolean",
                "description": "True when posts were left out: only if posts arrived between counting and "
                "loading them. Zoom in",
            },
            "clustered": {
                "type": "boolean",
                "description": "True when the features are clusters (counts per cell) rather than posts",
            },
            "total": {
                "type": "integer",
                "description": "How many posts the near-me list counts with their public position in the box "
                "(for clusters, in the cells the box touches), for the same filters",
            },
            "features": {"type": "array", "items": {"$ref": "#/components/schemas/MapPostFeature"}},
        },
        "required": ["type", "features", "truncated", "clustered", "total"],
    },
}

OPENAPI_PATHS = {
    "/map/posts": {
        "get": {
            "summary": "Open needs and active offers in a map's view, as GeoJSON",
            "description": "Positions are public (blurred 200 to 500 metres) except for the people allowed "
            "the exact place. Health-related posts come as a count per ward unless you may see them "
            f"exactly. Posts come one by one only from zoom {POINTS_FROM_ZOOM} (or with no zoom given) "
            f"and when no more than {MAX_POINTS} are in the box, newest first; otherwise they come as "
            "clusters: how many have their public position in each cell of a fixed grid, for every cell "
            f"the box touches (at most {MAX_CELLS} cells), whoever you are.",
            "tags": ["maps"],
            "parameters": [
                {"name": "bbox", "in": "query", "required": True, "schema": {"type": "string"},
                 "description": "minLng,minLat,maxLng,maxLat", "example": "-0.33,51.50,-0.29,51.52"},
                {"name": "kind", "in": "query", "schema": {"type": "string", "enum": list(KINDS)}},
                {"name": "category", "in": "query", "schema": {"type": "string"},
                 "description": "A category slug"},
                {"name": "urgency", "in": "query", "schema": {"type": "string", "enum": list(URGENCIES)},
                 "description": "Needs of this urgency only (offers have none, so none are returned)"},
                {"name": "zoom", "in": "query",
                 "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ZOOM},
                 "description": f"The map's zoom: below {POINTS_FROM_ZOOM}, clusters"},
            ],
            "responses": {
                "200": {
                    "description": "The posts in view",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MapPosts"}}},
                },
                "400": {"description": "A bad bbox or filter", "content": {
                    "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
                "401": {"description": "Not signed in", "content": {
                    "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
            },
        }
    }
}
