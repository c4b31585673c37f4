"""API: the groups map's layers as GeoJSON, with the same filters as the group directory.

Every layer is public information (what groups exist, where they work, who they work with). Group names
are user text: they travel as JSON properties and weave-map.js only ever puts them in ``textContent``.
"""

from __future__ import annotations

import functools
import json

import shapely
from flask import request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.api import bp
from app.api.common import api_view
from app.database import db_session
from app.groups.directory import read_filters
from community.groups import KIND_LABELS, PARTNERSHIP_KIND_LABELS, assurance, by_name, filtered
from community.models import Area, Group, Partnership, group_areas
from community.places import area_geometry

MAX_FEATURES = 2000
# About 10 m at London's latitude: invisible at the zooms a borough map uses, and far fewer points.
SIMPLIFY_DEGREES = 0.0001
NAMES_IN_LABEL = 5


@functools.lru_cache(maxsize=512)
def _simplified(area_id: int, code: str, text: str) -> dict:
    shape = area_geometry(Area(id=area_id, code=code, geometry=text))
    return json.loads(shapely.to_geojson(shape.simplify(SIMPLIFY_DEGREES, preserve_topology=True)))


def _ward_geometry(area: Area) -> dict:
    return _simplified(area.id, area.code, area.geometry)


def _collection(features: list[dict], truncated: bool = False) -> tuple[dict, int, dict]:
    body = {"type": "FeatureCollection", "features": features}
    if truncated:
        body["truncated"] = True
    return body, 200, {"Content-Type": "application/geo+json"}


def _matching_ids():
    filters, _params = read_filters(request.args)
    return filtered(filters).with_only_columns(Group.id)


def _names(names: list[str]) -> str:
    """
    >>> _names(["A", "B"]), _names(["A", "B", "C", "D", "E", "F", "G"])
    ('A, B', 'A, B, C, D, E and 2 more')
    """
    shown = ", ".join(names[:NAMES_IN_LABEL])
    more = len(names) - NAMES_IN_LABEL
    return f"{shown} and {more} more" if more > 0 else shown


@bp.get("/groups/map/wards")
@api_view
def groups_map_wards():
    """Every ward's outline, for the drawing map."""
    wards = db_session().scalars(select(Area).where(Area.kind == "ward").order_by(Area.name))
    return _collection([
        {"type": "Feature", "geometry": _ward_geometry(ward), "properties": {"name": ward.name}}
        for ward in wards
    ])


@bp.get("/groups/map/areas")
@api_view
def groups_map_areas():
    """Each ward where at least one of the matching groups works, with how many and which."""
    session = db_session()
    rows = session.execute(
        select(group_areas.c.area_id, Group.name)
        .join(Group, Group.id == group_areas.c.group_id)
        .where(group_areas.c.group_id.in_(_matching_ids()))
        .order_by(Group.name_normalised)
    ).all()
    by_ward: dict[int, list[str]] = {}
    for area_id, name in rows:
        by_ward.setdefault(area_id, []).append(name)
    wards = session.scalars(select(Area).where(Area.id.in_(by_ward)).order_by(Area.name))
    features = []
    for ward in wards:
        names = by_ward[ward.id]
        features.append({
            "type": "Feature",
            "geometry": _ward_geometry(ward),
            "properties": {"name": ward.name, "groups_count": len(names), "groups_label": _names(names)},
        })
    return _collection(features)


@bp.get("/groups/map/drawn")
@api_view
def groups_map_drawn():
    """The areas matching groups drew for themselves."""
    groups = db_session().scalars(
        by_name(select(Group).where(Group.id.in_(_matching_ids()), Group.drawn_area.is_not(None)))
        .limit(MAX_FEATURES)
    ).all()
    return _collection([
        {
            "type": "Feature",
            "geometry": json.loads(group.drawn_area),
            "properties": {"name": group.name, "area_label": "Drawn by the group",
                           "url": url_for("groups.detail", group_id=group.id)},
        }
        for group in groups
    ])


@bp.get("/groups/map/bases")
@api_view
def groups_map_bases():
    """Where each matching group is based (groups without a base are in the table beside the map)."""
    groups = db_session().scalars(
        by_name(select(Group).where(Group.id.in_(_matching_ids()), Group.base_lat.is_not(None)))
        .options(selectinload(Group.areas).load_only(Area.name), selectinload(Group.categories))
        .limit(MAX_FEATURES + 1)
    ).all()
    features = []
    for group in groups[:MAX_FEATURES]:
        state = assurance(group)
        status = ["Verified by the council"] if group.verified_at else []
        if state.is_stale:
            status.append("Not confirmed for over a year")
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [group.base_lng, group.base_lat]},
            "properties": {
                "id": group.id,
                "name": group.name,
                "marker_class": "group",
                "kind_label": KIND_LABELS[group.kind],
                "categories_label": ", ".join(c.name for c in group.categories),
                "areas_label": ", ".join(a.name for a in group.areas) or "An area drawn on the map",
                "status_label": "; ".join(status) or "Listed by the group",
                "url": url_for("groups.detail", group_id=group.id),
            },
        })
    return _collection(features, truncated=len(groups) > MAX_FEATURES)


@bp.get("/groups/map/partnerships")
@api_view
def groups_map_partnerships():
    """Active partnerships between two matching groups that both have a base, as lines between them."""
    session = db_session()
    ids = _matching_ids()
    rows = session.scalars(
        select(Partnership)
        .where(Partnership.status == "active")
        .where(Partnership.group_a_id.in_(ids), Partnership.group_b_id.in_(ids))
        .order_by(Partnership.id)
        .limit(MAX_FEATURES)
    ).all()
    group_ids = {p.group_a_id for p in rows} | {p.group_b_id for p in rows}
    groups = {
        g.id: g
        for g in session.scalars(
            select(Group).where(Group.id.in_(group_ids), Group.base_lat.is_not(None))
        )
    }
    features = []
    for partnership in rows:
        a, b = groups.get(partnership.group_a_id), groups.get(partnership.group_b_id)
        if a is None or b is None or a.base_lat is None or b.base_lat is None:
            continue
        features.append({
            "type": "Feature",
            "geometry": {
                "type": "LineString",
                "coordinates": [[a.base_lng, a.base_lat], [b.base_lng, b.base_lat]],
            },
            "properties": {"name": f"{a.name} and {b.name}", "kind": partnership.kind,
                           "kind_label": PARTNERSHIP_KIND_LABELS[partnership.kind]},
        })
    return _collection(features)


def _layer(summary: str, description: str) -> dict:
    return {
        "get": {
            "summary": summary,
            "description": f"{description} Takes the directory's filters: ward (id), category (slug), "
            "kind, q.",
            "tags": ["groups map"],
            "parameters": [
                {"name": "ward", "in": "query", "schema": {"type": "integer"}},
                {"name": "category", "in": "query", "schema": {"type": "string"}},
                {"name": "kind", "in": "query", "schema": {"type": "string", "enum": list(KIND_LABELS)}},
                {"name": "q", "in": "query", "schema": {"type": "string"}},
            ],
            "responses": {"200": {"description": "A GeoJSON FeatureCollection",
                                  "content": {"application/geo+json": {"schema": {"type": "object"}}}}},
        }
    }


GEOJSON_PATHS = {
    "/groups/map/wards": {"get": {
        "summary": "Ward outlines, for drawing a group's area",
        "tags": ["groups map"],
        "responses": {"200": {"description": "A GeoJSON FeatureCollection"}},
    }},
    "/groups/map/areas": _layer("Wards where the matching groups work",
                                "Properties: name, groups_count, groups_label."),
    "/groups/map/drawn": _layer("Areas the matching groups drew", "Properties: name, area_label, url."),
    "/groups/map/bases": _layer(
        "Where the matching groups are based",
        f"Point features, at most {MAX_FEATURES} (then truncated is true).",
    ),
    "/groups/map/partnerships": _layer("Active partnerships between matching groups, as lines",
                                       "Properties: name, kind, kind_label."),
}
