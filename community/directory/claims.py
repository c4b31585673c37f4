"""Claiming an imported listing: an imported group has no coordinator until someone asks to run it and an
administrator or a council connector agrees. Approving makes the claimant the group's coordinator."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from community.db import utcnow
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.groups.manage import get_group
from community.groups.memberships import coordinator_ids
from community.i18n import _
from community.limits import TextLimit
from community.models import (
    ClaimStatus,
    DirectoryListing,
    ListingClaim,
    Membership,
    MembershipRole,
    MembershipStatus,
    User,
)
from community.notifications import Target, notify, notify_many
from community.pagination import Page, paginate

__all__ = ["claimable", "claim_listing", "pending_claims", "approve_claim", "decline_claim", "MESSAGE"]

MESSAGE = TextLimit(_("What you do in the group"), 500)


def claimable(session: Session, group_id: int) -> bool:
    """An imported group nobody coordinates yet."""
    imported = session.get(DirectoryListing, group_id) is not None
    return imported and not coordinator_ids(session, group_id)


def claim_listing(session: Session, *, actor: User, group_id: int, message: str) -> ListingClaim:
    group = get_group(session, group_id)
    if not claimable(session, group.id):
        raise Conflict(_("This group’s listing is already run by its coordinators."))
    message = message.strip()
    if not message:
        raise ValidationFailed({"message": _("Say what you do in the group, so the council can check")})
    if MESSAGE.exceeded_by(message):
        raise ValidationFailed({"message": MESSAGE.message})
    waiting = session.scalar(select(ListingClaim.id).where(
        ListingClaim.group_id == group.id, ListingClaim.user_id == actor.id,
        ListingClaim.status == ClaimStatus.PENDING))
    if waiting:
        raise Conflict(_("You have already asked to run this group’s listing."))
    claim = ListingClaim(group_id=group.id, user_id=actor.id, message=message)
    session.add(claim)
    session.flush()
    return claim


def _require_decider(actor: User) -> None:
    if not actor.is_connector:
        raise PermissionDenied(_("Only an administrator or a council connector can decide claims."))


def pending_claims(session: Session, *, actor: User, page: int = 1, per_page: int = 20) -> Page[ListingClaim]:
    _require_decider(actor)
    query = (select(ListingClaim).where(ListingClaim.status == ClaimStatus.PENDING)
             .options(selectinload(ListingClaim.group), selectinload(ListingClaim.user))
             .order_by(ListingClaim.created_at, ListingClaim.id))
    return paginate(session, query, page=page, per_page=per_page, clamp=True)


def _pending(session: Session, claim_id: int) -> ListingClaim:
    claim = session.get(ListingClaim, claim_id)
    if claim is None:
        raise NotFound(_("There is no such claim"))
    if claim.status != ClaimStatus.PENDING:
        raise Conflict(_("This claim has already been decided."))
    return claim


def approve_claim(session: Session, *, actor: User, claim_id: int) -> ListingClaim:
    """The claimant becomes the group's coordinator; other claims on the group are declined."""
    _require_decider(actor)
    claim = _pending(session, claim_id)
    if coordinator_ids(session, claim.group_id):
        raise Conflict(_("This group already has a coordinator."))
    now = utcnow()
    membership = session.scalar(select(Membership).where(
        Membership.user_id == claim.user_id, Membership.group_id == claim.group_id))
    if membership is None:
        membership = Membership(user_id=claim.user_id, group_id=claim.group_id)
        session.add(membership)
    membership.role, membership.status = MembershipRole.COORDINATOR, MembershipStatus.ACTIVE
    membership.decided_at, membership.ended_at = now, None
    claim.status, claim.decided_at, claim.decided_by_id = ClaimStatus.APPROVED, now, actor.id
    declined = list(session.scalars(select(ListingClaim).where(
        ListingClaim.group_id == claim.group_id, ListingClaim.status == ClaimStatus.PENDING,
        ListingClaim.id != claim.id)))
    for other in declined:
        other.status, other.decided_at, other.decided_by_id = ClaimStatus.DECLINED, now, actor.id
    name = claim.group.name
    notify(session, user_id=claim.user_id, kind="listing_claim_approved",
           target=Target("group", claim.group_id),
           message=_("You now run the listing of %(name)s: keep its details true.", name=name))
    notify_many(session, user_ids=[o.user_id for o in declined], kind="listing_claim_declined",
                target=Target("group", claim.group_id),
                message=_("Someone else from %(name)s now runs its listing.", name=name))
    session.flush()
    return claim


def decline_claim(session: Session, *, actor: User, claim_id: int) -> ListingClaim:
    _require_decider(actor)
    claim = _pending(session, claim_id)
    claim.status, claim.decided_at, claim.decided_by_id = ClaimStatus.DECLINED, utcnow(), actor.id
    notify(session, user_id=claim.user_id, kind="listing_claim_declined",
           target=Target("group", claim.group_id),
           message=_("The council did not agree to your claim on %(name)s.", name=claim.group.name))
    session.flush()
    return claim
