"""Creating and running a community group: its details, where it works, and keeping its listing true.

A group's details are checked here, whatever the caller (a form, the API, a CLI command). Names are
unique regardless of case (``Group.name_normalised``). The areas a group serves are wards from the list
and, optionally, a polygon drawn on a map; the drawn shape must be a valid polygon that lies inside or
overlaps the council's area (the union of the imported wards).

Listings are kept true the Open Referral UK way: a coordinator confirms the details (the *assured date*)
at least every 6 months, is reminded before that lapses, and a group unconfirmed for 12 months is shown
as stale. A council connector can mark a group verified.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from community.accounts.access import is_coordinator
from community.accounts.users import email_problem
from community.db import utcnow
from community.errors import NotFound, PermissionDenied, ValidationFailed
from community.groups.drawn_areas import check_drawn_area
from community.i18n import _
from community.limits import TextLimit
from community.models import (
    Area,
    AreaKind,
    Category,
    Group,
    GroupKind,
    Membership,
    MembershipRole,
    MembershipStatus,
    User,
)
from community.models.groups import GROUP_KINDS
from community.notifications import Target, notify_many
from community.places.geo import find_area
from community.places.locations import lookup_postcode

__all__ = [
    "KIND_LABELS",
    "ASSURANCE_PERIOD",
    "REMINDER_LEAD",
    "STALE_AFTER",
    "GroupDetails",
    "Assurance",
    "get_group",
    "create_group",
    "update_group",
    "confirm_details",
    "verify_group",
    "unverify_group",
    "assurance",
    "remind_assurance",
    "ReminderCounts",
]

KIND_LABELS = {
    "mutual_aid": _("Mutual aid group"),
    "charity": _("Charity"),
    "faith": _("Faith group"),
    "tenants": _("Tenants’ or residents’ association"),
    "club": _("Club or society"),
    "school": _("School"),
    "business": _("Local business"),
    "other": _("Other"),
}
assert set(KIND_LABELS) == set(GROUP_KINDS)

NAME, DESCRIPTION = TextLimit(_("Name"), 120), TextLimit(_("Description"), 2000)
PHONE_MAX, WEBSITE_MAX = 40, 255
# Open Referral UK asks for details to be confirmed at least every 6 months.
ASSURANCE_PERIOD = timedelta(days=183)
REMINDER_LEAD = timedelta(days=14)
# An assurance older than this makes a group's listing stale.
STALE_AFTER = timedelta(days=365)
_PHONE = re.compile(r"^\+?[0-9 ()\-]{7,}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$", re.IGNORECASE)



@dataclass
class GroupDetails:
    """What a coordinator says about their group, as typed (services check it)."""

    name: str = ""
    description: str = ""
    kind: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    website: str = ""
    base_postcode: str = ""
    base_area_id: int | None = None
    category_ids: list[int] = field(default_factory=list)
    area_ids: list[int] = field(default_factory=list)
    drawn_area: str = ""


def get_group(session: Session, group_id: int) -> Group:
    group = session.get(Group, group_id)
    if group is None or group.closed_at is not None:
        raise NotFound(_("Group not found"))
    return group


def _require_coordinator(session: Session, actor: User, group: Group) -> None:
    if not is_coordinator(session, actor.id, group.id):
        raise PermissionDenied(_("Only a coordinator of this group can do this."))


def slugify(name: str) -> str:
    """
    >>> slugify("St Mary’s & Friends!")
    'st-marys-and-friends'
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text.replace("'", "").replace("&", " and ")).strip("-")[:130] or "group"


def _unique_slug(session: Session, name: str) -> str:
    base = slugify(name)
    taken = set(session.scalars(select(Group.slug).where(Group.slug.like(f"{base}%"))))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_group(session: Session, *, actor: User, details: GroupDetails) -> Group:
    """Create a group; whoever creates it is its first coordinator, and its details count as confirmed."""
    group = Group(created_by_id=actor.id)
    _apply(session, group, details)
    group.slug = _unique_slug(session, group.name)
    group.assured_at = utcnow()
    try:
        # A savepoint: two people creating the same name at once get a message, not a broken session.
        with session.begin_nested():
            session.add(group)
    except IntegrityError:
        raise ValidationFailed({"name": _("A group with this name already exists")}) from None
    first = Membership(
        user_id=actor.id, group_id=group.id, role=MembershipRole.COORDINATOR, status=MembershipStatus.ACTIVE
    )
    first.decided_at = utcnow()
    session.add(first)
    session.flush()
    return group


def update_group(session: Session, *, actor: User, group_id: int, details: GroupDetails) -> Group:
    """Change a group's details. Saving them also confirms them (they have just been looked at)."""
    group = get_group(session, group_id)
    _require_coordinator(session, actor, group)
    _apply(session, group, details)
    group.assured_at, group.assurance_reminded_at = utcnow(), None
    session.flush()
    return group


def _apply(session: Session, group: Group, details: GroupDetails) -> None:
    errors: dict[str, str] = {}
    name = details.name.strip()
    if not name:
        errors["name"] = _("Enter the group’s name")
    elif NAME.exceeded_by(name):
        errors["name"] = NAME.message
    elif session.scalar(
        select(Group.id).where(Group.name_normalised == name.lower(), Group.id != (group.id or 0))
    ):
        errors["name"] = _("A group with this name already exists")
    description = details.description.strip()
    if not description:
        errors["description"] = _("Enter what the group does")
    elif DESCRIPTION.exceeded_by(description):
        errors["description"] = DESCRIPTION.message
    if details.kind not in GROUP_KINDS:
        errors["kind"] = _("Select the kind of group")
    email, phone, website = (details.contact_email.strip(), details.contact_phone.strip(),
                             details.website.strip())
    if email and (problem := email_problem(email)):
        errors["contact_email"] = problem
    if phone and (len(phone) > PHONE_MAX or not _PHONE.match(phone)):
        errors["contact_phone"] = _("Enter a telephone number, like 020 8825 5000")
    if website and (len(website) > WEBSITE_MAX or not _URL.match(website)):
        errors["website"] = _("Enter a website address in the correct format, like https://www.example.org")
    if not (email or phone or website) and not {"contact_email", "contact_phone", "website"} & set(errors):
        errors["contact_email"] = _(
            "Enter at least one way to contact the group: email, telephone or website",
        )
    categories = _chosen(session, Category, details.category_ids)
    if not categories:
        errors["category_ids"] = _("Select the kinds of help the group gives")
    wards = [a for a in _chosen(session, Area, details.area_ids) if a.kind == AreaKind.WARD]
    drawn = None
    if details.drawn_area.strip():
        try:
            drawn = check_drawn_area(session, details.drawn_area)
        except ValidationFailed as error:
            errors.update(error.errors)
    if not wards and drawn is None and "drawn_area" not in errors:
        errors["area_ids"] = _("Select the wards the group works in")
    try:
        base = _base_point(session, details)
    except ValidationFailed as error:
        errors.update(error.errors)
        base = None
    if errors:
        raise ValidationFailed(errors)
    group.name, group.name_normalised = name, name.lower()
    group.description, group.kind = description, GroupKind(details.kind)
    group.contact_email, group.contact_phone, group.website = email or None, phone or None, website or None
    group.categories, group.areas, group.drawn_area = categories, wards, drawn
    group.base_lat, group.base_lng = base if base else (None, None)


Chosen = TypeVar("Chosen", Area, Category)


def _chosen(session: Session, model: type[Chosen], ids: list[int]) -> list[Chosen]:
    ids = sorted({int(i) for i in ids})
    return list(session.scalars(select(model).where(model.id.in_(ids)))) if ids else []


def _base_point(session: Session, details: GroupDetails) -> tuple[float, float] | None:
    """The group's public base: a postcode's centre if given, else the middle of the chosen ward."""
    if (details.base_postcode or "").strip():
        lat, lng = lookup_postcode(session, details.base_postcode, field="base_postcode")
        if find_area(session, lat, lng) is None:
            raise ValidationFailed({"base_postcode": _("Enter a postcode in the area Weave covers")})
        return lat, lng
    if details.base_area_id:
        area = session.get(Area, details.base_area_id)
        if area is None or area.kind != "ward":
            raise ValidationFailed({"base_area_id": _("Select the ward where the group is based")})
        return area.centre_lat, area.centre_lng
    return None


# --- keeping the listing true ---------------------------------------------------------------------


@dataclass(frozen=True)
class Assurance:
    """Where a group's listing stands: ``current``, ``due`` (reminder time), ``lapsed`` or ``stale``."""

    state: str
    assured_on: date | None
    due_on: date

    @property
    def is_stale(self) -> bool:
        return self.state == "stale"


def assurance(group: Group, now: datetime | None = None) -> Assurance:
    """
    >>> from datetime import UTC
    >>> now = datetime(2025, 7, 1, tzinfo=UTC)
    >>> assurance(Group(assured_at=now - timedelta(days=30)), now).state
    'current'
    >>> assurance(Group(assured_at=now - timedelta(days=175)), now).state
    'due'
    >>> assurance(Group(assured_at=now - timedelta(days=200)), now).state
    'lapsed'
    >>> assurance(Group(assured_at=None, created_at=now), now).state
    'stale'
    """
    now = now or utcnow()
    assured = group.assured_at
    if assured is None:
        return Assurance("stale", None, (group.created_at or now).date())
    age = now - assured
    due = (assured + ASSURANCE_PERIOD).date()
    if age >= STALE_AFTER:
        state = "stale"
    elif age >= ASSURANCE_PERIOD:
        state = "lapsed"
    elif age >= ASSURANCE_PERIOD - REMINDER_LEAD:
        state = "due"
    else:
        state = "current"
    return Assurance(state, assured.date(), due)


def confirm_details(session: Session, *, actor: User, group_id: int) -> Group:
    """A coordinator says the group's details are still right: the assured date is today."""
    group = get_group(session, group_id)
    _require_coordinator(session, actor, group)
    group.assured_at, group.assurance_reminded_at = utcnow(), None
    session.flush()
    return group


def verify_group(session: Session, *, actor: User, group_id: int) -> Group:
    """A council connector has checked the group is real and does what it says."""
    if not actor.is_connector:
        raise PermissionDenied(_("Only a council connector can verify a group."))
    group = get_group(session, group_id)
    group.verified_at, group.verified_by_id = utcnow(), actor.id
    session.flush()
    return group


def unverify_group(session: Session, *, actor: User, group_id: int) -> Group:
    if not actor.is_connector:
        raise PermissionDenied(_("Only a council connector can remove a verification."))
    group = get_group(session, group_id)
    group.verified_at = group.verified_by_id = None
    session.flush()
    return group


@dataclass(frozen=True)
class ReminderCounts:
    groups: int
    notices: int


def remind_assurance(session: Session, *, now: datetime | None = None) -> ReminderCounts:
    """Remind the coordinators of every group whose assured date lapses within ``REMINDER_LEAD`` (or has).

    Once per assurance: a group reminded since it was last confirmed is not reminded again, so running
    this daily (or twice) sends each reminder once.
    """
    now = now or utcnow()
    threshold = now - (ASSURANCE_PERIOD - REMINDER_LEAD)
    groups = session.scalars(
        select(Group)
        .where(Group.closed_at.is_(None), Group.assured_at.is_not(None), Group.assured_at <= threshold)
        .where((Group.assurance_reminded_at.is_(None)) | (Group.assurance_reminded_at < Group.assured_at))
        .order_by(Group.id)
    ).all()
    notices = 0
    for group in groups:
        coordinators = session.scalars(
            select(Membership.user_id).where(
                Membership.group_id == group.id,
                Membership.role == MembershipRole.COORDINATOR,
                Membership.status == MembershipStatus.ACTIVE,
            )
        ).all()
        due = assurance(group, now).due_on
        due_words = {"group": group.name, "date": f"{due.day} {due:%B %Y}"}
        notices += len(
            notify_many(
                session,
                user_ids=coordinators,
                kind="group_assurance_due",
                message=_(
                    "Please check that the details of %(group)s are still right. "
                    "Confirmation was due on %(date)s.",
                    **due_words,
                ) if due <= now.date() else _(
                    "Please check that the details of %(group)s are still right. "
                    "Confirmation is due on %(date)s.",
                    **due_words,
                ),
                target=Target("group", group.id, "confirm-details"),
            )
        )
        group.assurance_reminded_at = now
    session.flush()
    return ReminderCounts(groups=len(groups), notices=notices)
