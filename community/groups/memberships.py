"""Who is in a group: asking to join, approving, leaving, removing and changing roles.

A group always keeps at least one active coordinator. Every change that could take away a coordinator
first locks the group's row, so two coordinators stepping down at the same moment cannot both succeed
(PostgreSQL serialises them on the lock; SQLite has one writer at a time anyway).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from community.accounts.access import is_coordinator
from community.db import utcnow
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.i18n import _
from community.models import Group, Membership, MembershipRole, MembershipStatus, User
from community.models.groups import MEMBERSHIP_ROLES
from community.notifications import Target, notify, notify_many

__all__ = [
    "list_coordinated_groups",
    "ROLE_LABELS",
    "LAST_COORDINATOR",
    "MemberRow",
    "get_membership",
    "membership_for",
    "request_to_join",
    "approve_membership",
    "decline_membership",
    "leave_group",
    "remove_member",
    "change_role",
    "list_members",
    "pending_requests",
    "coordinator_ids",
    "groups_of",
]

ROLE_LABELS = {"coordinator": _("Coordinator"), "volunteer": _("Volunteer")}
LAST_COORDINATOR = (
    _("A group must always have a coordinator. Make another member a coordinator first.")
)


def _members_link(group_id: int) -> Target:
    return Target("group", group_id, "members")


def _group_link(group_id: int) -> Target:
    return Target("group", group_id)


def get_membership(session: Session, membership_id: int, *, group_id: int | None = None) -> Membership:
    """The membership, which must belong to ``group_id`` when it is given (ids in URLs are not trusted)."""
    membership = session.get(Membership, membership_id)
    if membership is None or (group_id is not None and membership.group_id != group_id):
        raise NotFound(_("Member not found"))
    return membership


def membership_for(session: Session, user_id: int, group_id: int) -> Membership | None:
    return session.scalar(
        select(Membership).where(Membership.user_id == user_id, Membership.group_id == group_id)
    )


def coordinator_ids(session: Session, group_id: int) -> list[int]:
    return list(
        session.scalars(
            select(Membership.user_id).where(
                Membership.group_id == group_id,
                Membership.role == MembershipRole.COORDINATOR,
                Membership.status == MembershipStatus.ACTIVE,
            )
        )
    )


def _lock_group(session: Session, group_id: int) -> Group:
    group = session.get(Group, group_id, with_for_update=True, populate_existing=True)
    if group is None or group.closed_at is not None:
        raise NotFound(_("Group not found"))
    return group


def _require_coordinator(session: Session, actor: User, group_id: int) -> None:
    if not is_coordinator(session, actor.id, group_id):
        raise PermissionDenied(_("Only a coordinator of this group can do this."))


def _other_coordinators(session: Session, group_id: int, user_id: int) -> int:
    return session.scalar(
        select(func.count(Membership.id)).where(
            Membership.group_id == group_id,
            Membership.role == MembershipRole.COORDINATOR,
            Membership.status == MembershipStatus.ACTIVE,
            Membership.user_id != user_id,
        )
    ) or 0


def request_to_join(session: Session, *, group_id: int, user: User) -> Membership:
    """Ask to join a group; its coordinators are told and one of them decides."""
    group = _lock_group(session, group_id)
    membership = membership_for(session, user.id, group.id)
    if membership is not None:
        if membership.status == MembershipStatus.ACTIVE:
            raise Conflict(_("You are already a member of this group."))
        if membership.status == MembershipStatus.PENDING:
            raise Conflict(_("You have already asked to join this group."))
        if membership.status == MembershipStatus.REMOVED:
            raise PermissionDenied(_("You were removed from this group, so you cannot ask to join it again."))
        membership.status, membership.role = MembershipStatus.PENDING, MembershipRole.VOLUNTEER
        membership.created_at, membership.decided_at, membership.ended_at = utcnow(), None, None
    else:
        membership = Membership(
            user_id=user.id, group_id=group.id, role=MembershipRole.VOLUNTEER, status=MembershipStatus.PENDING
        )
        session.add(membership)
    session.flush()
    notify_many(
        session,
        user_ids=coordinator_ids(session, group.id),
        kind="membership_requested",
        message=_(
            "%(name)s has asked to join %(group)s.",
            name=user.display_name, group=group.name,
        ),
        target=_members_link(group.id),
    )
    return membership


def _decide(session: Session, *, membership_id: int, group_id: int, actor: User, approve: bool) -> Membership:
    group = _lock_group(session, group_id)
    _require_coordinator(session, actor, group.id)
    membership = get_membership(session, membership_id, group_id=group.id)
    if membership.status != MembershipStatus.PENDING:
        raise Conflict(_("This request to join has already been answered."))
    membership.status = MembershipStatus.ACTIVE if approve else MembershipStatus.DECLINED
    membership.decided_at = utcnow()
    session.flush()
    notify(
        session,
        user_id=membership.user_id,
        kind="membership_approved" if approve else "membership_declined",
        message=_("You are now a member of %(group)s.", group=group.name) if approve
        else _("Your request to join %(group)s was not accepted this time.", group=group.name),
        target=_group_link(group.id),
    )
    return membership


def approve_membership(session: Session, *, membership_id: int, group_id: int, actor: User) -> Membership:
    return _decide(session, membership_id=membership_id, group_id=group_id, actor=actor, approve=True)


def decline_membership(session: Session, *, membership_id: int, group_id: int, actor: User) -> Membership:
    return _decide(session, membership_id=membership_id, group_id=group_id, actor=actor, approve=False)


def leave_group(session: Session, *, group_id: int, user: User) -> Membership:
    """Leave (or withdraw a request to join). The last coordinator cannot leave."""
    group = _lock_group(session, group_id)
    membership = membership_for(session, user.id, group.id)
    if membership is None or membership.status not in (MembershipStatus.ACTIVE, MembershipStatus.PENDING):
        raise NotFound(_("You are not a member of this group."))
    if membership.status == MembershipStatus.ACTIVE and membership.role == MembershipRole.COORDINATOR:
        if not _other_coordinators(session, group.id, user.id):
            raise Conflict(LAST_COORDINATOR)
    membership.status, membership.ended_at = MembershipStatus.LEFT, utcnow()
    session.flush()
    return membership


def remove_member(session: Session, *, membership_id: int, group_id: int, actor: User) -> Membership:
    group = _lock_group(session, group_id)
    _require_coordinator(session, actor, group.id)
    membership = get_membership(session, membership_id, group_id=group.id)
    if membership.user_id == actor.id:
        raise ValidationFailed({"": _("To stop being a member yourself, leave the group instead.")})
    if membership.status != MembershipStatus.ACTIVE:
        raise Conflict(_("This person is not an active member of the group."))
    coordinator = membership.role == MembershipRole.COORDINATOR
    if coordinator and not _other_coordinators(session, group.id, membership.user_id):
        raise Conflict(LAST_COORDINATOR)
    membership.status, membership.ended_at = MembershipStatus.REMOVED, utcnow()
    session.flush()
    notify(
        session,
        user_id=membership.user_id,
        kind="membership_removed",
        message=_("You are no longer a member of %(group)s.", group=group.name),
        target=_group_link(group.id),
    )
    return membership


def change_role(
    session: Session, *, membership_id: int, group_id: int, role: str, actor: User
) -> Membership:
    """Promote a volunteer to coordinator, or make a coordinator a volunteer (never the last one)."""
    if role not in MEMBERSHIP_ROLES:
        raise ValidationFailed({"role": _("Select coordinator or volunteer")})
    group = _lock_group(session, group_id)
    _require_coordinator(session, actor, group.id)
    membership = get_membership(session, membership_id, group_id=group.id)
    if membership.status != MembershipStatus.ACTIVE:
        raise Conflict(_("Only an active member can have their role changed."))
    if membership.role == role:
        return membership
    if role == MembershipRole.VOLUNTEER and not _other_coordinators(session, group.id, membership.user_id):
        raise Conflict(LAST_COORDINATOR)
    membership.role = MembershipRole(role)
    session.flush()
    notify(
        session,
        user_id=membership.user_id,
        kind="membership_role_changed",
        message=_(
            "You are now a %(role)s of %(group)s.",
            role=ROLE_LABELS[role].lower(), group=group.name,
        ),
        target=_group_link(group.id),
    )
    return membership


@dataclass(frozen=True)
class MemberRow:
    membership: Membership
    user: User


def list_members(session: Session, *, group_id: int, actor: User, status: str = "active") -> list[MemberRow]:
    """Members by role then name. Only the group's coordinators see who is in it."""
    _require_coordinator(session, actor, group_id)
    rows = session.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.group_id == group_id, Membership.status == status)
        .order_by(Membership.role, func.lower(User.display_name), User.id)
    ).all()
    return [MemberRow(membership, user) for membership, user in rows]


def pending_requests(session: Session, *, group_id: int, actor: User) -> list[MemberRow]:
    return list_members(session, group_id=group_id, actor=actor, status=MembershipStatus.PENDING)


def groups_of(session: Session, user_id: int) -> list[tuple[Group, Membership]]:
    """The open groups a person belongs to or has asked to join, by name."""
    rows = session.execute(
        select(Group, Membership)
        .join(Membership, Membership.group_id == Group.id)
        .where(
            Membership.user_id == user_id,
            Membership.status.in_((MembershipStatus.ACTIVE, MembershipStatus.PENDING)),
            Group.closed_at.is_(None),
        )
        .order_by(Group.name_normalised)
    ).all()
    return [(group, membership) for group, membership in rows]


def list_coordinated_groups(session: Session, *, user: User) -> list[Group]:
    """The open groups ``user`` is an active coordinator of, by name."""
    return list(
        session.scalars(
            select(Group)
            .join(Membership, Membership.group_id == Group.id)
            .where(
                Membership.user_id == user.id,
                Membership.role == MembershipRole.COORDINATOR,
                Membership.status == MembershipStatus.ACTIVE,
                Group.closed_at.is_(None),
            )
            .order_by(Group.name)
        )
    )
