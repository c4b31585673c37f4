"""A volunteer's details in a group: what they help with, when, and the DBS checks a coordinator has seen.

No DBS certificate number is ever stored: a coordinator records only that they saw a check, its level,
the date it was issued and when the group will treat it as expired. Whether a regulated need can be
taken is decided by ``community.accounts.access.has_valid_dbs`` inside ``community.posts.claims``; this
module records
the facts it reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from community.accounts.access import is_coordinator
from community.db import utcnow
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.groups.memberships import get_membership
from community.i18n import _
from community.limits import TextLimit
from community.models import AuditEntry, Category, DBSCheck, Membership, MembershipStatus, User
from community.models.groups import DBS_LEVELS

__all__ = [
    "DBS_LEVEL_LABELS",
    "AVAILABILITY",
    "AVAILABILITY_MAX",
    "DbsStatus",
    "update_volunteer_details",
    "record_dbs_check",
    "revoke_dbs_check",
    "dbs_checks_for",
    "dbs_status",
]

DBS_LEVEL_LABELS = {
    "basic": _("Basic"),
    "standard": _("Standard"),
    "enhanced": _("Enhanced"),
    "enhanced_barred": _("Enhanced with barred list check"),
}
AVAILABILITY = TextLimit(_("When you can help"), 255)
AVAILABILITY_MAX = AVAILABILITY.max


def _can_edit_details(session: Session, actor: User, membership: Membership) -> bool:
    return actor.id == membership.user_id or is_coordinator(session, actor.id, membership.group_id)


def update_volunteer_details(
    session: Session,
    *,
    membership_id: int,
    group_id: int,
    actor: User,
    category_ids: list[int],
    availability: str,
) -> Membership:
    """What a member helps with through the group and when; set by the member or a coordinator."""
    membership = get_membership(session, membership_id, group_id=group_id)
    if not _can_edit_details(session, actor, membership):
        raise PermissionDenied(_("You can only change your own details, unless you coordinate the group."))
    if membership.status != MembershipStatus.ACTIVE:
        raise Conflict(_("Only an active member has volunteer details."))
    availability = (availability or "").strip()
    if AVAILABILITY.exceeded_by(availability):
        raise ValidationFailed({"availability": AVAILABILITY.message})
    ids = sorted({int(i) for i in category_ids})
    categories = list(session.scalars(select(Category).where(Category.id.in_(ids)))) if ids else []
    if len(categories) != len(ids):
        raise ValidationFailed({"category_ids": _("Select kinds of help from the list")})
    membership.categories, membership.availability = categories, availability
    session.flush()
    return membership


def record_dbs_check(
    session: Session,
    *,
    membership_id: int,
    group_id: int,
    actor: User,
    level: str,
    checked_on: date | None,
    expires_on: date | None,
    today: date | None = None,
) -> DBSCheck:
    """A coordinator records a DBS check they have seen for an active member of their group."""
    if not is_coordinator(session, actor.id, group_id):
        raise PermissionDenied(_("Only a coordinator of this group can record a DBS check."))
    membership = get_membership(session, membership_id, group_id=group_id)
    if membership.status != MembershipStatus.ACTIVE:
        raise Conflict(_("A DBS check can only be recorded for an active member."))
    today = today or utcnow().date()
    errors: dict[str, str] = {}
    if level not in DBS_LEVELS:
        errors["level"] = _("Select the level of the DBS check")
    if checked_on is None:
        errors["checked_on"] = _("Enter the date on the DBS certificate")
    elif checked_on > today:
        errors["checked_on"] = _("The date on the certificate must be today or in the past")
    if expires_on is None:
        errors["expires_on"] = _("Enter the date the group will treat the check as expired")
    elif checked_on is not None and expires_on <= checked_on:
        errors["expires_on"] = _("The expiry date must be after the date on the certificate")
    elif expires_on < today:
        errors["expires_on"] = _("The expiry date must be today or in the future")
    if errors or checked_on is None or expires_on is None:  # a missing date is always among the errors
        raise ValidationFailed(errors)
    check = DBSCheck(
        user_id=membership.user_id,
        group_id=group_id,
        recorded_by_id=actor.id,
        level=level,
        checked_on=checked_on,
        expires_on=expires_on,
    )
    session.add(check)
    session.flush()
    session.add(
        AuditEntry(
            actor_id=actor.id,
            action="dbs.recorded",
            target_type="user",
            target_id=membership.user_id,
            detail=f"{level} check dated {checked_on.isoformat()}, expires {expires_on.isoformat()}, "
            f"recorded for group {group_id}",
        )
    )
    session.flush()
    return check


def revoke_dbs_check(session: Session, *, check_id: int, group_id: int, actor: User) -> DBSCheck:
    """Stop relying on a check (recorded in error, or the person's circumstances changed)."""
    check = session.get(DBSCheck, check_id)
    if check is None or check.group_id != group_id:
        raise NotFound(_("DBS check not found"))
    if not is_coordinator(session, actor.id, group_id):
        raise PermissionDenied(_("Only a coordinator of this group can withdraw a DBS check."))
    if check.revoked:
        raise Conflict(_("This DBS check has already been withdrawn."))
    check.revoked = True
    session.add(
        AuditEntry(
            actor_id=actor.id, action="dbs.revoked", target_type="user", target_id=check.user_id,
            detail=f"check {check.id} withdrawn for group {group_id}",
        )
    )
    session.flush()
    return check


def dbs_checks_for(session: Session, *, membership_id: int, group_id: int, actor: User) -> list[DBSCheck]:
    """The checks this group recorded for a member: seen by the group's coordinators and the member."""
    membership = get_membership(session, membership_id, group_id=group_id)
    if not _can_edit_details(session, actor, membership):
        raise PermissionDenied(_("Only the group's coordinators can see DBS checks."))
    return list(
        session.scalars(
            select(DBSCheck)
            .where(DBSCheck.user_id == membership.user_id, DBSCheck.group_id == group_id)
            .order_by(DBSCheck.expires_on.desc(), DBSCheck.id.desc())
        )
    )


@dataclass(frozen=True)
class DbsStatus:
    valid: bool
    expires_on: date | None


def dbs_status(session: Session, user_id: int, *, today: date | None = None) -> DbsStatus:
    """Whether the person may take regulated activity now, and until when (their latest valid check).

    The same rule as ``community.accounts.access.has_valid_dbs``: any unexpired, unrevoked check counts.
    """
    today = today or utcnow().date()
    latest = session.scalar(
        select(DBSCheck.expires_on)
        .where(DBSCheck.user_id == user_id, DBSCheck.revoked.is_(False), DBSCheck.expires_on >= today)
        .order_by(DBSCheck.expires_on.desc())
        .limit(1)
    )
    return DbsStatus(valid=latest is not None, expires_on=latest)
