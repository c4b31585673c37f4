"""The longest a piece of text may be, and the one way of saying it is too long.

Each feature owns its limits (``community.posts.posting.TITLE``, ``community.groups.volunteers.AVAILABILITY``
and so on); the services check them and the web forms read them, so a number is written once.
"""

from __future__ import annotations

from dataclasses import dataclass

from community.i18n import _

__all__ = ["TextLimit"]


@dataclass(frozen=True, slots=True)
class TextLimit:
    """``what`` may be at most ``max`` characters.

    >>> TextLimit("Details", 5000).message
    'Details must be 5,000 characters or fewer'
    >>> TextLimit("Title", 120).exceeded_by("x" * 121)
    True
    """

    what: str
    max: int

    @property
    def message(self) -> str:
        return _("%(what)s must be %(max)s characters or fewer", what=self.what, max=format(self.max, ","))

    def exceeded_by(self, text: str) -> bool:
        return len(text) > self.max
