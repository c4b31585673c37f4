"""Who may see and do what. Every service that returns or changes an object asks here first."""

from __future__ import annotations

from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from community.db import utcnow
from community.models import DBSCheck, Membership, Response

__all__ = [
    "is_active_member",
    "is_coordinator",
    "coordinator_group_ids",
    "has_valid_dbs",
    "is_accepted_helper",
]


def is_active_member(session: Session, user_id: int, group_id: int | None = None) -> bool:
    query = select(Membership.id).where(Membership.user_id == user_id, Membership.status == "active")
    if group_id is not None:
        query = query.where(Membership.group_id == group_id)
    return session.scalar(select(exists(query))) or False


def is_coordinator(session: Session, user_id: int, group_id: int) -> bool:
    return (
        session.scalar(
            select(
                exists().where(
                    Membership.user_id == user_id,
                    Membership.group_id == group_id,
                    Membership.status == "active",
                    Membership.role == "coordinator",
                )
            )
        )
        or False
    )


def coordinator_group_ids(session: Session, user_id: int) -> list[int]:
    return list(
        session.scalars(
            select(Membership.group_id).where(
                Membership.user_id == user_id,
                Membership.status == "active",
                Membership.role == "coordinator",
            )
        )
    )


def has_valid_dbs(session: Session, user_id: int, on: date | None = None) -> bool:
    """An unexpired, unrevoked DBS check: required for regulated-activity categories."""
    on = on or utcnow().date()
    return (
        session.scalar(
            select(
                exists().where(
                    DBSCheck.user_id == user_id, DBSCheck.revoked.is_(False), DBSCheck.expires_on >= on
                )
            )
        )
        or False
    )


def is_accepted_helper(session: Session, user_id: int, need_id: int) -> bool:
    return (
        session.scalar(
            select(
                exists().where(
                    Response.need_id == need_id,
                    Response.helper_id == user_id,
                    Response.status.in_(("accepted", "completed")),
                )
            )
        )
        or False
    )


