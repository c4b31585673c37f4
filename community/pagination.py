"""One page of a longer list: what every paginated service returns, and the one place pages are counted.

``paginate`` pages a query in the database (a count, then LIMIT/OFFSET); ``paginate_list`` pages rows
already worked out in Python. Both clamp page numbers the same way: below 1 means 1, and with
``clamp=True`` past the end means the last page (lists with page links); without it a page past the end
is empty (the API and the notices, which echo the page asked for).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

__all__ = ["Page", "paginate", "paginate_list", "page_count", "page_slice"]

T = TypeVar("T")
P = TypeVar("P", bound="Page[Any]")


def page_count(total: int, per_page: int) -> int:
    """How many pages ``total`` items fill, ``per_page`` at a time; an empty list is still one page.

    >>> page_count(21, 10), page_count(20, 10), page_count(0, 10)
    (3, 2, 1)
    """
    return max(1, -(-total // per_page))


def page_slice(page: int, per_page: int) -> slice:
    """Where page ``page`` (from 1) starts and stops in the whole list.

    >>> page_slice(3, 10)
    slice(20, 30, None)
    """
    return slice((page - 1) * per_page, page * per_page)


# No list is anywhere near this long; past it, LIMIT/OFFSET would overflow a database integer.
LAST_PAGE_ASKED = 1_000_000


def _clamped(page: int, total: int, per_page: int, clamp: bool) -> int:
    page = min(max(1, page), LAST_PAGE_ASKED)
    return min(page, page_count(total, per_page)) if clamp else page


@dataclass(frozen=True)
class Page(Generic[T]):
    """``items`` on page ``page`` (from 1) of ``total`` items, ``per_page`` at a time.

    >>> Page(items=[1, 2], total=21, page=1, per_page=10).pages
    3
    >>> Page(items=[], total=0, page=1, per_page=10).pages
    1
    """

    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)


def paginate(
    session: Session,
    stmt: Select[Any],
    *,
    page: int,
    per_page: int,
    clamp: bool = False,
    page_type: type[P] = Page,  # type: ignore[assignment]
) -> P:
    """Page ``page`` of what ``stmt`` selects (give it its ORDER BY), and how many there are in all.

    ``page_type`` names a ``Page`` subclass when a service returns its own kind of page.
    """
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    page = _clamped(page, total, per_page, clamp)
    window = page_slice(page, per_page)
    items = list(session.scalars(stmt.limit(per_page).offset(window.start)))
    return page_type(items, total, page, per_page)


def paginate_list(
    rows: Sequence[T], *, page: int, per_page: int, clamp: bool = False
) -> Page[T]:
    """``paginate`` for rows already in memory."""
    page = _clamped(page, len(rows), per_page, clamp)
    return Page(list(rows[page_slice(page, per_page)]), len(rows), page, per_page)
