"""Partnerships between groups: propose, accept, decline, end. The ties the network analysis reads.

A pair of groups is stored with the lower id first (``group_a_id < group_b_id``), whichever proposed it,
so that "A with B" and "B with A" are the same row. A pair has at most one live (proposed or active)
partnership at a time; ended and declined ones stay as history.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from community.accounts.access import is_coordinator
from community.db import utcnow
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.groups.directory import active, by_name, matching
from community.groups.memberships import coordinator_ids
from community.i18n import _
from community.limits import TextLimit
from community.models import Group, Partnership, PartnershipStatus, User
from community.models.groups import PARTNERSHIP_KINDS
from community.notifications import Target, notify_many
from community.pagination import Page, paginate

__all__ = [
    "PARTNERSHIP_KIND_LABELS",
    "NOTE_MAX",
    "PARTNERSHIP_MESSAGE",
    "REFERRAL_NOTE",
    "PartnerRow",
    "get_partnership",
    "propose_partnership",
    "accept_partnership",
    "decline_partnership",
    "end_partnership",
    "partnerships_of",
    "active_partner_ids",
    "are_partners",
    "partner_candidates",
    "LIVE",
]

PARTNERSHIP_KIND_LABELS = {
    "referral": _("Referring people to each other"),
    "shared_volunteers": _("Sharing volunteers"),
    "co_delivery": _("Running something together"),
}
NOTE_MAX = 500
# A proposal's message and a referral's note (``community.groups.board``) share one limit.
PARTNERSHIP_MESSAGE, REFERRAL_NOTE = TextLimit(_("Message"), NOTE_MAX), TextLimit(_("Note"), NOTE_MAX)
LIVE = (PartnershipStatus.PROPOSED, PartnershipStatus.ACTIVE)


def ordered(a: int, b: int) -> tuple[int, int]:
    """
    >>> ordered(7, 3)
    (3, 7)
    """
    return (a, b) if a < b else (b, a)


def _other(partnership: Partnership, group_id: int) -> int:
    return partnership.group_b_id if partnership.group_a_id == group_id else partnership.group_a_id


def _partners_link(group_id: int) -> Target:
    return Target("group", group_id, "partners")


def get_partnership(session: Session, partnership_id: int, *, group_id: int) -> Partnership:
    """The partnership, which must involve ``group_id`` (ids in URLs are not trusted)."""
    partnership = session.get(Partnership, partnership_id)
    if partnership is None or group_id not in (partnership.group_a_id, partnership.group_b_id):
        raise NotFound(_("Partnership not found"))
    return partnership


def _open_groups_locked(session: Session, *ids: int) -> list[Group]:
    # Locked in id order, so two coordinators proposing to each other at once cannot deadlock.
    groups = []
    for group_id in sorted(ids):
        group = session.get(Group, group_id, with_for_update=True, populate_existing=True)
        if group is None or group.closed_at is not None:
            raise NotFound(_("Group not found"))
        groups.append(group)
    return groups


def _require_coordinator(session: Session, actor: User, group_id: int) -> None:
    if not is_coordinator(session, actor.id, group_id):
        raise PermissionDenied(_("Only a coordinator of this group can manage its partnerships."))


def propose_partnership(
    session: Session, *, from_group_id: int, to_group_id: int | None, kind: str, note: str, actor: User
) -> Partnership:
    _require_coordinator(session, actor, from_group_id)
    errors: dict[str, str] = {}
    if not to_group_id:
        errors["to_group_id"] = _("Select the group you want to work with")
    elif to_group_id == from_group_id:
        errors["to_group_id"] = _("Select a different group from your own")
    if kind not in PARTNERSHIP_KINDS:
        errors["kind"] = _("Select how the groups will work together")
    note = (note or "").strip()
    if PARTNERSHIP_MESSAGE.exceeded_by(note):
        errors["note"] = PARTNERSHIP_MESSAGE.message
    if errors or not to_group_id:  # no group chosen is always among the errors
        raise ValidationFailed(errors)
    groups = {g.id: g for g in _open_groups_locked(session, from_group_id, to_group_id)}
    a, b = ordered(from_group_id, to_group_id)
    live = session.scalar(
        select(Partnership).where(
            Partnership.group_a_id == a, Partnership.group_b_id == b, Partnership.status.in_(LIVE)
        )
    )
    if live is not None:
        raise Conflict(
            _("Your groups are already partners.") if live.status == PartnershipStatus.ACTIVE
            else _("A partnership between your groups is already waiting for an answer.")
        )
    partnership = Partnership(
        group_a_id=a, group_b_id=b, kind=kind, status=PartnershipStatus.PROPOSED,
        proposed_by_group_id=from_group_id, note=note,
    )
    session.add(partnership)
    session.flush()
    notify_many(
        session,
        user_ids=coordinator_ids(session, to_group_id),
        kind="partnership_proposed",
        message=_(
            "%(group)s proposed a partnership with %(other)s.",
            group=groups[from_group_id].name, other=groups[to_group_id].name,
        ),
        target=_partners_link(to_group_id),
    )
    return partnership


def _answer(
    session: Session, *, partnership_id: int, group_id: int, actor: User, accept: bool
) -> Partnership:
    _require_coordinator(session, actor, group_id)
    partnership = get_partnership(session, partnership_id, group_id=group_id)
    groups = {g.id: g for g in _open_groups_locked(session, partnership.group_a_id, partnership.group_b_id)}
    session.refresh(partnership)
    if partnership.status != PartnershipStatus.PROPOSED:
        raise Conflict(_("This partnership has already been answered."))
    if partnership.proposed_by_group_id == group_id:
        raise PermissionDenied(_("The other group needs to answer this proposal."))
    partnership.status = PartnershipStatus.ACTIVE if accept else PartnershipStatus.DECLINED
    if accept:
        partnership.accepted_at = utcnow()
    else:
        partnership.ended_at = utcnow()
    session.flush()
    other = _other(partnership, group_id)
    verb = "accepted" if accept else "declined"
    notify_many(
        session,
        user_ids=coordinator_ids(session, other),
        kind=f"partnership_{verb}",
        message=(
            _("%(group)s accepted the partnership with %(other)s.", group=groups[group_id].name,
              other=groups[other].name) if accept
            else _("%(group)s declined the partnership with %(other)s.", group=groups[group_id].name,
                   other=groups[other].name)
        ),
        target=_partners_link(other),
    )
    return partnership


def accept_partnership(session: Session, *, partnership_id: int, group_id: int, actor: User) -> Partnership:
    return _answer(session, partnership_id=partnership_id, group_id=group_id, actor=actor, accept=True)


def decline_partnership(session: Session, *, partnership_id: int, group_id: int, actor: User) -> Partnership:
    return _answer(session, partnership_id=partnership_id, group_id=group_id, actor=actor, accept=False)


def end_partnership(session: Session, *, partnership_id: int, group_id: int, actor: User) -> Partnership:
    """Either group ends an active partnership; the proposer may withdraw one not yet answered."""
    _require_coordinator(session, actor, group_id)
    partnership = get_partnership(session, partnership_id, group_id=group_id)
    groups = {g.id: g for g in _open_groups_locked(session, partnership.group_a_id, partnership.group_b_id)}
    session.refresh(partnership)
    if partnership.status == PartnershipStatus.PROPOSED and partnership.proposed_by_group_id != group_id:
        raise Conflict(_("Accept or decline this proposal instead."))
    if partnership.status not in LIVE:
        raise Conflict(_("This partnership has already ended."))
    partnership.status, partnership.ended_at = PartnershipStatus.ENDED, utcnow()
    session.flush()
    other = _other(partnership, group_id)
    notify_many(
        session,
        user_ids=coordinator_ids(session, other),
        kind="partnership_ended",
        message=_(
            "%(group)s ended the partnership with %(other)s.",
            group=groups[group_id].name, other=groups[other].name,
        ),
        target=_partners_link(other),
    )
    return partnership


@dataclass(frozen=True)
class PartnerRow:
    partnership: Partnership
    partner: Group

    @property
    def kind_label(self) -> str:
        return PARTNERSHIP_KIND_LABELS[self.partnership.kind]


def partnerships_of(
    session: Session, group_id: int, *, statuses: tuple[str, ...] = ("active",)
) -> list[PartnerRow]:
    """A group's partnerships in ``statuses``, with the partner group, by the partner's name."""
    rows = session.scalars(
        select(Partnership)
        .where(
            or_(Partnership.group_a_id == group_id, Partnership.group_b_id == group_id),
            Partnership.status.in_(statuses),
        )
        .order_by(Partnership.created_at.desc())
    ).all()
    partners = {
        g.id: g
        for g in session.scalars(select(Group).where(Group.id.in_({_other(p, group_id) for p in rows})))
    }
    result = [
        PartnerRow(p, partners[_other(p, group_id)])
        for p in rows
        if partners[_other(p, group_id)].closed_at is None
    ]
    return sorted(result, key=lambda row: row.partner.name_normalised)


def active_partner_ids(session: Session, group_id: int) -> set[int]:
    return {row.partner.id for row in partnerships_of(session, group_id)}


def are_partners(session: Session, a: int, b: int) -> bool:
    low, high = ordered(a, b)
    return session.scalar(
        select(Partnership.id).where(
            Partnership.group_a_id == low,
            Partnership.group_b_id == high,
            Partnership.status == PartnershipStatus.ACTIVE,
        )
    ) is not None


CANDIDATES_PER_PAGE = 10


def partner_candidates(
    session: Session, *, group_id: int, text: str, page: int = 1, per_page: int = CANDIDATES_PER_PAGE
) -> Page[Group]:
    """Open groups whose name or description holds ``text`` that ``group_id`` could propose to: not itself,
    and not a group it already has a live (proposed or active) partnership with. Nothing without text: a
    council has thousands of groups, and a list of all of them helps nobody choose."""
    taken = {row.partner.id for row in partnerships_of(session, group_id, statuses=LIVE)} | {group_id}
    query = active(select(Group)).where(Group.id.not_in(taken))
    if not text.strip():
        query = query.where(Group.id.is_(None))
    else:
        query = matching(query, text[:100])
    return paginate(session, by_name(query), page=page, per_page=per_page, clamp=True)
