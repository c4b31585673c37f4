"""What the needs and offers API modules share: paging, filters, and reading a place from JSON."""

from __future__ import annotations

from datetime import date

from flask import current_app, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.api.common import ApiError
from app.errors import problem
from community.errors import ValidationFailed
from community.models import Area, Category
from community.pagination import Page
from community.posts import LocationChoice, PublicNeed, PublicOffer

MAX_PER_PAGE = 100


def salt() -> str:
    return current_app.config["LOCATION_SALT"]


def paging() -> tuple[int, int]:
    page = request.args.get("page", 1, type=int) or 1
    per_page = request.args.get("per_page", 20, type=int) or 20
    return max(1, page), min(max(1, per_page), MAX_PER_PAGE)


def page_body(page: Page[PublicNeed] | Page[PublicOffer]) -> dict:
    """A page of needs or offers as JSON: each one through its own ``to_json``, and the page's numbers."""
    return {"items": [post.to_json() for post in page.items], "page": page.page, "per_page": page.per_page,
            "total": page.total, "pages": page.pages}


def area_filter(session: Session) -> int | None:
    code = request.args.get("area")
    if not code:
        return None
    area_id = session.scalar(select(Area.id).where(Area.code == code))
    if area_id is None:
        raise ApiError(problem(404, "Not Found", f"No area with code {code!r}"))
    return area_id


def category_filter(session: Session) -> int | None:
    slug = request.args.get("category")
    if not slug:
        return None
    category_id = session.scalar(select(Category.id).where(Category.slug == slug))
    if category_id is None:
        raise ApiError(problem(404, "Not Found", f"No category {slug!r}"))
    return category_id


def category_id_from(session: Session, data: dict) -> int | None:
    value = data.get("category")
    if isinstance(value, str):
        return session.scalar(select(Category.id).where(Category.slug == value))
    return value if isinstance(value, int) else None


def text(data: dict, key: str) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationFailed({key: f"{key} must be a string"})
    return value.strip()


def number(data: dict, key: str) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationFailed({key: f"{key} must be a number"})
    return float(value)


def iso_date(data: dict, key: str) -> date | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationFailed({key: f"{key} must be a date like 2026-03-27"}) from None


def location_from(session: Session, data: dict) -> LocationChoice:
    """``{"use_home": true}`` (the default) or ``{"area": "E05…", "postcode": …, "lat": …, "lng": …}``."""
    place = data.get("location") or {"use_home": True}
    if not isinstance(place, dict):
        raise ValidationFailed({"location": "location must be an object"})
    if place.get("use_home", False) is True:
        return LocationChoice(use_home=True)
    area_id = None
    if place.get("area"):
        area_id = session.scalar(select(Area.id).where(Area.code == str(place["area"])))
        if area_id is None:
            raise ValidationFailed({"area_id": "Select a ward from the list"})
    postcode = place.get("postcode")
    return LocationChoice(
        use_home=False, area_id=area_id, postcode=postcode if isinstance(postcode, str) else None,
        lat=number(place, "lat"), lng=number(place, "lng"),
    )
