"""Read-only summaries for the home page: a connector's headline figures.

They are the dashboard's figures, with the same names and periods: both come from
``community.insights.figures``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from community.insights.figures import PERIOD, HeadlineFigures, headline_figures

__all__ = ["CouncilOverview", "get_council_overview", "MET_WINDOW"]

# "Met recently" for the headline figure: the one period every headline figure uses.
MET_WINDOW = PERIOD
CouncilOverview = HeadlineFigures


def get_council_overview(session: Session, *, now: datetime | None = None) -> HeadlineFigures:
    """Headline figures for a connector's home page (``community.insights.figures`` defines them)."""
    return headline_figures(session, now=now)
