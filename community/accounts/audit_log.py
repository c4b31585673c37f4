"""The audit log administrators read: who did what to whom, and when, filtered and a page at a time.

Entries are written where things happen (a connector looking at a resident, a moderator hiding a post, a
role changed, an account suspended); this module only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from community.accounts.roles import require_admin
from community.models import AuditEntry, User
from community.pagination import Page, paginate

__all__ = ["AuditFilters", "AuditPage", "audit_actions", "audit_target_types", "list_audit_entries"]

PER_PAGE = 50


@dataclass(frozen=True, slots=True)
class AuditFilters:
    """Every filter is optional. ``actor`` and ``target`` match a person's name or email address (or, for
    ``target``, the id of what was acted on); dates are inclusive, in UTC."""

    actor: str = ""
    action: str = ""
    target_type: str = ""
    target: str = ""
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class AuditPage(Page[AuditEntry]):
    # The people the entries on this page name (as actor or target), by id.
    people: dict[int, User] = field(default_factory=dict)


def _like(text: str) -> str:
    return "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _person_matches(person: Any, text: str) -> ColumnElement[bool]:
    pattern = _like(text)
    return or_(person.email_normalised.like(pattern, escape="\\"),
               func.lower(person.display_name).like(pattern, escape="\\"))


def _filtered(filters: AuditFilters) -> Select:
    query = select(AuditEntry)
    if filters.actor.strip():
        actor = aliased(User)
        query = query.join(actor, actor.id == AuditEntry.actor_id).where(
            _person_matches(actor, filters.actor.strip())
        )
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.target_type:
        query = query.where(AuditEntry.target_type == filters.target_type)
    target = filters.target.strip()
    if target.isdigit():
        query = query.where(AuditEntry.target_id == int(target))
    elif target:
        person = aliased(User)
        query = query.where(AuditEntry.target_type == "user").join(
            person, person.id == AuditEntry.target_id
        ).where(_person_matches(person, target))
    if filters.date_from is not None:
        query = query.where(AuditEntry.created_at >= datetime.combine(filters.date_from, time(), tzinfo=UTC))
    if filters.date_to is not None:
        end = datetime.combine(filters.date_to + timedelta(days=1), time(), tzinfo=UTC)
        query = query.where(AuditEntry.created_at < end)
    return query


def list_audit_entries(
    session: Session, *, viewer: User, filters: AuditFilters, page: int = 1, per_page: int = PER_PAGE
) -> AuditPage:
    """The newest entries first, for an administrator."""
    require_admin(viewer)
    query = _filtered(filters).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    found: Page[AuditEntry] = paginate(session, query, page=page, per_page=per_page, clamp=True)
    ids = {entry.actor_id for entry in found.items if entry.actor_id is not None}
    ids |= {entry.target_id for entry in found.items if entry.target_type == "user" and entry.target_id}
    people = {user.id: user for user in session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    return AuditPage(found.items, found.total, found.page, found.per_page, people=people)


def audit_actions(session: Session) -> list[str]:
    """Every action the log holds, for the filter's list."""
    return list(session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def audit_target_types(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEntry.target_type).distinct().order_by(AuditEntry.target_type)))
