"""Needs: posting, editing and renewing them, on one's own behalf or for someone who is not online.

Rules that belong to the domain live here: sensitive categories need recorded consent and default to
groups only; only coordinators and connectors post on someone's behalf; needs last four weeks unless
renewed. Ageing ("still needed?" reminders and expiry) is in ``community.posts.expiry``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session, joinedload

from community.accounts.access import coordinator_group_ids, is_coordinator
from community.db import utcnow
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.i18n import _
from community.limits import TextLimit
from community.models import Area, Category, Need, NeedStatus, Urgency, User, Visibility
from community.models.posts import URGENCIES, VISIBILITIES
from community.posts.matching import match_and_notify_need
from community.posts.posting import LocationChoice, category_or_error, check_texts, locate_post, place_for

__all__ = [
    "get_need",
    "NEED_LIFETIME",
    "SENSITIVE_CONSENT_VERSION",
    "SENSITIVE_CONSENT_ON_BEHALF_TEXT",
    "SENSITIVE_CONSENT_ON_BEHALF_VERSION",
    "SENSITIVE_CONSENT_TEXT",
    "NeedDetails",
    "OnBehalf",
    "post_need",
    "edit_need",
    "renew_need",
    "ON_BEHALF_NAME",
    "ON_BEHALF_CONTACT",
    "CONSENT_STATEMENT",
]


NEED_LIFETIME = timedelta(weeks=4)
# What someone posting for another person gives about them.
ON_BEHALF_NAME = TextLimit(_("First name"), 80)
ON_BEHALF_CONTACT = TextLimit(_("How to reach them"), 255)
CONSENT_STATEMENT = TextLimit(_("The consent statement"), 255)


# Bump the version whenever the wording changes: each need records which wording was agreed to.
SENSITIVE_CONSENT_VERSION = "health-2025-01"


SENSITIVE_CONSENT_TEXT = (
    _("I agree that Weave may share this health-related request with the community groups and volunteers "
    "who can see it, so that they can help me.")
)
# What someone posting for another person ticks: the person agreed, and the poster says so.
SENSITIVE_CONSENT_ON_BEHALF_VERSION = "health-for-2026-12"
SENSITIVE_CONSENT_ON_BEHALF_TEXT = (
    _("They agree that Weave may share this health-related request with the community groups and "
      "volunteers who can see it, so that they can help them.")
)


@dataclass(frozen=True, slots=True)
class NeedDetails:
    category_id: int | None
    title: str
    body: str
    urgency: str | None
    needed_by: date | None = None
    # None lets the category decide: groups only for sensitive help, anyone nearby otherwise.
    visibility: str | None = None
    sensitive_consent: bool = False
    # None keeps the place a need already has (editing); a new need without one uses the home.
    location: LocationChoice | None = None


@dataclass(frozen=True, slots=True)
class OnBehalf:
    name: str
    contact: str
    consent_statement: str
    group_id: int | None = None


def _check_need(
    session: Session, details: NeedDetails, *, today: date, current_category: int | None = None
) -> tuple[Category, Urgency, Visibility]:
    errors: dict[str, str] = {}
    category = None
    try:
        category = category_or_error(session, details.category_id, current=current_category)
    except ValidationFailed as error:
        errors.update(error.errors)
    check_texts(details.title.strip(), details.body.strip(), errors, what=_("what you need"))
    if details.urgency not in URGENCIES:
        errors["urgency"] = _("Select how soon you need help")
    if details.needed_by is not None and details.needed_by < today:
        errors["needed_by"] = _("The date you need help by must be today or in the future")
    if details.visibility is not None and details.visibility not in VISIBILITIES:
        errors["visibility"] = _("Select who can see your request")
    if category is not None and category.sensitive and not details.sensitive_consent:
        errors["sensitive_consent"] = _("Tick the box to agree to share health-related information")
    if errors or details.urgency is None:  # a missing urgency is always among the errors
        raise ValidationFailed(errors)
    assert category is not None
    default = Visibility.GROUPS if category.sensitive else Visibility.PUBLIC
    visibility = Visibility(details.visibility) if details.visibility else default
    return category, Urgency(details.urgency), visibility


def _check_on_behalf(session: Session, poster: User, on_behalf: OnBehalf) -> int | None:
    """Only a connector, a council officer, or a coordinator for one of their groups, may post for someone
    else. A council officer posts for the council, never in a group's name."""
    if poster.is_officer:
        if on_behalf.group_id is not None:
            raise ValidationFailed({"on_behalf_group_id": _("A council officer posts for the council")})
    elif not poster.is_connector:
        groups = coordinator_group_ids(session, poster.id)
        if not groups:
            raise PermissionDenied(
                _("Only group coordinators and council connectors can post for someone else.")
            )
        if on_behalf.group_id is None and len(groups) == 1:
            on_behalf = OnBehalf(on_behalf.name, on_behalf.contact, on_behalf.consent_statement, groups[0])
        if on_behalf.group_id is None or not is_coordinator(session, poster.id, on_behalf.group_id):
            raise ValidationFailed({"on_behalf_group_id": _("Select the group you are posting for")})
    elif on_behalf.group_id is not None and not is_coordinator(session, poster.id, on_behalf.group_id):
        # A connector posts for the council, or for a group they coordinate; never in another group's name.
        raise ValidationFailed({"on_behalf_group_id": _("Select a group you coordinate, or none")})
    errors = {}
    if not on_behalf.name.strip():
        errors["on_behalf_name"] = _("Enter the first name of the person you are posting for")
    elif ON_BEHALF_NAME.exceeded_by(on_behalf.name):
        errors["on_behalf_name"] = ON_BEHALF_NAME.message
    if not on_behalf.contact.strip():
        errors["on_behalf_contact"] = _("Enter how a helper can reach them through you")
    elif ON_BEHALF_CONTACT.exceeded_by(on_behalf.contact):
        errors["on_behalf_contact"] = ON_BEHALF_CONTACT.message
    if not on_behalf.consent_statement.strip():
        errors["consent_statement"] = _("Enter how they agreed, like “Agreed by phone on 3 March”")
    elif CONSENT_STATEMENT.exceeded_by(on_behalf.consent_statement):
        errors["consent_statement"] = CONSENT_STATEMENT.message
    if errors:
        raise ValidationFailed(errors)
    return on_behalf.group_id


def _not_at_the_posters_home(location: LocationChoice | None) -> None:
    """A need posted for someone else is where they are: never at the home of the person posting it."""
    if location is None or location.use_home:
        raise ValidationFailed({"location": _("Choose the ward where they need help")})


def post_need(
    session: Session,
    *,
    poster: User,
    details: NeedDetails,
    salt: str,
    on_behalf: OnBehalf | None = None,
    now: datetime | None = None,
    match: bool = True,
) -> Need:
    """Post a need and tell up to ten well-placed helpers about it (``community.posts.matching``)."""
    now = now or utcnow()
    group_id = _check_on_behalf(session, poster, on_behalf) if on_behalf is not None else None
    if on_behalf is not None:
        _not_at_the_posters_home(details.location)
    category, urgency, visibility = _check_need(session, details, today=now.date())
    place = place_for(session, poster, details.location)
    need = Need(
        requester_id=None if on_behalf else poster.id,
        posted_by_id=poster.id,
        on_behalf_group_id=group_id,
        on_behalf_name=on_behalf.name.strip() if on_behalf else None,
        on_behalf_contact=on_behalf.contact.strip() if on_behalf else None,
        consent_statement=on_behalf.consent_statement.strip() if on_behalf else None,
        category_id=category.id,
        title=details.title.strip(),
        body=details.body.strip(),
        urgency=urgency,
        needed_by=details.needed_by,
        visibility=visibility,
        status=NeedStatus.OPEN,
        created_at=now,
        expires_at=now + NEED_LIFETIME,
    )
    if category.sensitive:
        version = SENSITIVE_CONSENT_ON_BEHALF_VERSION if on_behalf else SENSITIVE_CONSENT_VERSION
        need.sensitive_consent_version, need.sensitive_consent_at = version, now
    locate_post(need, place, salt)
    session.add(need)
    session.flush()
    if match:
        match_and_notify_need(session, need=need, now=now, salt=salt)
    return need


def _own_need(session: Session, need_id: int, actor: User) -> Need:
    need = session.get(Need, need_id)
    if need is None:
        raise NotFound(_("Need not found"))
    if actor.id not in (need.posted_by_id, need.requester_id):
        if actor.is_connector:
            raise PermissionDenied(_("Only the person who posted this need can change it."))
        raise NotFound(_("Need not found"))
    return need


def edit_need(session: Session, *, need_id: int, actor: User, details: NeedDetails, salt: str) -> Need:
    """Change an open need. Its place changes only if a new one is given."""
    need = _own_need(session, need_id, actor)
    if need.status != NeedStatus.OPEN:
        raise Conflict(_("Only an open need can be changed."))
    consent = details.sensitive_consent or need.sensitive_consent_at is not None
    category, urgency, visibility = _check_need(
        session, replace(details, sensitive_consent=consent), today=utcnow().date(),
        current_category=need.category_id,
    )
    on_behalf = need.requester_id is None
    if on_behalf and details.location is not None:
        _not_at_the_posters_home(details.location)
    if category.sensitive and need.sensitive_consent_at is None:
        version = SENSITIVE_CONSENT_ON_BEHALF_VERSION if on_behalf else SENSITIVE_CONSENT_VERSION
        need.sensitive_consent_version, need.sensitive_consent_at = version, utcnow()
    need.category_id, need.title, need.body = category.id, details.title.strip(), details.body.strip()
    need.urgency, need.needed_by, need.visibility = urgency, details.needed_by, visibility
    if details.location is not None:
        locate_post(need, place_for(session, actor, details.location), salt)
    session.flush()
    return need


def renew_need(session: Session, *, need_id: int, actor: User, now: datetime | None = None) -> Need:
    """"Still needed": another four weeks from now, and a fresh reminder before they end."""
    now = now or utcnow()
    need = _own_need(session, need_id, actor)
    if need.status not in (NeedStatus.OPEN, NeedStatus.EXPIRED):
        raise Conflict(_("This need is closed and cannot be renewed."))
    need.status, need.closed_at = NeedStatus.OPEN, None
    need.expires_at, need.reminded_at = now + NEED_LIFETIME, None
    session.flush()
    return need


def get_need(session: Session, need_id: int, *, for_update: bool = False) -> Need:
    # What every need's page shows comes in the same query, without the ward's boundary (it can be large
    # and is not shown). Not when locking: PostgreSQL cannot lock the optional side of an outer join.
    shown = [] if for_update else [
        joinedload(Need.category), joinedload(Need.area).defer(Area.geometry), joinedload(Need.posted_by)
    ]
    need = session.get(Need, need_id, with_for_update=for_update or None, options=shown)
    if need is None:
        raise NotFound(_("Need not found"))
    return need
