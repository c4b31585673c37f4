"""Query-string filters shared by the connector pages and the API: a period and a category or ward.

Filters come from select boxes, so an unknown value can only come from an edited address: it falls back to
the default rather than failing the page.
"""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from community.insights import DEFAULT_WINDOW_DAYS, WINDOW_CHOICES
from community.models import Area, Category


def window_days() -> int:
    value = request.args.get("window", type=int)
    return value if value in WINDOW_CHOICES else DEFAULT_WINDOW_DAYS


def categories(session: Session) -> list[tuple[str, str]]:
    query = select(Category.slug, Category.name).order_by(Category.position, Category.name)
    return list(session.execute(query))


def wards(session: Session) -> list[tuple[str, str]]:
    return list(session.execute(select(Area.code, Area.name).where(Area.kind == "ward").order_by(Area.name)))


def chosen(value: str | None, options: list[tuple[str, str]], *, default_first: bool) -> str | None:
    known = {key for key, _name in options}
    if value in known:
        return value
    return options[0][0] if default_first and options else None


def window_items(selected: int) -> list[dict]:
    return [
        {"value": days, "text": _(
            "Last %(days)s days",
            days=days,
        ), "selected": days == selected} for days in WINDOW_CHOICES
    ]


def select_items(
    options: list[tuple[str, str]], selected: str | None, *, any_text: str | None = None
) -> list:
    items = [{"value": "", "text": any_text, "selected": selected is None}] if any_text else []
    return items + [{"value": key, "text": name, "selected": key == selected} for key, name in options]
