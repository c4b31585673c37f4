"""Groups, memberships, volunteers' DBS checks and partnerships."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from community.models import DBSCheck, Group, Membership, MembershipStatus, User
from community.personal_data.registry import Erasure, no_personal_data, register, row_dict


def _groups(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(select(Group).where(Group.created_by_id == user.id).order_by(Group.id))
    return [row_dict(g, leave_out=("drawn_area",)) for g in rows]


def _group_contacts(session: Session, erasure: Erasure) -> None:
    # A group may have used its founder's own address as its contact: it goes with them.
    addresses = {erasure.user.email_normalised, erasure.user.email.lower()}
    session.execute(
        update(Group).where(func.lower(Group.contact_email).in_(addresses)).values(contact_email=None)
    )
    if erasure.user.phone:
        session.execute(
            update(Group).where(Group.contact_phone == erasure.user.phone).values(contact_phone=None)
        )


register("groups", export=_groups, erase=_group_contacts, free_text=("description",))
no_personal_data("group_areas", "group_categories", why="which wards and kinds of help a group serves")


def _memberships(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(select(Membership).where(Membership.user_id == user.id).order_by(Membership.id))
    return [row_dict(m) | {"group": m.group.name, "categories": [c.slug for c in m.categories]} for m in rows]


def _leave_groups(session: Session, erasure: Erasure) -> None:
    user = erasure.user
    session.execute(
        update(Membership)
        .where(Membership.user_id == user.id,
               Membership.status.in_((MembershipStatus.ACTIVE, MembershipStatus.PENDING)))
        .values(status=MembershipStatus.LEFT, ended_at=erasure.now)
    )
    session.execute(update(Membership).where(Membership.user_id == user.id).values(availability=""))


register("memberships", export=_memberships, erase=_leave_groups, free_text=("availability",))
register("membership_categories", note="what a volunteer helps with: exported with their memberships")


def _dbs_checks(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(select(DBSCheck).where(DBSCheck.user_id == user.id).order_by(DBSCheck.id))
    return [row_dict(c) for c in rows]


def _delete_dbs_checks(session: Session, erasure: Erasure) -> None:
    session.execute(delete(DBSCheck).where(DBSCheck.user_id == erasure.user.id))


register("dbs_checks", export=_dbs_checks, erase=_delete_dbs_checks)
register("partnerships", free_text=("note",), note="between groups: a coordinator's note may name someone")
