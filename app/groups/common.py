"""What the group views share: loading a group, who may do what, pagination and status tags."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import exists, select

from app.database import db_session
from app.forms import Refusal, tell
from app.groups import bp
from app.templating import everyone, has_endpoint, register_nav_item
from community.accounts import is_active_member, is_coordinator
from community.errors import NotFound
from community.groups import KIND_LABELS, assurance, get_group
from community.models import Group, User
from community.models.groups import Membership


def _has_groups(user) -> bool:
    if not user.is_authenticated:
        return False
    mine = exists().where(Membership.user_id == user.id, Membership.status.in_(("active", "pending")))
    query = select(mine)
    return bool(db_session().scalar(query))


register_nav_item(bp, _l("Groups"), "groups.directory", visible=everyone, order=40)
register_nav_item(bp, _l("Your groups"), "groups.mine", visible=_has_groups, order=41)


def me() -> User:
    # The real User, not Flask-Login's proxy: services compare and write it.
    return current_user._get_current_object()


def load_group(group_id: int) -> Group:
    try:
        return get_group(db_session(), group_id)
    except NotFound:
        abort(404)


def signed_in() -> bool:
    return bool(current_user.is_authenticated)


def coordinates(group: Group) -> bool:
    return signed_in() and is_coordinator(db_session(), current_user.id, group.id)


def belongs_to(group: Group) -> bool:
    return signed_in() and is_active_member(db_session(), current_user.id, group.id)


def require_coordinator(group: Group) -> None:
    if not coordinates(group):
        abort(403)


def require_member(group: Group) -> None:
    if not belongs_to(group):
        abort(403)


def refused(url: str) -> Refusal:
    """A domain refusal (conflict, permission) shown as an error notice on the page at ``url``."""
    return tell(url, category="error", fallback=_("That could not be done."))


def page_number(args) -> int:
    number = args.get("page", 1, type=int) or 1
    return max(1, number)


def pagination(page: int, pages: int, make_url: Callable[[int], str]) -> dict | None:
    """Parameters for ``govukPagination``: first, last and two either side of the current page."""
    if pages <= 1:
        return None
    items: list[dict] = []
    for number in range(1, pages + 1):
        if number in (1, pages) or abs(number - page) <= 2:
            items.append({"number": number, "href": make_url(number), "current": number == page})
        elif abs(number - page) == 3:
            items.append({"ellipsis": True})
    return {
        # The GOV.UK macro's own words for the links, given so that they are translated too.
        "previous": {
            "href": make_url(page - 1), "html": _('Previous<span class="govuk-visually-hidden"> page</span>'),
        } if page > 1 else None,
        "next": {
            "href": make_url(page + 1), "html": _('Next<span class="govuk-visually-hidden"> page</span>'),
        } if page < pages else None,
        "items": items,
    }


ASSURANCE_TAGS = {
    "stale": (_l("Not confirmed for over a year"), "govuk-tag--grey"),
    "lapsed": (_l("Details due to be checked"), "govuk-tag--yellow"),
}


@bp.app_template_global()
def group_tags(group: Group) -> list[tuple[str, str]]:
    """(text, class) for the verified and stale tags shown wherever a group is listed."""
    tags = []
    if group.verified_at is not None:
        tags.append((_("Verified by the council"), "govuk-tag--green"))
    state = assurance(group).state
    if state in ASSURANCE_TAGS:
        tags.append(ASSURANCE_TAGS[state])
    return tags


@bp.app_template_global()
def group_kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


@bp.app_template_global()
def need_link(need_id: int) -> str | None:
    """The need's own page on the residents' side (where the person helping finds the contact details)."""
    return url_for("residents.need", need_id=need_id) if has_endpoint("residents.need") else None


@bp.app_template_global()
def long_date(value) -> str:
    """'5 March 2025'."""
    return f"{value.day} {value:%B %Y}" if value else ""
