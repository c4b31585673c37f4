"""One page of a longer list: what every paginated service returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["Page"]

T = TypeVar("T")


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
        return max(1, -(-self.total // self.per_page))
