"""What the residents' views share: the signed-in person, the location salt and choice lists."""

from __future__ import annotations

from flask import abort, current_app
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.residents.forms import options
from community.errors import NotFound, PermissionDenied
from community.models import Category, User
from community.places import category_options, postcodes_available, ward_choices


def me() -> User:
    # The real User, not Flask-Login's proxy: services compare and write it.
    return current_user._get_current_object()


def location_salt() -> str:
    return current_app.config["LOCATION_SALT"]


def category_choices(session: Session, blank: str = _("Choose the type of help"), *,
                     keep: int | None = None) -> list:
    """The categories people may choose (not retired), and ``keep``: the one a post being edited has."""
    ids = [category_id for category_id, _name in category_options(session, keep=[keep])]
    by_id = {c.id: c for c in session.scalars(select(Category).where(Category.id.in_(ids)))}
    categories = [by_id[i] for i in ids]
    return options([("", blank)] + [
        (c.id, f"{c.name} (health-related)" if c.sensitive else c.name) for c in categories
    ])


def sensitive_category_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Category.id).where(Category.sensitive.is_(True))))


def ward_options(session: Session, blank: str = _("Choose a ward")) -> list:
    return options([("", blank), *ward_choices(session)])


def fill_place_choices(form, session: Session) -> None:
    form.area_id.choices = ward_options(session)


def place_context(session: Session) -> dict:
    """Template values every form with a place needs (the pin map and "use my location")."""
    return {
        "postcodes_on": postcodes_available(session),
        "tiles_url": current_app.config.get("MAP_TILES_URL"),
        "tiles_attribution": current_app.config.get("MAP_TILES_ATTRIBUTION"),
    }


def abort_for(error: Exception):
    """NotFound → 404, PermissionDenied → 403; a hidden post's existence is never confirmed."""
    if isinstance(error, NotFound):
        abort(404)
    if isinstance(error, PermissionDenied):
        abort(403)
    raise error
