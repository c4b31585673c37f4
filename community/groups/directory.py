"""Finding groups: chainable query functions, in the style of FixMyStreet's ResultSets, and one search.

Each function takes a ``Select`` of groups and returns it narrowed, so they compose without a session::

    query = for_category(for_area(active(select(Group)), ward_id), category_id)
    groups = session.scalars(by_name(query)).all()
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from community.db import utcnow
from community.groups.manage import STALE_AFTER
from community.models import Area, Group, group_areas, group_categories
from community.models.groups import GROUP_KINDS
from community.pagination import Page, paginate
from community.places.categories import category_options as places_category_options

__all__ = [
    "active",
    "for_area",
    "for_category",
    "of_kind",
    "matching",
    "stale",
    "verified",
    "by_name",
    "GroupFilters",
    "GroupPage",
    "search_groups",
    "filtered",
    "ward_options",
    "category_options",
]

PER_PAGE = 20


def active(query: Select) -> Select:
    """Groups that have not closed."""
    return query.where(Group.closed_at.is_(None))


def for_area(query: Select, area_id: int) -> Select:
    """Groups that serve the area (chosen from the ward list)."""
    return query.where(
        Group.id.in_(select(group_areas.c.group_id).where(group_areas.c.area_id == area_id))
    )


def for_category(query: Select, category_id: int) -> Select:
    return query.where(
        Group.id.in_(select(group_categories.c.group_id).where(group_categories.c.category_id == category_id))
    )


def of_kind(query: Select, kind: str) -> Select:
    return query.where(Group.kind == kind)


def _like_pattern(text: str) -> str:
    """
    >>> _like_pattern("50% off_")
    '%50\\\\% off\\\\_%'
    """
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def matching(query: Select, text: str) -> Select:
    """Groups whose name or description contains ``text``, whatever its case."""
    pattern = _like_pattern(text.strip().lower())
    return query.where(
        or_(
            Group.name_normalised.like(pattern, escape="\\"),
            func.lower(Group.description).like(pattern, escape="\\"),
        )
    )


def stale(query: Select, now: datetime | None = None) -> Select:
    """Groups nobody has confirmed in the last 12 months (or ever)."""
    cutoff = (now or utcnow()) - STALE_AFTER
    return query.where(or_(Group.assured_at.is_(None), Group.assured_at < cutoff))


def verified(query: Select) -> Select:
    return query.where(Group.verified_at.is_not(None))


def by_name(query: Select) -> Select:
    return query.order_by(Group.name_normalised, Group.id)


@dataclass(frozen=True)
class GroupFilters:
    area_id: int | None = None
    category_id: int | None = None
    kind: str | None = None
    text: str = ""
    only_stale: bool = False

    @property
    def any(self) -> bool:
        return bool(self.area_id or self.category_id or self.kind or self.text or self.only_stale)


class GroupPage(Page[Group]):
    @property
    def groups(self) -> list[Group]:
        return self.items


def filtered(filters: GroupFilters, now: datetime | None = None) -> Select:
    """The open groups matching ``filters``; unknown kinds match nothing rather than everything."""
    query = active(select(Group))
    if filters.area_id:
        query = for_area(query, filters.area_id)
    if filters.category_id:
        query = for_category(query, filters.category_id)
    if filters.kind:
        query = of_kind(query, filters.kind if filters.kind in GROUP_KINDS else "")
    if filters.text.strip():
        query = matching(query, filters.text[:100])
    if filters.only_stale:
        query = stale(query, now)
    return query


def search_groups(
    session: Session, filters: GroupFilters, *, page: int = 1, per_page: int = PER_PAGE
) -> GroupPage:
    query = by_name(filtered(filters)).options(
        selectinload(Group.areas).load_only(Area.id, Area.name), selectinload(Group.categories)
    )
    return paginate(session, query, page=page, per_page=per_page, clamp=True, page_type=GroupPage)


def ward_options(session: Session) -> list[tuple[int, str]]:
    query = select(Area.id, Area.name).where(Area.kind == "ward").order_by(Area.name)
    return [(area_id, name) for area_id, name in session.execute(query)]


def category_options(session: Session, *, keep: Iterable[int] = ()) -> list[tuple[int, str]]:
    """The categories a group or volunteer may choose: not retired, or already chosen (``keep``)."""
    return places_category_options(session, keep=keep)
