"""The public group directory as Open Referral UK (the HSDS UK profile, version 3.0).

Only what a group publishes on its public listing goes out: its name, what it does, its public contact
email, telephone and website, whether it is open, when its details were last confirmed (the assured date),
the wards it serves (with their ONS codes and outlines), the shape it drew, its kinds of help and its
public base. Nothing about any person, ever: not its members, not who made it, not residents' posts.

- A group is one ``organization`` and one ``service`` (a Weave group is both at once).
- Wards are ``service_areas`` with the ONS code in ``uri`` (the ONS linked-data address of the code) and
  the outline as GeoJSON in ``extent``; a drawn area is one more service area with only an extent.
- Categories of help are ``taxonomy_terms`` of one taxonomy, Weave's own, linked by ``attributes``.
- The public telephone number is a ``contact`` named "Telephone" (the UK profile's contact has no phone).
- A group with a public base is at one ``location``, so ``/service_at_locations`` can be searched by
  postcode and proximity.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import shapely
from sqlalchemy import Select, String, cast, literal, null, select, type_coerce, union_all
from sqlalchemy.orm import Session, selectinload

from community.directory.ids import MissingIds, derived_uuid, local_ids_for, taxonomy_uuid, uuids_for
from community.errors import NotFound, ValidationFailed
from community.groups.directory import active, by_name, for_category, matching
from community.i18n import _
from community.models import Area, Category, DirectoryId, DirectoryIdKind, DirectoryListing, Group
from community.models.types import UTCDateTime
from community.pagination import Page, paginate
from community.places.geo import area_geometry
from community.places.locations import lookup_postcode
from community.places.privacy import metres_between

__all__ = [
    "ORUK_VERSION",
    "ORUK_PROFILE",
    "TAXONOMY_NAME",
    "ONS_URI",
    "MAX_PER_PAGE",
    "ServiceQuery",
    "api_info",
    "list_services",
    "get_service",
    "list_taxonomies",
    "get_taxonomy",
    "list_taxonomy_terms",
    "get_taxonomy_term",
    "list_service_at_locations",
    "export_services",
    "export_document",
]

ORUK_VERSION = "3.0"
ORUK_PROFILE = "https://openreferraluk.org/"
TAXONOMY_NAME = "Weave categories of help"
# The ONS linked-data address of a statistical geography code, such as a ward's E05000170.
ONS_URI = "http://statistics.data.gov.uk/id/statistical-geography/"
DEFAULT_PER_PAGE, MAX_PER_PAGE = 50, 200
DEFAULT_PROXIMITY_METRES, MAX_PROXIMITY_METRES = 5_000, 50_000
# About 10 m at a British latitude: the outline stays true at any map scale a reader uses.
SIMPLIFY_DEGREES = 0.0001


@dataclass(frozen=True)
class ServiceQuery:
    """The ORUK list parameters Weave can honour. Ages, days and times: Weave's groups have none."""

    search: str = ""
    taxonomy_term_id: str = ""
    taxonomy_id: str = ""
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    postcode: str = ""
    proximity: int | None = None


def api_info(*, profile: str = ORUK_PROFILE, openapi_url: str) -> dict[str, str]:
    return {"version": ORUK_VERSION, "profile": profile, "openapi_url": openapi_url}


def _page(items: list[dict[str, Any]], *, total: int, page: int, per_page: int) -> dict[str, Any]:
    pages = max(1, -(-total // per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(items),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": total == 0,
        "contents": items,
    }


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _without_empty(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if value not in (None, "", [])}


def _aware(moment: datetime | str) -> datetime:
    """A moment read through a UNION, where SQLite may hand back text and a naive time."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class _Ids:
    """The UUIDs of one response's groups, categories and areas, read in one query each."""

    def __init__(self, session: Session, groups: Sequence[Group], *, full: bool) -> None:
        group_ids = sorted({g.id for g in groups})
        self.organizations: dict[int, str] = {}
        self.services: dict[int, str] = {}
        self.updated: dict[int, datetime] = {}
        if group_ids:
            # One round trip: the groups' ids, and (as kind "listing") when an imported one was last loaded.
            ids = select(type_coerce(DirectoryId.kind, String).label("kind"),
                         DirectoryId.local_id.label("local_id"), DirectoryId.uuid.label("uuid"),
                         cast(null(), UTCDateTime).label("updated")).where(
                DirectoryId.kind.in_((DirectoryIdKind.ORGANIZATION, DirectoryIdKind.SERVICE)),
                DirectoryId.local_id.in_(group_ids))
            listed = select(literal("listing"), DirectoryListing.group_id, cast(null(), String),
                            DirectoryListing.updated_at).where(DirectoryListing.group_id.in_(group_ids))
            for row in session.execute(union_all(ids, listed)):
                kind, local_id = str(row[0]), int(row[1])
                if kind == "listing":
                    self.updated[local_id] = _aware(row[3])
                else:
                    found = self.organizations if kind == DirectoryIdKind.ORGANIZATION else self.services
                    found[local_id] = str(row[2])
        self.terms: dict[int, str] = {}
        self.areas: dict[int, str] = {}
        self.taxonomy = ""
        if full:
            categories = {c.id for g in groups for c in g.categories}
            categories |= {c.parent_id for g in groups for c in g.categories if c.parent_id}
            self.terms = uuids_for(session, DirectoryIdKind.TAXONOMY_TERM, categories)
            self.areas = uuids_for(session, DirectoryIdKind.AREA, {a.id for g in groups for a in g.areas})
            self.taxonomy = taxonomy_uuid(session)

    def service(self, group: Group) -> str:
        return self.services[group.id]


def _organization(group: Group, ids: _Ids) -> dict[str, Any]:
    return _without_empty({
        "id": ids.organizations[group.id],
        "name": group.name,
        "description": group.description or group.name,
        "email": group.contact_email,
        "website": group.website,
    })


def _last_modified(group: Group, ids: _Ids) -> datetime:
    moments = [m for m in (group.created_at, group.assured_at, group.verified_at, ids.updated.get(group.id))
               if m is not None]
    return max(moments)


def _service(group: Group, ids: _Ids) -> dict[str, Any]:
    """The one-to-one fields of a group's service (``service_list``)."""
    service = ids.service(group)
    return _without_empty({
        "id": service,
        "organization_id": ids.organizations[group.id],
        "name": group.name,
        "description": group.description,
        "url": group.website,
        "email": group.contact_email,
        "status": "defunct" if group.closed_at else "active",
        "assured_date": group.assured_at.date().isoformat() if group.assured_at else None,
        "last_modified": _stamp(_last_modified(group, ids)),
        "organization": _organization(group, ids),
    })


@functools.lru_cache(maxsize=512)
def _outline(area_id: int, code: str, text: str) -> str:
    shape = area_geometry(Area(id=area_id, code=code, geometry=text))
    return shapely.to_geojson(shape.simplify(SIMPLIFY_DEGREES, preserve_topology=True))


def _term(category: Category, ids: _Ids) -> dict[str, Any]:
    return _without_empty({
        "id": ids.terms[category.id],
        "name": category.name,
        "description": category.description or category.name,
        "parent_id": ids.terms.get(category.parent_id) if category.parent_id else None,
        "taxonomy": TAXONOMY_NAME,
        "taxonomy_id": ids.taxonomy,
        "term": category.slug,
    })


def _location(group: Group, ids: _Ids) -> dict[str, Any] | None:
    if group.base_lat is None or group.base_lng is None:
        return None
    return {
        "id": derived_uuid(ids.service(group), "location"),
        "location_type": "physical",
        "name": group.name,
        "description": _("Where the group is based (a postcode's or a ward's centre)"),
        "latitude": round(group.base_lat, 6),
        "longitude": round(group.base_lng, 6),
    }


def _full_service(group: Group, ids: _Ids) -> dict[str, Any]:
    service = ids.service(group)
    record = _service(group, ids)
    areas = [
        {
            "id": derived_uuid(service, f"service_area:{ids.areas[area.id]}"),
            "service_id": service,
            "name": area.name,
            "service_area": area.name,
            "extent": _outline(area.id, area.code, area.geometry),
            "extent_type": "geojson",
            "uri": ONS_URI + area.code,
        }
        for area in group.areas
    ]
    if group.drawn_area:
        areas.append({
            "id": derived_uuid(service, "service_area:drawn"),
            "service_id": service,
            "name": _("The area the group drew on the map"),
            "extent": group.drawn_area,
            "extent_type": "geojson",
        })
    record["service_areas"] = areas
    record["attributes"] = [
        {
            "id": derived_uuid(service, f"attribute:{ids.terms[category.id]}"),
            "link_id": service,
            "link_type": "service",
            "taxonomy_term_id": ids.terms[category.id],
            "taxonomy_term": _term(category, ids),
        }
        for category in group.categories
    ]
    record["contacts"] = (
        [{"id": derived_uuid(service, "contact:telephone"), "service_id": service, "name": "Telephone",
          "title": group.contact_phone}]
        if group.contact_phone else []
    )
    location = _location(group, ids)
    record["service_at_locations"] = (
        [{"id": derived_uuid(service, "service_at_location"), "service_id": service,
          "location_id": location["id"], "location": location}]
        if location else []
    )
    return record


def _published() -> Select:
    """The groups the directory publishes: every group still open (a group's listing is public)."""
    return active(select(Group))


def _filtered(session: Session, query: ServiceQuery) -> Select:
    selected = _published()
    if query.search.strip():
        selected = matching(selected, query.search[:100])
    if query.taxonomy_term_id:
        found = local_ids_for(session, DirectoryIdKind.TAXONOMY_TERM, [query.taxonomy_term_id])
        selected = for_category(selected, found.get(query.taxonomy_term_id.lower(), 0))
    if query.taxonomy_id and query.taxonomy_id.lower() != taxonomy_uuid(session):
        selected = selected.where(Group.id == 0)
    return selected


def _checked(query: ServiceQuery) -> tuple[int, int]:
    if query.page < 1:
        raise ValidationFailed({"page": _("page must be 1 or more")})
    if not 1 <= query.per_page <= MAX_PER_PAGE:
        raise ValidationFailed({"per_page": _("per_page must be from 1 to %(max)s", max=MAX_PER_PAGE)})
    return query.page, query.per_page


def list_services(session: Session, query: ServiceQuery) -> dict[str, Any]:
    """One page of services: a count, the page of groups, then their ids by primary key (one query, so
    the plan never depends on the database's statistics of the ids table)."""
    page, per_page = _checked(query)
    found: Page[Group] = paginate(session, by_name(_filtered(session, query)), page=page, per_page=per_page)
    ids = _Ids(session, found.items, full=False)
    if any(g.id not in ids.services or g.id not in ids.organizations for g in found.items):
        raise MissingIds("a group on this page")
    return _page([_service(g, ids) for g in found.items], total=found.total, page=page, per_page=per_page)


def _group_for_service(session: Session, service_id: str) -> Group:
    group_id = local_ids_for(session, DirectoryIdKind.SERVICE, [service_id]).get(service_id.lower())
    group = session.scalar(
        _published().where(Group.id == (group_id or 0))
        .options(selectinload(Group.areas), selectinload(Group.categories))
    )
    if group is None:
        raise NotFound(_("There is no service with that id"))
    return group


def get_service(session: Session, service_id: str) -> dict[str, Any]:
    group = _group_for_service(session, service_id)
    return _full_service(group, _Ids(session, [group], full=True))


def export_services(session: Session) -> list[dict[str, Any]]:
    """Every published service, fully nested: the whole directory as one ORUK document's ``contents``."""
    groups = list(session.scalars(
        by_name(_published()).options(selectinload(Group.areas), selectinload(Group.categories))
    ))
    ids = _Ids(session, groups, full=True)
    return [_full_service(g, ids) for g in groups]


def export_document(session: Session) -> dict[str, Any]:
    """The whole directory as one ``/services`` page of fully nested services (what import reads)."""
    services = export_services(session)
    return _page(services, total=len(services), page=1, per_page=max(1, len(services)))


def _taxonomy(session: Session) -> dict[str, Any]:
    return {
        "id": taxonomy_uuid(session),
        "name": TAXONOMY_NAME,
        "description": _("The kinds of help residents offer and ask for, and groups give, in Weave."),
        "version": "1",
    }


def list_taxonomies(session: Session, *, page: int = 1, per_page: int = DEFAULT_PER_PAGE) -> dict[str, Any]:
    page, per_page = _checked(ServiceQuery(page=page, per_page=per_page))
    items = [_taxonomy(session)] if page == 1 else []
    return _page(items, total=1, page=page, per_page=per_page)


def get_taxonomy(session: Session, taxonomy_id: str) -> dict[str, Any]:
    if taxonomy_id.lower() != taxonomy_uuid(session):
        raise NotFound(_("There is no taxonomy with that id"))
    return _taxonomy(session)


def _terms_ids(session: Session, categories: Sequence[Category]) -> _Ids:
    ids = _Ids(session, [], full=False)
    wanted = {c.id for c in categories} | {c.parent_id for c in categories if c.parent_id}
    ids.terms = uuids_for(session, DirectoryIdKind.TAXONOMY_TERM, wanted)
    ids.taxonomy = taxonomy_uuid(session)
    return ids


def list_taxonomy_terms(session: Session, *, page: int = 1,
                        per_page: int = DEFAULT_PER_PAGE) -> dict[str, Any]:
    page, per_page = _checked(ServiceQuery(page=page, per_page=per_page))
    ordered = select(Category).order_by(Category.position, Category.id)
    found: Page[Category] = paginate(session, ordered, page=page, per_page=per_page)
    ids = _terms_ids(session, found.items)
    return _page([_term(c, ids) for c in found.items], total=found.total, page=page, per_page=per_page)


def get_taxonomy_term(session: Session, term_id: str) -> dict[str, Any]:
    category_id = local_ids_for(session, DirectoryIdKind.TAXONOMY_TERM, [term_id]).get(term_id.lower())
    category = session.get(Category, category_id) if category_id else None
    if category is None:
        raise NotFound(_("There is no taxonomy term with that id"))
    return _term(category, _terms_ids(session, [category]))


def _service_at_location(group: Group, ids: _Ids, *, full: bool) -> dict[str, Any]:
    service = ids.service(group)
    location = _location(group, ids)
    assert location is not None
    return {
        "id": derived_uuid(service, "service_at_location"),
        "service_id": service,
        "location_id": location["id"],
        "location": location,
        "service": _full_service(group, ids) if full else _service(group, ids),
    }


def list_service_at_locations(session: Session, query: ServiceQuery) -> dict[str, Any]:
    """Groups with a public base; with a postcode, those within ``proximity`` metres of it, nearest first."""
    page, per_page = _checked(query)
    selected = _filtered(session, query).where(Group.base_lat.is_not(None), Group.base_lng.is_not(None))
    if not query.postcode.strip():
        found: Page[Group] = paginate(session, by_name(selected), page=page, per_page=per_page)
        groups, total = found.items, found.total
    else:
        proximity = query.proximity if query.proximity is not None else DEFAULT_PROXIMITY_METRES
        if not 1 <= proximity <= MAX_PROXIMITY_METRES:
            raise ValidationFailed({"proximity": _("proximity must be from 1 to %(max)s metres",
                                                   max=MAX_PROXIMITY_METRES)})
        lat, lng = lookup_postcode(session, query.postcode)
        near = []
        for group in session.scalars(selected):
            assert group.base_lat is not None and group.base_lng is not None
            metres = metres_between(lat, lng, group.base_lat, group.base_lng)
            if metres <= proximity:
                near.append((metres, group.name_normalised, group))
        near.sort(key=lambda item: item[:2])
        total = len(near)
        groups = [group for _m, _n, group in near[(page - 1) * per_page: page * per_page]]
    ids = _Ids(session, groups, full=False)
    items = [_service_at_location(g, ids, full=False) for g in groups]
    return _page(items, total=total, page=page, per_page=per_page)
