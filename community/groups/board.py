"""A group's coordination board: open needs it could take on, who is helping with what, referrals.

The board shows open needs in the group's wards (or inside its drawn area) and in the kinds of help it
gives, plus any need a partner group referred to it; most urgent first, then newest. Taking a need on,
reassigning it and closing it all go through ``community.posts.claims``, so the residents' rules hold here
too: one need, one accepted helper, even under concurrent clicks, and regulated help only by a
volunteer with an unexpired DBS check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import shapely
from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import Session, selectinload

from community.accounts.access import is_coordinator
from community.db import utcnow
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.groups.drawn_areas import drawn_geometry
from community.groups.manage import get_group
from community.groups.memberships import coordinator_ids
from community.groups.partnerships import REFERRAL_NOTE, are_partners
from community.i18n import _
from community.models import DBSCheck, Group, Membership, Need, Response, User
from community.notifications import Target, notify_many
from community.pagination import Page, paginate_list
from community.posts import claims
from community.posts.needs import get_need
from community.posts.visibility import can_view_need

__all__ = [
    "URGENCY_LABELS",
    "BoardPage",
    "VolunteerLoad",
    "open_needs",
    "taken_on_needs",
    "volunteer_loads",
    "suited_to",
    "assign_need",
    "reassign_need",
    "mark_progress",
    "refer_need",
]

URGENCY_LABELS = {"today": _("Today"), "this_week": _("This week"), "no_rush": _("No rush")}
PER_PAGE = 20
_URGENCY_ORDER = case({"today": 0, "this_week": 1, "no_rush": 2}, value=Need.urgency, else_=3)


def _require_coordinator(session: Session, actor: User, group_id: int) -> Group:
    group = get_group(session, group_id)
    if not is_coordinator(session, actor.id, group.id):
        raise PermissionDenied(_("Only a coordinator of this group can use its board."))
    return group


class BoardPage(Page[Need]):
    @property
    def needs(self) -> list[Need]:
        return self.items


def open_needs(
    session: Session, *, group_id: int, actor: User, page: int = 1, per_page: int = PER_PAGE
) -> BoardPage:
    """Open needs this group could take on, most urgent first, then newest."""
    group = _require_coordinator(session, actor, group_id)
    area_ids = [area.id for area in group.areas]
    category_ids = [category.id for category in group.categories]
    drawn = drawn_geometry(group.drawn_area)
    where_it_works: list[ColumnElement[bool]] = [Need.area_id.in_(area_ids)] if area_ids else []
    if drawn is not None:
        min_lng, min_lat, max_lng, max_lat = drawn.bounds
        where_it_works.append(Need.lat.between(min_lat, max_lat) & Need.lng.between(min_lng, max_lng))
    ours = or_(*where_it_works) if where_it_works else None
    if ours is not None and category_ids:
        ours = ours & Need.category_id.in_(category_ids)
    candidates = session.execute(
        select(Need.id, Need.lat, Need.lng, Need.area_id, Need.referred_to_group_id)
        .where(
            Need.status == "open",
            Need.hidden.is_(False),
            # "Connectors only" needs are not for groups to browse.
            Need.visibility.in_(("public", "groups")),
            or_(Need.referred_to_group_id == group.id, *([ours] if ours is not None else [])),
        )
        .order_by(_URGENCY_ORDER, Need.created_at.desc(), Need.id.desc())
    ).all()
    # The bounding box let through needs near the drawn shape; keep those really inside it.
    ids = [
        need_id
        for need_id, lat, lng, area_id, referred in candidates
        if referred == group.id
        or area_id in area_ids
        or drawn is None
        or shapely.intersects_xy(drawn, lng, lat)
    ]
    chosen = paginate_list(ids, page=page, per_page=per_page, clamp=True)
    loaded = {
        need.id: need
        for need in session.scalars(
            select(Need)
            .where(Need.id.in_(chosen.items))
            .options(selectinload(Need.category), selectinload(Need.area))
        )
    }
    return BoardPage([loaded[i] for i in chosen.items], chosen.total, chosen.page, per_page)


def taken_on_needs(session: Session, *, group_id: int, actor: User) -> list[Need]:
    """Needs the group is helping with now, most urgent first."""
    _require_coordinator(session, actor, group_id)
    return list(
        session.scalars(
            select(Need)
            .where(Need.group_id == group_id, Need.status == "in_progress")
            .options(selectinload(Need.category), selectinload(Need.area), selectinload(Need.assigned_to))
            .order_by(_URGENCY_ORDER, Need.accepted_at.desc(), Need.id.desc())
        )
    )


@dataclass(frozen=True)
class VolunteerLoad:
    membership: Membership
    user: User
    current: int
    dbs_expires_on: date | None

    @property
    def has_valid_dbs(self) -> bool:
        return self.dbs_expires_on is not None

    def helps_with(self, category_id: int) -> bool:
        """Whether the member said they help with this kind of need (their volunteer details)."""
        return any(category.id == category_id for category in self.membership.categories)


def suited_to(loads: list[VolunteerLoad], category_id: int) -> list[VolunteerLoad]:
    """The members who help with ``category_id``: the list a coordinator assigns from first. Members who
    have not said what they help with are left out; the page offers everyone as well."""
    return [load for load in loads if load.helps_with(category_id)]


def volunteer_loads(session: Session, *, group_id: int, actor: User) -> list[VolunteerLoad]:
    """Each active member with how many of the group's needs they are helping with now."""
    _require_coordinator(session, actor, group_id)
    members = session.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.group_id == group_id, Membership.status == "active")
        .options(selectinload(Membership.categories))
        .order_by(func.lower(User.display_name), User.id)
    ).all()
    user_ids = [user.id for _m, user in members]
    loads = dict(
        session.execute(
            select(Need.assigned_to_id, func.count(Need.id))
            .where(Need.group_id == group_id, Need.status == "in_progress", Need.assigned_to_id.in_(user_ids))
            .group_by(Need.assigned_to_id)
        ).all()
    )
    checks = dict(
        session.execute(
            select(DBSCheck.user_id, func.max(DBSCheck.expires_on))
            .where(
                DBSCheck.user_id.in_(user_ids),
                DBSCheck.revoked.is_(False),
                DBSCheck.expires_on >= utcnow().date(),
            )
            .group_by(DBSCheck.user_id)
        ).all()
    )
    return [VolunteerLoad(m, user, loads.get(user.id, 0), checks.get(user.id)) for m, user in members]


def _need_for_group(session: Session, need_id: int, group_id: int) -> Need:
    need = get_need(session, need_id)
    if need.group_id != group_id:
        raise NotFound(_("Need not found"))
    return need


def assign_need(
    session: Session, *, need_id: int, group_id: int, assignee_id: int | None, actor: User
) -> Response:
    """Take an open need on for the group and assign it to a member, who is told."""
    _require_coordinator(session, actor, group_id)
    if not assignee_id:
        raise ValidationFailed({"assignee": _("Select who will help")})
    return claims.take_on_need(
        session, need_id=need_id, group_id=group_id, assignee_id=assignee_id, actor=actor
    )


def reassign_need(
    session: Session, *, need_id: int, group_id: int, assignee_id: int | None, actor: User
) -> Response:
    _require_coordinator(session, actor, group_id)
    _need_for_group(session, need_id, group_id)
    if not assignee_id:
        raise ValidationFailed({"assignee": _("Select who will help instead")})
    return claims.reassign_need(session, need_id=need_id, assignee_id=assignee_id, actor=actor)


def mark_progress(
    session: Session, *, need_id: int, group_id: int, outcome: str, reason: str = "", actor: User
) -> Need:
    """Close a need the group took on: met, or not met with a reason."""
    _require_coordinator(session, actor, group_id)
    _need_for_group(session, need_id, group_id)
    if outcome == "met":
        return claims.mark_need_met(session, need_id=need_id, actor=actor)
    if outcome == "not_met":
        return claims.mark_need_not_met(session, need_id=need_id, actor=actor, reason=reason)
    raise ValidationFailed({"outcome": _("Select whether the need was met")})


def refer_need(
    session: Session, *, need_id: int, group_id: int, partner_group_id: int | None, note: str, actor: User
) -> Need:
    """Pass an open need to a partner group with a note: it joins their board and they are told."""
    group = _require_coordinator(session, actor, group_id)
    need = get_need(session, need_id)
    if not can_view_need(session, actor, need):
        raise NotFound(_("Need not found"))
    if need.status != "open":
        raise Conflict(_("Only a need that is still open can be referred."))
    errors: dict[str, str] = {}
    if (
        not partner_group_id
        or partner_group_id == group.id
        or not are_partners(session, group.id, partner_group_id)
    ):
        errors["partner_group_id"] = _("Select one of your partner groups")
    note = (note or "").strip()
    if not note:
        errors["note"] = _("Enter a note for the partner group")
    elif REFERRAL_NOTE.exceeded_by(note):
        errors["note"] = REFERRAL_NOTE.message
    if errors or not partner_group_id:  # no partner chosen is always among the errors
        raise ValidationFailed(errors)
    if need.referred_to_group_id == partner_group_id:
        raise Conflict(_("This need has already been referred to that group."))
    partner = get_group(session, partner_group_id)
    need.referred_to_group_id = partner.id
    session.flush()
    notify_many(
        session,
        user_ids=coordinator_ids(session, partner.id),
        kind="need_referred",
        message=_(
            "%(group)s referred “%(title)s” to %(partner)s: %(note)s",
            group=group.name, title=need.title, partner=partner.name, note=note,
        ),
        target=Target("group", partner.id, "board"),
    )
    return need
