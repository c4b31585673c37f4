"""What other systems download: the wards and categories with their ids, and the public group directory
as CSV rows or GeoJSON features (each group's service area as one polygon: its wards and drawn area)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from community.directory.ids import uuids_for
from community.groups.directory import active, by_name
from community.models import Area, AreaKind, Category, DirectoryIdKind, Group
from community.places.geo import area_geometry, parse_geometry

__all__ = ["ward_records", "ward_features", "category_records", "directory_records", "directory_csv",
           "directory_features", "CSV_HEADER"]

SIMPLIFY_DEGREES = 0.0001
CSV_HEADER = ("id", "oruk_service_id", "name", "description", "kind", "email", "phone", "website",
              "assured_date", "verified", "ward_codes", "ward_names", "categories", "base_lat", "base_lng")


def _wards(session: Session) -> list[Area]:
    return list(session.scalars(select(Area).where(Area.kind == AreaKind.WARD).order_by(Area.name)))


def ward_records(session: Session) -> list[dict[str, Any]]:
    wards = _wards(session)
    uuids = uuids_for(session, DirectoryIdKind.AREA, [w.id for w in wards])
    return [{"id": w.id, "code": w.code, "name": w.name, "oruk_id": uuids.get(w.id),
             "centre": {"lat": w.centre_lat, "lng": w.centre_lng}} for w in wards]


def _simplified(area: Area) -> Any:
    return area_geometry(area).simplify(SIMPLIFY_DEGREES, preserve_topology=True)


def ward_features(session: Session) -> list[dict[str, Any]]:
    records = {r["id"]: r for r in ward_records(session)}
    return [{"type": "Feature", "id": w.id, "geometry": json.loads(shapely.to_geojson(_simplified(w))),
             "properties": {k: v for k, v in records[w.id].items() if k != "centre"}}
            for w in _wards(session)]


def category_records(session: Session) -> list[dict[str, Any]]:
    categories = list(session.scalars(select(Category).order_by(Category.position, Category.id)))
    uuids = uuids_for(session, DirectoryIdKind.TAXONOMY_TERM, [c.id for c in categories])
    return [{"id": c.id, "slug": c.slug, "name": c.name, "description": c.description,
             "sensitive": c.sensitive, "regulated": c.regulated, "retired": c.retired,
             "oruk_id": uuids.get(c.id)} for c in categories]


def _groups(session: Session) -> list[Group]:
    return list(session.scalars(by_name(active(select(Group))).options(
        selectinload(Group.areas), selectinload(Group.categories))))


def directory_records(session: Session, groups: Iterable[Group] | None = None) -> list[dict[str, Any]]:
    """Each open group's public listing, flat: what the CSV and the GeoJSON's properties hold."""
    groups = list(groups) if groups is not None else _groups(session)
    services = uuids_for(session, DirectoryIdKind.SERVICE, [g.id for g in groups])
    return [{
        "id": g.id, "oruk_service_id": services.get(g.id), "name": g.name, "description": g.description,
        "kind": str(g.kind), "email": g.contact_email, "phone": g.contact_phone, "website": g.website,
        "assured_date": g.assured_at.date().isoformat() if g.assured_at else None,
        "verified": g.verified_at is not None,
        "ward_codes": [a.code for a in g.areas], "ward_names": [a.name for a in g.areas],
        "categories": [c.slug for c in g.categories], "base_lat": g.base_lat, "base_lng": g.base_lng,
    } for g in groups]


def _cell(value: Any) -> str:
    """A CSV cell; text a spreadsheet would run as a formula is quoted with a leading apostrophe.

    >>> _cell("=HYPERLINK(1)"), _cell(["E05000170", "E05000171"]), _cell(None), _cell(True)
    ("'=HYPERLINK(1)", 'E05000170;E05000171', '', 'yes')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ";".join(value)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def directory_csv(session: Session) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for record in directory_records(session):
        writer.writerow([_cell(record[column]) for column in CSV_HEADER])
    return out.getvalue()


def directory_features(session: Session) -> list[dict[str, Any]]:
    """One feature per open group: its wards and drawn area joined into one (Multi)Polygon, or no
    geometry for a group that has said neither."""
    groups = _groups(session)
    features = []
    for group, record in zip(groups, directory_records(session, groups), strict=True):
        shapes = [_simplified(a) for a in group.areas]
        if group.drawn_area:
            shapes.append(parse_geometry(group.drawn_area, repair=True))
        geometry = json.loads(shapely.to_geojson(shapely.union_all(shapes))) if shapes else None
        features.append({"type": "Feature", "id": group.id, "geometry": geometry, "properties": record})
    return features
