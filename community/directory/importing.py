"""Importing a directory: listings (``community.directory.sources``) become groups.

- Each listing is one group, found again by its ORUK service id (kept as the group's published UUID), so
  importing the same directory twice updates and never duplicates. Its organisation's id is kept too.
- Service areas become wards: by ONS code (read from the area's ``uri`` or name, through the mapping
  file's ``areas`` first), else by ward name, else by extent (the wards whose inside point the extent
  holds); an area with only an extent that lies in the council's area is kept as the group's drawn area
  (and gives it the wards it covers when it names none). Taxonomy terms become categories of help
  through the mapping file's ``taxonomy_terms`` (by the term's id, code or name), else by Weave's own
  term id, a category slug or a category name.
- What cannot be mapped is reported, and the group is imported without it. Contacts that name people are
  not imported (Weave keeps no person's name on a listing); a contact named "Telephone" is the group's
  public telephone number.
- Imported groups have no coordinator and nobody is their member; ``community.directory.claims`` lets a
  group's own people claim them.
- ``plan_import`` changes nothing; ``apply_import`` makes the plan and writes it, or raises
  ``DirectoryProblems`` (one line per problem) before writing anything.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import shapely
import yaml
from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from community.accounts.users import email_problem
from community.db import utcnow
from community.directory.ids import local_ids_for, uuids_for
from community.directory.sources import STATUSES, AreaRef, DirectoryProblems, Listing, TermRef
from community.errors import ValidationFailed
from community.groups.drawn_areas import check_drawn_area
from community.groups.manage import slugify
from community.models import (
    Area,
    AreaKind,
    Category,
    DirectoryId,
    DirectoryIdKind,
    DirectoryListing,
    Group,
    GroupKind,
)
from community.places.geo import area_geometry, parse_geometry

__all__ = ["Mapping", "read_mapping", "PlannedGroup", "ImportPlan", "plan_import", "apply_import"]

NAME_MAX, DESCRIPTION_MAX, PHONE_MAX, WEBSITE_MAX, SOURCE_MAX = 120, 2000, 40, 255, 500
_PHONE = re.compile(r"^\+?[0-9 ()\-]{7,}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$", re.IGNORECASE)


@dataclass(frozen=True)
class Mapping:
    """The council's own words for an imported directory's: term -> category slug, area -> ward code."""

    taxonomy_terms: dict[str, str] = field(default_factory=dict)
    areas: dict[str, str] = field(default_factory=dict)


def read_mapping(data: bytes | str | None) -> Mapping:
    """The mapping file (YAML: ``taxonomy_terms:`` and ``areas:``, each a dictionary); keys ignore case."""
    if not data:
        return Mapping()
    try:
        loaded = yaml.safe_load(data.decode("utf-8") if isinstance(data, bytes) else data)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise DirectoryProblems([f"The mapping file is not YAML: {error}"]) from None
    loaded = loaded or {}
    problems = []
    if not isinstance(loaded, dict):
        raise DirectoryProblems(["The mapping file must have taxonomy_terms: and areas: sections"])
    parts: dict[str, dict[str, str]] = {}
    for section in ("taxonomy_terms", "areas"):
        value = loaded.get(section) or {}
        if not isinstance(value, dict) or not all(isinstance(v, str | int) for v in value.values()):
            problems.append(f"The mapping file's {section} must map each name to one value")
            continue
        parts[section] = {str(k).strip().lower(): str(v).strip() for k, v in value.items()}
    unknown = set(loaded) - {"taxonomy_terms", "areas"}
    if unknown:
        problems.append(f"The mapping file has unknown sections: {', '.join(sorted(map(str, unknown)))}")
    if problems:
        raise DirectoryProblems(problems)
    return Mapping(taxonomy_terms=parts.get("taxonomy_terms", {}), areas=parts.get("areas", {}))


@dataclass
class PlannedGroup:
    listing: Listing
    action: str  # "create", "update" or "unchanged"
    group_id: int | None
    wards: list[Area]
    categories: list[Category]
    unmapped_areas: list[str]
    unmapped_terms: list[str]
    notes: list[str]
    drawn: str | None = None

    @property
    def name(self) -> str:
        return self.listing.name


@dataclass
class ImportPlan:
    source: str
    groups: list[PlannedGroup]

    def count(self, action: str) -> int:
        return sum(1 for g in self.groups if g.action == action)

    @property
    def unmapped(self) -> list[str]:
        lines = []
        for planned in self.groups:
            lines += [f"{planned.name}: service area “{a}” matches no ward" for a in planned.unmapped_areas]
            lines += [f"{planned.name}: taxonomy term “{t}” matches no category"
                      for t in planned.unmapped_terms]
            lines += [f"{planned.name}: {note}" for note in planned.notes]
        return lines

    def summary(self, *, done: bool) -> str:
        verbs = ("Created", "updated", "left") if done else ("Would create", "update", "leave")
        return (f"{verbs[0]} {self.count('create')} groups, {verbs[1]} {self.count('update')}, "
                f"{verbs[2]} {self.count('unchanged')} unchanged.")

    def lines(self, *, done: bool = False) -> list[str]:
        lines = [self.summary(done=done)]
        for planned in self.groups:
            wards = ", ".join(w.name for w in planned.wards) or "no wards"
            kinds = ", ".join(c.slug for c in planned.categories) or "no categories"
            lines.append(f"  {planned.action:<9} {planned.name} ({wards}; {kinds})")
        unmapped = self.unmapped
        if unmapped:
            lines.append(f"Could not map ({len(unmapped)}):")
            lines += [f"  {line}" for line in unmapped]
        return lines


class _Council:
    """What the importer matches against, read once: wards, categories and the groups already there."""

    def __init__(self, session: Session) -> None:
        self.wards = list(session.scalars(select(Area).where(Area.kind == AreaKind.WARD)))
        self.ward_by_code = {w.code.upper(): w for w in self.wards}
        self.ward_by_name = {w.name.lower(): w for w in self.wards}
        self.categories = list(session.scalars(select(Category)))
        self.category_by_slug = {c.slug.lower(): c for c in self.categories}
        self.category_by_name = {c.name.lower(): c for c in self.categories}
        self.category_by_uuid = {
            value: category
            for category_id, value in uuids_for(session, DirectoryIdKind.TAXONOMY_TERM,
                                                [c.id for c in self.categories]).items()
            if (category := next((c for c in self.categories if c.id == category_id), None))
        }
        self.group_by_name = dict(session.execute(select(Group.name_normalised, Group.id)).all())
        self._area: Any = None

    def covers(self, point: tuple[float, float]) -> bool:
        """Whether the (lat, lng) is inside a ward (the wards' union is made once, on first use)."""
        if self._area is None:
            self._area = shapely.union_all([area_geometry(w) for w in self.wards]) if self.wards \
                else shapely.Polygon()
            shapely.prepare(self._area)
        return bool(shapely.contains_xy(self._area, point[1], point[0]))

    def ward_for(self, area: AreaRef, mapping: Mapping, *, by_extent: bool = True) -> list[Area]:
        for key in (area.code.lower(), area.name.lower()):
            mapped = mapping.areas.get(key) if key else None
            if mapped:
                ward = self.ward_by_code.get(mapped.upper()) or self.ward_by_name.get(mapped.lower())
                return [ward] if ward else []
        if area.code and area.code.upper() in self.ward_by_code:
            return [self.ward_by_code[area.code.upper()]]
        if area.name and area.name.lower() in self.ward_by_name:
            return [self.ward_by_name[area.name.lower()]]
        if by_extent and area.extent and not area.code:
            return self._by_extent(area.extent)
        return []

    def _by_extent(self, extent: str) -> list[Area]:
        try:
            shape = parse_geometry(extent, repair=True)
        except Exception:  # noqa: BLE001 - an extent that is not GeoJSON maps to nothing, and is reported
            return []
        inside = []
        for ward in self.wards:
            point = area_geometry(ward).representative_point()
            if shapely.contains(shape, point):
                inside.append(ward)
        return inside

    def category_for(self, term: TermRef, mapping: Mapping) -> Category | None:
        for key in (term.id, term.term.lower(), term.name.lower()):
            mapped = mapping.taxonomy_terms.get(key) if key else None
            if mapped:
                return self.category_by_slug.get(mapped.lower())
        if term.id and term.id in self.category_by_uuid:
            return self.category_by_uuid[term.id]
        for key in (term.term.lower(), term.name.lower()):
            found = self.category_by_slug.get(key) or self.category_by_name.get(key)
            if found:
                return found
        return None


def _drawn(session: Session, extent: str) -> str | None:
    """An extent the group could have drawn itself (polygons inside or overlapping the council's area)."""
    try:
        return check_drawn_area(session, extent)
    except ValidationFailed:
        return None


def _assured(text: str) -> datetime | None:
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _problems(listings: list[Listing], council: _Council, existing: dict[str, int]) -> list[str]:
    problems: list[str] = []
    seen_ids: dict[str, str] = {}
    seen_names: dict[str, str] = {}
    for listing in listings:
        where = f"{listing.where}" + (f" ({listing.name})" if listing.name else "")
        if not listing.service_id:
            problems.append(f"{where}: no id")
        elif not _is_uuid(listing.service_id):
            problems.append(f"{where}: id {listing.service_id} is not a UUID")
        elif listing.service_id in seen_ids:
            problems.append(f"{where}: id {listing.service_id} is also {seen_ids[listing.service_id]}")
        else:
            seen_ids[listing.service_id] = listing.where
        if listing.organization_id and not _is_uuid(listing.organization_id):
            problems.append(f"{where}: organisation id {listing.organization_id} is not a UUID")
        if not listing.name:
            problems.append(f"{where}: no name")
        elif len(listing.name) > NAME_MAX:
            problems.append(f"{where}: the name is longer than {NAME_MAX} characters")
        else:
            key = listing.name.lower()
            if key in seen_names:
                problems.append(f"{where}: the name is also {seen_names[key]}’s (group names are unique)")
            seen_names[key] = listing.where
            owner = council.group_by_name.get(key)
            if owner is not None and owner != existing.get(listing.service_id):
                problems.append(f"{where}: Weave already has a group called {listing.name} that is not this "
                                "listing")
        if len(listing.description) > DESCRIPTION_MAX:
            problems.append(f"{where}: the description is longer than {DESCRIPTION_MAX} characters")
        if listing.status not in STATUSES:
            problems.append(f"{where}: status “{listing.status}” is not one of {', '.join(STATUSES)}")
    return problems


def _is_uuid(value: str) -> bool:
    try:
        return len(value) == 36 and str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def _contacts(listing: Listing, notes: list[str]) -> tuple[str | None, str | None, str | None]:
    email = listing.email if listing.email and email_problem(listing.email) is None else None
    if listing.email and email is None:
        notes.append(f"email address “{listing.email}” is not one Weave can use; left out")
    phone = listing.phone if listing.phone and len(listing.phone) <= PHONE_MAX and \
        _PHONE.match(listing.phone) else None
    if listing.phone and phone is None:
        notes.append(f"telephone “{listing.phone}” is not a telephone number; left out")
    website = listing.website if listing.website and len(listing.website) <= WEBSITE_MAX and \
        _URL.match(listing.website) else None
    if listing.website and website is None:
        notes.append(f"website “{listing.website}” is not a web address; left out")
    if listing.people_contacts:
        notes.append(f"{listing.people_contacts} contact(s) naming people not imported (Weave lists no one)")
    return email, phone, website


@dataclass
class _Values:
    description: str
    email: str | None
    phone: str | None
    website: str | None
    assured_at: datetime | None
    closed: bool
    base: tuple[float, float] | None


def _values(listing: Listing, notes: list[str], council: _Council) -> _Values:
    email, phone, website = _contacts(listing, notes)
    assured = _assured(listing.assured_date) if listing.assured_date else None
    if listing.assured_date and assured is None:
        notes.append(f"assured date “{listing.assured_date}” is not a date; left out")
    base = listing.base
    if base is not None and not council.covers(base):
        notes.append("its location is outside every ward; left out")
        base = None
    return _Values(description=listing.description, email=email, phone=phone, website=website,
                   assured_at=assured, closed=listing.status != "active", base=base)


def _same(group: Group, name: str, values: _Values, wards: list[Area], categories: list[Category],
          drawn: str | None) -> bool:
    return (group.name == name and group.drawn_area == drawn and group.description == values.description
            and group.contact_email == values.email and group.contact_phone == values.phone
            and group.website == values.website
            and (group.assured_at.date() if group.assured_at else None)
            == (values.assured_at.date() if values.assured_at else None)
            and (group.closed_at is not None) == values.closed
            and {a.id for a in group.areas} == {w.id for w in wards}
            and {c.id for c in group.categories} == {c.id for c in categories}
            and (values.base is None or (group.base_lat, group.base_lng) == values.base))


def _plan(session: Session, listings: list[Listing], mapping: Mapping,
          source: str) -> tuple[ImportPlan, dict[str, _Values], dict[int, Group]]:
    council = _Council(session)
    service_ids = [x.service_id for x in listings if x.service_id]
    existing = local_ids_for(session, DirectoryIdKind.SERVICE, service_ids)
    problems = _problems(listings, council, existing)
    if problems:
        raise DirectoryProblems(problems)
    groups = {g.id: g for g in session.scalars(
        select(Group).where(Group.id.in_(existing.values()))
        .options(selectinload(Group.areas), selectinload(Group.categories)))} if existing else {}
    planned, values = [], {}
    for listing in listings:
        wards: list[Area] = []
        unmapped_areas = []
        drawn: str | None = None
        shapes = []
        for area in listing.areas:
            found = council.ward_for(area, mapping, by_extent=False)
            if not found and area.extent and not area.code and drawn is None:
                drawn = _drawn(session, area.extent)
                if drawn is not None:
                    shapes.append(area)
                    continue
            if not found and area.extent and not area.code:
                found = council.ward_for(area, mapping)
            if not found:
                unmapped_areas.append(area.code or area.name or "an unnamed area")
            wards += [w for w in found if w not in wards]
        if not wards:
            # A listing with only a shape still counts in the wards the shape covers.
            for area in shapes:
                wards += [w for w in council.ward_for(area, mapping) if w not in wards]
        categories: list[Category] = []
        unmapped_terms = []
        for term in listing.terms:
            category = council.category_for(term, mapping)
            if category is None:
                unmapped_terms.append(term.name or term.term or term.id)
            elif category not in categories:
                categories.append(category)
        notes: list[str] = []
        value = values[listing.service_id] = _values(listing, notes, council)
        group_id = existing.get(listing.service_id)
        group = groups.get(group_id) if group_id else None
        action = "create" if group is None else (
            "unchanged" if _same(group, listing.name, value, wards, categories, drawn) else "update")
        planned.append(PlannedGroup(listing=listing, action=action, group_id=group_id, wards=wards,
                                    categories=categories, unmapped_areas=unmapped_areas,
                                    unmapped_terms=unmapped_terms, notes=notes, drawn=drawn))
    return ImportPlan(source=source, groups=planned), values, groups


def plan_import(session: Session, *, listings: list[Listing], mapping: Mapping | None = None,
                source: str = "") -> ImportPlan:
    """What importing ``listings`` would do; changes nothing. ``DirectoryProblems`` for bad input."""
    plan, _values_, _groups = _plan(session, listings, mapping or Mapping(), source)
    return plan


def _unique_slugs(session: Session) -> set[str]:
    return set(session.scalars(select(Group.slug)))


def _slug(name: str, taken: set[str]) -> str:
    base = slugify(name)
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def _write(group: Group, name: str, values: _Values, planned: PlannedGroup, now: datetime) -> None:
    group.name, group.name_normalised = name, name.lower()
    group.description = values.description
    group.contact_email, group.contact_phone, group.website = values.email, values.phone, values.website
    group.assured_at = values.assured_at
    if values.closed and group.closed_at is None:
        group.closed_at = now
    elif not values.closed:
        group.closed_at = None
    if values.base is not None:
        group.base_lat, group.base_lng = values.base
    group.areas, group.categories, group.drawn_area = planned.wards, planned.categories, planned.drawn


def _keep_ids(session: Session, planned: Iterable[tuple[PlannedGroup, Group]]) -> None:
    """Publish each group under its listing's own ids (an organisation id another group already has is
    not taken twice: that group keeps it, and this one gets an id made from it)."""
    pairs = list(planned)
    group_ids = [group.id for _p, group in pairs]
    rows = {(row.kind, row.local_id): row for row in session.scalars(
        select(DirectoryId).where(DirectoryId.local_id.in_(group_ids), DirectoryId.kind.in_(
            (DirectoryIdKind.SERVICE, DirectoryIdKind.ORGANIZATION))))}
    wanted_orgs = {p.listing.organization_id for p, _g in pairs if p.listing.organization_id}
    taken = dict(session.execute(select(DirectoryId.uuid, DirectoryId.local_id).where(
        DirectoryId.kind == DirectoryIdKind.ORGANIZATION, DirectoryId.uuid.in_(wanted_orgs))).all())
    new: list[dict[str, Any]] = []
    for plannedgroup, group in pairs:
        listing = plannedgroup.listing
        organization = listing.organization_id or str(
            uuid.uuid5(uuid.UUID(listing.service_id), "organization"))
        if taken.get(organization, group.id) != group.id:
            organization = str(uuid.uuid5(uuid.UUID(organization), listing.service_id))
        taken[organization] = group.id
        for kind, value in ((DirectoryIdKind.SERVICE, listing.service_id),
                            (DirectoryIdKind.ORGANIZATION, organization)):
            row = rows.get((kind, group.id))
            if row is None:
                new.append({"kind": kind, "local_id": group.id, "uuid": value})
            elif row.uuid != value:
                row.uuid = value
    session.flush()
    if new:
        session.execute(insert(DirectoryId), new)


def apply_import(session: Session, *, listings: list[Listing], mapping: Mapping | None = None,
                 source: str = "", now: datetime | None = None) -> ImportPlan:
    """Import ``listings``: create or update one group each, with no coordinator. Flushes; the caller
    commits. ``DirectoryProblems`` before anything is written if the input is bad."""
    now = now or utcnow()
    plan, values, groups = _plan(session, listings, mapping or Mapping(), source)
    taken = _unique_slugs(session)
    written: list[tuple[PlannedGroup, Group]] = []
    for planned in plan.groups:
        if planned.action == "unchanged":
            continue
        group = groups.get(planned.group_id) if planned.group_id else None
        if group is None:
            group = Group(kind=GroupKind.OTHER, slug=_slug(planned.name, taken), created_at=now)
            session.add(group)
        _write(group, planned.name, values[planned.listing.service_id], planned, now)
        written.append((planned, group))
    session.flush()
    _keep_ids(session, written)
    listed = {row.group_id: row for row in session.scalars(
        select(DirectoryListing).where(DirectoryListing.group_id.in_([g.id for _p, g in written])))}
    for _planned, group in written:
        row = listed.get(group.id)
        if row is None:
            session.add(DirectoryListing(group_id=group.id, source=source[:SOURCE_MAX], imported_at=now,
                                         updated_at=now))
        else:
            row.source, row.updated_at = source[:SOURCE_MAX], now
    session.flush()
    return plan


def describe(plan: ImportPlan, *, done: bool) -> list[str]:
    return plan.lines(done=done)


