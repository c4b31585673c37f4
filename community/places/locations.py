"""Where a resident is, and where a post is: a ward, a point in it, or a postcode.

A place is always a ward first (choosing from a list works for everyone, WCAG 2.5.7), optionally refined
by a point (a pin on a map or the browser's "use my location") or by a postcode when the council has
imported a postcode file. A home location is private; only its ward (``User.area_id``) is public.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, exists, insert, select
from sqlalchemy.orm import Session

from community.errors import ValidationFailed
from community.i18n import _
from community.models import Area, AuditEntry, Postcode, User
from community.places.geo import find_area

__all__ = [
    "Place",
    "ward_choices",
    "postcodes_available",
    "normalise_postcode",
    "POSTCODE_TYPED_MAX",
    "lookup_postcode",
    "resolve_place",
    "home_place",
    "set_home_location",
    "clear_home_location",
    "import_postcodes",
    "PostcodeImport",
]

# The UK postcode shape (outward code, then inward code: digit and two letters), spaces optional.
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
# The longest postcode the forms take as typed: seven characters, a space and room for a stray one.
POSTCODE_TYPED_MAX = 10
POSTCODE_NOT_FOUND = _("We could not find that postcode. Check it, or choose your ward instead")


@dataclass(frozen=True, slots=True)
class Place:
    lat: float
    lng: float
    area_id: int | None
    # How it was given: "ward" (its centre), "point" (pin or device) or "postcode".
    source: str


def ward_choices(session: Session) -> list[tuple[int, str]]:
    return [
        (area_id, name)
        for area_id, name in session.execute(
            select(Area.id, Area.name).where(Area.kind == "ward").order_by(Area.name)
        )
    ]


def postcodes_available(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(Postcode.postcode.is_not(None)))))


def normalise_postcode(text: str | None) -> str | None:
    """Upper case without spaces, or None if it is not shaped like a UK postcode.

    >>> normalise_postcode(" w5 4hx "), normalise_postcode("not one")
    ('W54HX', None)
    """
    compact = re.sub(r"\s+", "", (text or "").upper())
    return compact if _POSTCODE.match(compact) else None


def lookup_postcode(session: Session, text: str, *, field: str = "postcode") -> tuple[float, float]:
    compact = normalise_postcode(text)
    if compact is None:
        raise ValidationFailed({field: _("Enter a real postcode, like W5 4HX")})
    row = session.get(Postcode, compact)
    if row is None:
        raise ValidationFailed({field: POSTCODE_NOT_FOUND})
    return row.lat, row.lng


def _ward(session: Session, area_id: int | None, field: str) -> Area | None:
    if area_id is None:
        return None
    area = session.get(Area, area_id)
    if area is None or area.kind != "ward":
        raise ValidationFailed({field: _("Select a ward from the list")})
    return area


def _valid_point(lat: float | None, lng: float | None) -> bool:
    return lat is not None and lng is not None and -90 <= lat <= 90 and -180 <= lng <= 180


def resolve_place(
    session: Session,
    *,
    area_id: int | None = None,
    lat: float | None = None,
    lng: float | None = None,
    postcode: str | None = None,
    field: str = "area_id",
    postcode_field: str = "postcode",
) -> Place:
    """Turn what the person gave into one point and its ward.

    A postcode wins over a point, and a point over the ward's centre. A point outside every ward is
    refused when wards have been imported (Weave serves only its own area); a point with no ward at all
    is accepted so that an installation without boundaries still works.
    """
    ward = _ward(session, area_id, field)
    if postcode:
        lat, lng = lookup_postcode(session, postcode, field=postcode_field)
        source = "postcode"
    elif _valid_point(lat, lng):
        source = "point"
    elif ward is not None:
        return Place(ward.centre_lat, ward.centre_lng, ward.id, "ward")
    else:
        raise ValidationFailed({field: _("Select your ward")})
    assert lat is not None and lng is not None
    found = find_area(session, lat, lng, kind="ward")
    if found is None:
        if session.scalar(select(exists().where(Area.kind == "ward"))):
            where = postcode_field if source == "postcode" else field
            raise ValidationFailed({where: _(
                "That place is outside the area Weave covers. Select your ward",
            )})
        return Place(lat, lng, ward.id if ward else None, source)
    return Place(lat, lng, found.id, source)


def home_place(user: User) -> Place | None:
    if not user.has_home:
        return None
    assert user.home_lat is not None and user.home_lng is not None
    return Place(user.home_lat, user.home_lng, user.area_id, "home")


def set_home_location(session: Session, *, user: User, place: Place) -> User:
    """Keep the exact point private on the user; the ward is what others may see."""
    user.home_lat, user.home_lng, user.area_id = place.lat, place.lng, place.area_id
    session.add(
        AuditEntry(
            actor_id=user.id, action="home_location_set", target_type="user", target_id=user.id,
            detail=f"by {place.source}",
        )
    )
    session.flush()
    return user


def clear_home_location(session: Session, *, user: User) -> User:
    user.home_lat = user.home_lng = None
    session.add(
        AuditEntry(actor_id=user.id, action="home_location_cleared", target_type="user", target_id=user.id)
    )
    session.flush()
    return user


# --- Postcode import --------------------------------------------------------------------------------

_POSTCODE_COLUMNS = ("pcds", "pcd", "pcd2", "pcd7", "pcd8", "postcode", "post_code")
_LAT_COLUMNS = ("lat", "latitude")
_LNG_COLUMNS = ("long", "lng", "lon", "longitude")
_BATCH = 5000


@dataclass(frozen=True, slots=True)
class PostcodeImport:
    imported: int
    # ONSPD gives postcodes without a grid reference latitude 99.999999: they are left out.
    skipped: int


def _column(header: list[str], names: Iterable[str]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def import_postcodes(session: Session, text: str | io.TextIOBase) -> PostcodeImport:
    """Import an ONS Postcode Directory-style CSV (postcode, latitude, longitude columns, any order).

    Existing postcodes are replaced. Any bad row stops the import with ``ValidationFailed`` naming its
    line; the caller rolls back, so a bad file writes nothing.
    """
    stream = io.StringIO(text) if isinstance(text, str) else text
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise ValidationFailed({"file": _("The file is empty or is not a CSV file")}) from None
    pc = _column(header, _POSTCODE_COLUMNS)
    la, ln = _column(header, _LAT_COLUMNS), _column(header, _LNG_COLUMNS)
    if pc is None or la is None or ln is None:
        raise ValidationFailed(
            {"file": _(
                "The file needs a header row with postcode (pcds), latitude (lat) and longitude (long) "
                "columns"
            )}
        )
    imported = skipped = 0
    batch: dict[str, tuple[float, float]] = {}
    try:
        for line, row in enumerate(reader, start=2):
            if not row or all(not cell.strip() for cell in row):
                continue
            parsed = _parse_row(row, pc, la, ln, line)
            if parsed is None:
                skipped += 1
                continue
            batch[parsed[0]] = parsed[1]
            if len(batch) >= _BATCH:
                imported += _write(session, batch)
                batch = {}
    except csv.Error as error:
        raise ValidationFailed({"file": _(
            "The file is not a valid CSV file: %(error)s",
            error=error,
        )}) from None
    imported += _write(session, batch)
    if imported == 0:
        raise ValidationFailed({"file": _("The file has no postcodes with a latitude and longitude")})
    return PostcodeImport(imported=imported, skipped=skipped)


def _parse_row(
    row: list[str], pc: int, la: int, ln: int, line: int
) -> tuple[str, tuple[float, float]] | None:
    try:
        raw, lat_text, lng_text = row[pc], row[la], row[ln]
    except IndexError:
        raise ValidationFailed({"file": _("Line %(line)s has too few columns", line=line)}) from None
    compact = normalise_postcode(raw)
    if compact is None:
        raise ValidationFailed({"file": _(
            "Line %(line)s: “%(value)s” is not a postcode",
            line=line, value=raw.strip()[:20],
        )})
    if not lat_text.strip() or not lng_text.strip():
        return None
    try:
        lat, lng = float(lat_text), float(lng_text)
    except ValueError:
        raise ValidationFailed({"file": _(
            "Line %(line)s: the latitude and longitude must be numbers",
            line=line,
        )}) from None
    if lat > 90 or lat < -90 or lng > 180 or lng < -180:
        # 99.999999 is ONSPD's "no grid reference" marker; anything else out of range is not a place.
        if lat == 99.999999:
            return None
        raise ValidationFailed({"file": _(
            "Line %(line)s: the latitude or longitude is out of range",
            line=line,
        )})
    return compact, (lat, lng)


def _write(session: Session, batch: dict[str, tuple[float, float]]) -> int:
    if not batch:
        return 0
    session.execute(delete(Postcode).where(Postcode.postcode.in_(list(batch))))
    session.execute(
        insert(Postcode), [{"postcode": k, "lat": v[0], "lng": v[1]} for k, v in batch.items()]
    )
    return len(batch)
