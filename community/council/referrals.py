"""Referral in: a council officer refers a resident to the community.

The officer records the resident's consent (the wording's version and when), posts the need on their behalf
(``community.posts.needs.post_need``, the on-behalf posting everyone uses), and the referral's outcome is
read from the need's own lifecycle: waiting → taken on → met / not met, or returned to the council. The
officer sees the outcome and its dates; which group took the need on only when the resident agreed to
that. Nothing the resident or a helper sees names the team unless the officer chooses so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from community.council.teams import officer_team_ids, require_officer_of
from community.db import utcnow
from community.errors import Conflict, NotFound, ValidationFailed
from community.i18n import _
from community.limits import TextLimit
from community.models import ConsentScope, Need, NeedStatus, Referral, User
from community.models.types import values_of
from community.pagination import Page, paginate
from community.posts.claims import withdraw_need
from community.posts.disclosure import group_shown, scope_disclosure
from community.posts.needs import NeedDetails, OnBehalf, post_need

__all__ = [
    "CONSENT_VERSION",
    "CONSENT_TEXT",
    "CONSENT_SCOPES",
    "RETURN_REASON",
    "Outcome",
    "ReferralPage",
    "ReferralView",
    "get_referral",
    "list_team_referrals",
    "refer_resident",
    "referral_view",
    "return_referral",
]

# Bump the version whenever the wording changes: each referral records which wording was agreed to.
CONSENT_VERSION = "council-referral-2026-12"
CONSENT_TEXT = _(
    "I agree that the council may share my first name, what I need and how to reach me with local "
    "community groups and volunteers so that they can help me, and that the council may hear whether "
    "I was helped."
)
CONSENT_SCOPE_TEXT = {
    ConsentScope.OUTCOME: _("Only whether I was helped, and when"),
    ConsentScope.OUTCOME_AND_GROUP: _("Whether I was helped, when, and which group helped me"),
}
CONSENT_SCOPES = values_of(ConsentScope)
RETURN_REASON = TextLimit(_("Why it is back with the council"), 500)


class Outcome(StrEnum):
    WAITING = "waiting"
    TAKEN_ON = "taken_on"
    MET = "met"
    NOT_MET = "not_met"
    RETURNED = "returned"


OUTCOME_LABELS = {
    Outcome.WAITING: _("Waiting"),
    Outcome.TAKEN_ON: _("Taken on"),
    Outcome.MET: _("Met"),
    Outcome.NOT_MET: _("Not met"),
    Outcome.RETURNED: _("Returned to the council"),
}


@dataclass(frozen=True, slots=True)
class ReferralView:
    """What an officer sees of a referral: what they wrote, the outcome and its dates, and the group only
    when consent allows."""

    id: int
    title: str
    first_name: str
    category: str
    outcome: Outcome
    referred_at: datetime
    taken_on_at: datetime | None
    closed_at: datetime | None
    group_name: str | None
    consent_scope: ConsentScope
    show_team: bool
    return_reason: str | None

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    @property
    def open(self) -> bool:
        return self.outcome in (Outcome.WAITING, Outcome.TAKEN_ON)


def _outcome(referral: Referral, need: Need | None) -> tuple[Outcome, datetime | None, datetime | None]:
    if referral.returned_at is not None:
        return Outcome.RETURNED, need.accepted_at if need else None, referral.returned_at
    if need is None:
        return Outcome.NOT_MET, None, None
    if need.status == NeedStatus.MET:
        return Outcome.MET, need.accepted_at, need.met_at or need.closed_at
    if need.status in (NeedStatus.CLOSED_UNMET, NeedStatus.EXPIRED, NeedStatus.WITHDRAWN):
        return Outcome.NOT_MET, need.accepted_at, need.closed_at
    if need.status == NeedStatus.IN_PROGRESS:
        return Outcome.TAKEN_ON, need.accepted_at, None
    return Outcome.WAITING, None, None


def referral_view(referral: Referral) -> ReferralView:
    need = referral.need
    outcome, taken_on_at, closed_at = _outcome(referral, need)
    # The same rule as the need's own page shows its poster (``community.posts.disclosure``).
    group = group_shown(scope_disclosure(referral.consent_scope), need)
    return ReferralView(
        id=referral.id,
        title=need.title if need else _("Deleted"),
        first_name=(need.on_behalf_name or "") if need else "",
        category=need.category.name if need else "",
        outcome=outcome,
        referred_at=referral.created_at,
        taken_on_at=taken_on_at,
        closed_at=closed_at,
        group_name=group,
        consent_scope=referral.consent_scope,
        show_team=referral.show_team,
        return_reason=referral.return_reason,
    )


def refer_resident(
    session: Session,
    *,
    officer: User,
    team_id: int,
    details: NeedDetails,
    person: OnBehalf,
    consent: bool,
    consent_scope: str | None,
    show_team: bool,
    salt: str,
    now: datetime | None = None,
) -> Referral:
    """Record the resident's consent and post their need on their behalf, for the officer's team."""
    now = now or utcnow()
    team = require_officer_of(session, officer, team_id)
    errors: dict[str, str] = {}
    if not consent:
        errors["consent"] = _("Confirm the resident agreed to the wording above")
    if consent_scope not in CONSENT_SCOPES:
        errors["consent_scope"] = _("Select what the resident agreed the council may hear")
    if errors:
        raise ValidationFailed(errors)
    if show_team:
        note = _("Referred by the council's %(team)s team.", team=team.name)
        details = replace(details, body=f"{details.body.strip()}\n\n{note}")
    need = post_need(
        session, poster=officer, details=details, salt=salt, on_behalf=replace(person, group_id=None), now=now
    )
    referral = Referral(
        team_id=team.id,
        officer_id=officer.id,
        need_id=need.id,
        consent_version=CONSENT_VERSION,
        consent_at=now,
        consent_scope=ConsentScope(str(consent_scope)),
        show_team=show_team,
        category_id=need.category_id,
        area_id=need.area_id,
        created_at=now,
    )
    session.add(referral)
    session.flush()
    return referral


def get_referral(session: Session, *, actor: User, referral_id: int) -> Referral:
    """A referral, for an officer of its team; anyone else is told it does not exist."""
    referral = session.get(Referral, referral_id)
    if referral is None or referral.team_id not in officer_team_ids(session, actor):
        raise NotFound(_("Referral not found"))
    return referral


class ReferralPage(Page[ReferralView]):
    pass


def list_team_referrals(
    session: Session, *, actor: User, team_id: int, page: int = 1, per_page: int = 25
) -> ReferralPage:
    require_officer_of(session, actor, team_id)
    query = (
        select(Referral)
        .where(Referral.team_id == team_id)
        .order_by(Referral.created_at.desc(), Referral.id.desc())
    )
    found: Page[Referral] = paginate(session, query, page=page, per_page=per_page, clamp=True)
    return ReferralPage(
        items=[referral_view(r) for r in found.items],
        page=found.page,
        per_page=found.per_page,
        total=found.total,
    )


def return_referral(session: Session, *, actor: User, referral_id: int, reason: str) -> Referral:
    """The officer takes the referral back (the community could not help, or the council must): the need
    is withdrawn and the referral's outcome is "returned to the council"."""
    referral = get_referral(session, actor=actor, referral_id=referral_id)
    if referral.returned_at is not None:
        raise Conflict(_("This referral is already back with the council."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": _("Enter why it is back with the council")})
    if RETURN_REASON.exceeded_by(reason):
        raise ValidationFailed({"reason": RETURN_REASON.message})
    need = referral.need
    if need is not None and need.status in (NeedStatus.OPEN, NeedStatus.IN_PROGRESS):
        if actor.id != need.posted_by_id:
            raise Conflict(_("Only the officer who posted the need can take it back."))
        withdraw_need(session, need_id=need.id, actor=actor)
    referral.returned_at, referral.return_reason = utcnow(), reason
    session.flush()
    return referral
