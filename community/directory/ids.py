"""Stable UUIDs for everything the directory publishes.

Groups (as an organisation and a service), categories of help (taxonomy terms), wards and the one taxonomy
each get a random UUID once, kept in ``directory_ids``; an imported group keeps the ids it came with. The
records made from them (a service's areas, its contact, its location, its taxonomy links) take UUIDv5 ids
named inside their service's UUID, so they are as stable as it is.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from community.models import Area, Category, DirectoryId, DirectoryIdKind, Group

__all__ = ["MissingIds", "ensure_directory_ids", "ids_complete", "uuids_for", "local_ids_for",
           "taxonomy_uuid", "derived_uuid", "set_uuid"]

_SOURCES: tuple[tuple[DirectoryIdKind, type[Group] | type[Category] | type[Area]], ...] = (
    (DirectoryIdKind.ORGANIZATION, Group),
    (DirectoryIdKind.SERVICE, Group),
    (DirectoryIdKind.TAXONOMY_TERM, Category),
    (DirectoryIdKind.AREA, Area),
)


def ensure_directory_ids(session: Session) -> int:
    """Give every group, category, area (and the taxonomy) that has no published UUID one; how many.

    Safe to run at the same time as another request doing the same: a clash leaves the other's ids. One
    quick count answers the usual case, where everything has its id already.
    """
    if _all_given(session):
        return 0
    rows: list[dict[str, object]] = []
    for kind, model in _SOURCES:
        # An id whose record has gone (nothing in Weave deletes them, but a database may be edited by
        # hand) is dropped, so that the quick count stays true.
        session.execute(delete(DirectoryId).where(DirectoryId.kind == kind,
                                                  DirectoryId.local_id.not_in(select(model.id))))
        have = select(DirectoryId.local_id).where(DirectoryId.kind == kind)
        missing = session.scalars(select(model.id).where(model.id.not_in(have)))
        rows.extend({"kind": kind, "local_id": local_id, "uuid": str(uuid.uuid4())} for local_id in missing)
    if session.get(DirectoryId, (DirectoryIdKind.TAXONOMY, 0)) is None:
        rows.append({"kind": DirectoryIdKind.TAXONOMY, "local_id": 0, "uuid": str(uuid.uuid4())})
    if not rows:
        return 0
    try:
        with session.begin_nested():
            session.execute(insert(DirectoryId), rows)
    except IntegrityError:
        return 0
    return len(rows)


def ids_complete(session: Session) -> bool:
    """Whether every published record has its UUID already (one quick read)."""
    return _all_given(session)


def _all_given(session: Session) -> bool:
    """True when there is exactly one id per group (two), category, area and the taxonomy.

    Nothing in Weave deletes a group, category or area, and the full check drops the ids of any that a hand
    edit removed, so equal counts mean every record has its id.
    """
    def count(model: type[Group] | type[Category] | type[Area] | type[DirectoryId]) -> Any:
        return select(func.count()).select_from(model).scalar_subquery()

    wanted, given = session.execute(select(
        count(Group) * 2 + count(Category) + count(Area) + 1, count(DirectoryId))).one()
    return bool(wanted == given)


def uuids_for(session: Session, kind: DirectoryIdKind, local_ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(local_ids))
    if not ids:
        return {}
    query = select(DirectoryId.local_id, DirectoryId.uuid).where(
        DirectoryId.kind == kind, DirectoryId.local_id.in_(ids)
    )
    return {local_id: value for local_id, value in session.execute(query)}


def local_ids_for(session: Session, kind: DirectoryIdKind, uuids: Iterable[str]) -> dict[str, int]:
    wanted = sorted({u.lower() for u in uuids})
    if not wanted:
        return {}
    query = select(DirectoryId.uuid, DirectoryId.local_id).where(
        DirectoryId.kind == kind, DirectoryId.uuid.in_(wanted)
    )
    return {value: local_id for value, local_id in session.execute(query)}


class MissingIds(Exception):
    """Something to publish has no UUID yet: run ``ensure_directory_ids`` (and commit), then ask again."""


def taxonomy_uuid(session: Session) -> str:
    row = session.get(DirectoryId, (DirectoryIdKind.TAXONOMY, 0))
    if row is None:
        raise MissingIds("the taxonomy")
    return row.uuid


def set_uuid(session: Session, kind: DirectoryIdKind, local_id: int, value: str) -> None:
    """Keep ``value`` (an imported record's own id) as the UUID ``kind`` ``local_id`` is published under."""
    row = session.get(DirectoryId, (kind, local_id))
    if row is None:
        session.add(DirectoryId(kind=kind, local_id=local_id, uuid=value))
    else:
        row.uuid = value


def derived_uuid(parent: str, name: str) -> str:
    """
    >>> derived_uuid("ac148810-d857-441c-9679-408f346de14b", "contact:telephone")
    'b5d85c55-998e-57f9-b625-e1e2e5f3f111'
    """
    return str(uuid.uuid5(uuid.UUID(parent), name))
