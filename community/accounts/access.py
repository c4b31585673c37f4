"""Who may see and do what. Every service that returns or changes an object asks here first."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import event, exists, select
from sqlalchemy.orm import ORMExecuteState, Session

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


# Answers kept for the rest of a session's transaction, until it writes anything: a need's page asks
# "is this person its accepted helper?" three times (exact place, contact details, escalation).
_ANSWERS = "weave.access_answers"


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_ANSWERS, None)


def _forget_on_write(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        _forget(state.session)


event.listen(Session, "after_flush", _forget)
event.listen(Session, "after_transaction_end", _forget)
event.listen(Session, "do_orm_execute", _forget_on_write)


def is_accepted_helper(session: Session, user_id: int, need_id: int) -> bool:
    answers: dict[tuple[Any, ...], bool] = session.info.setdefault(_ANSWERS, {})
    key = ("accepted_helper", user_id, need_id)
    if key not in answers:
        answers[key] = (
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
    return answers[key]


