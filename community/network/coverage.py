"""The rule that labels a ward x category cell as covered, thin or a gap.

The counts are gathered elsewhere; this module only holds the rule, so the
page can show :data:`COVERAGE_RULE` word for word next to the map.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from community.i18n import _

__all__ = [
    "COVERAGE_RULE",
    "COVERAGE_STATUSES",
    "MAX_OPEN_OVER_7_DAYS",
    "MAX_UNMET_SHARE",
    "NEEDS_PER_SUPPLY_UNIT",
    "CoverageCell",
    "coverage_status",
]

COVERED, THIN, GAP, NO_DEMAND = "covered", "thin", "gap", "no demand"
COVERAGE_STATUSES = (COVERED, THIN, GAP, NO_DEMAND)

NEEDS_PER_SUPPLY_UNIT = 5
MAX_UNMET_SHARE = 0.5
MAX_OPEN_OVER_7_DAYS = 3

COVERAGE_RULE = _(
    "Demand is the number of needs posted plus searches that found nobody. Supply is the "
    "number of groups serving the area for that kind of help, plus active offers, plus the people who "
    "recently helped: those who met a need posted there in the period. "
    "A cell is a gap when there is demand but no supply at all: no group, no offer and nobody who "
    "helped there. A place where neighbours met most needs is not a gap. "
    "It is thin when there is demand and either there are more than %(per_unit)s "
    "needs for each unit of supply, more than %(unmet_share)s of its resolved needs went "
    "unmet, or %(open_over_7_days)s or more needs have been open for over 7 days. "
    "It is covered otherwise. With no demand and no supply it is marked no demand.",
    per_unit=NEEDS_PER_SUPPLY_UNIT,
    unmet_share=format(MAX_UNMET_SHARE, ".0%"),
    open_over_7_days=MAX_OPEN_OVER_7_DAYS,
)


@dataclass(frozen=True, slots=True)
class CoverageCell:
    """A ward x category cell and its status (one of :data:`COVERAGE_STATUSES`)."""

    area: str
    category: str
    status: str
    demand: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


def coverage_status(
    needs_posted: int,
    needs_met: int,
    needs_unmet: int,
    open_over_7_days: int,
    active_offers: int,
    groups_serving: int,
    *,
    zero_result_searches: int = 0,
    recent_helpers: int = 0,
) -> str:
    """Classify one ward x category cell by :data:`COVERAGE_RULE`.

    Parameters
    ----------
    needs_posted : int
        Needs posted in the period.
    needs_met, needs_unmet : int
        Needs resolved either way; their ratio gives the unmet share.
    open_over_7_days : int
        Needs still open after a week.
    active_offers : int
        Individual offers of help currently live.
    groups_serving : int
        Groups that list the ward and the category.
    zero_result_searches : int
        Searches for this help here that found nobody; they count as demand.
    recent_helpers : int
        People who met a need posted here in the period: recent helping counts as supply.

    Returns
    -------
    str
        ``"covered"``, ``"thin"``, ``"gap"`` or ``"no demand"``.

    Examples
    --------
    >>> coverage_status(4, 0, 0, 0, active_offers=0, groups_serving=0)
    'gap'
    >>> coverage_status(12, 2, 1, 0, active_offers=1, groups_serving=1)
    'thin'
    >>> coverage_status(6, 5, 1, 0, active_offers=1, groups_serving=2)
    'covered'
    >>> coverage_status(0, 0, 0, 0, active_offers=0, groups_serving=0, zero_result_searches=2)
    'gap'
    >>> coverage_status(0, 0, 0, 0, active_offers=0, groups_serving=0)
    'no demand'
    >>> coverage_status(10, 8, 1, 0, active_offers=0, groups_serving=0, recent_helpers=3)
    'covered'
    """
    counts = (
        needs_posted,
        needs_met,
        needs_unmet,
        open_over_7_days,
        active_offers,
        groups_serving,
        zero_result_searches,
        recent_helpers,
    )
    if any(c < 0 for c in counts):
        raise ValueError("coverage counts cannot be negative")
    demand = needs_posted + zero_result_searches
    supply = groups_serving + active_offers + recent_helpers
    if demand == 0:
        return COVERED if supply else NO_DEMAND
    if supply == 0:
        return GAP
    resolved = needs_met + needs_unmet
    unmet_share = needs_unmet / resolved if resolved else 0.0
    if (
        supply * NEEDS_PER_SUPPLY_UNIT < demand
        or unmet_share > MAX_UNMET_SHARE
        or open_over_7_days >= MAX_OPEN_OVER_7_DAYS
    ):
        return THIN
    return COVERED
