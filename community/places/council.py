"""The council running this Weave: its name, and what it has loaded (its wards, postcodes, categories).

The area a council covers is its imported wards, and where every map starts is worked out from them
(``community.places.extent.wards_view``): nothing about a place is kept anywhere else, so setting up a
council is naming it and importing its files (``flask council setup``, or the admin pages).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from community.errors import PermissionDenied, ValidationFailed
from community.i18n import _
from community.models import Area, AreaKind, AuditEntry, Category, CouncilSettings, Postcode, User
from community.places.extent import MapView, wards_view

__all__ = [
    "CouncilOverview",
    "COUNCIL_NAME_MAX",
    "council_name",
    "council_overview",
    "council_name_problem",
    "holds_demo",
    "set_council_name",
]

COUNCIL_NAME_MAX = 120


@dataclass(frozen=True, slots=True)
class CouncilOverview:
    """What a council has set up: shown on the admin pages and by ``flask council setup``."""

    name: str | None
    wards: int
    lsoas: int
    custom_areas: int
    postcodes: int
    categories: int
    retired_categories: int
    view: MapView
    # The box around every ward (south, west, north, east), None before wards are imported.
    bounds: tuple[float, float, float, float] | None

    @property
    def ready(self) -> bool:
        """Named, with wards and categories: people can register, post and make groups."""
        return bool(self.name and self.wards and self.categories)


def council_name(session: Session) -> str | None:
    settings = session.scalar(select(CouncilSettings).order_by(CouncilSettings.id).limit(1))
    return settings.name if settings is not None else None


def council_name_problem(name: str | None) -> str | None:
    """
    >>> council_name_problem("Portmere Borough Council") is None
    True
    >>> council_name_problem("  ")
    "Enter the council's name"
    """
    name = (name or "").strip()
    if not name:
        return _("Enter the council's name")
    if len(name) > COUNCIL_NAME_MAX:
        return _("The council's name must be %(max)s characters or fewer", max=COUNCIL_NAME_MAX)
    return None


def set_council_name(session: Session, *, name: str, actor: User | None = None) -> CouncilSettings:
    """Name the council (the console's ``actor`` is None); the one settings row is made the first time."""
    if actor is not None and not (actor.is_admin and actor.is_active):
        raise PermissionDenied(_("Only an admin can change the council's details"))
    problem = council_name_problem(name)
    if problem:
        raise ValidationFailed({"name": problem})
    name = name.strip()
    settings = session.scalar(select(CouncilSettings).order_by(CouncilSettings.id).limit(1))
    if settings is not None and settings.name == name:
        return settings
    detail = name if settings is None else f"from {settings.name} to {name}"
    if settings is None:
        settings = CouncilSettings(name=name)
        session.add(settings)
    settings.name = name
    session.add(AuditEntry(actor_id=actor.id if actor is not None else None, action="council.named",
                           target_type="council", target_id=None, detail=detail))
    session.flush()
    return settings


def holds_demo(session: Session) -> bool:
    """The Weave demo's synthetic people are here: not a database to set a council up in."""
    return bool(session.scalar(select(exists().where(User.is_demo.is_(True)))))


def council_overview(session: Session) -> CouncilOverview:
    areas = dict(session.execute(select(Area.kind, func.count()).group_by(Area.kind)).all())
    retired = Category.retired_at.is_not(None)
    categories = dict(session.execute(select(retired, func.count()).group_by(retired)).all())
    box = session.execute(
        select(func.min(Area.min_lat), func.min(Area.min_lng), func.max(Area.max_lat), func.max(Area.max_lng))
        .where(Area.kind == AreaKind.WARD)
    ).one()
    return CouncilOverview(
        name=council_name(session),
        wards=areas.get(AreaKind.WARD, 0),
        lsoas=areas.get(AreaKind.LSOA, 0),
        custom_areas=areas.get(AreaKind.CUSTOM, 0),
        postcodes=session.scalar(select(func.count()).select_from(Postcode)) or 0,
        categories=categories.get(False, 0),
        retired_categories=categories.get(True, 0),
        view=wards_view(session),
        bounds=None if box[0] is None else tuple(float(v) for v in box),  # type: ignore[arg-type]
    )
