"""Who may see a need or an offer, and what of it: the one rule, for one object and for many."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from community.accounts.access import is_accepted_helper, is_active_member, is_coordinator
from community.models import Membership, Need, Offer, Response, User

__all__ = [
    "can_view_need",
    "can_see_exact_location",
    "can_see_contact_details",
    "can_manage_need",
    "NeedAccess",
    "need_access",
    "can_view_offer",
    "can_see_offer_exact_location",
    "can_manage_offer",
]


def _is_owner(user: User, need: Need) -> bool:
    return user.id in (need.posted_by_id, need.requester_id)


def can_view_need(session: Session, user: User | None, need: Need) -> bool:
    """Visibility: public → anyone signed in; groups → active group members; connectors → connectors.

    The poster, the resident it is for, an accepted helper and the group that took it on always see it;
    connectors see everything (they moderate). Hidden (moderated) needs only their owners and connectors.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if _is_owner(user, need) or user.is_connector:
        return True
    if need.hidden:
        return False
    if need.group_id is not None and is_active_member(session, user.id, need.group_id):
        return True
    if is_accepted_helper(session, user.id, need.id):
        return True
    if need.visibility == "public":
        return True
    if need.visibility == "groups":
        return is_active_member(session, user.id)
    return False


def can_see_exact_location(session: Session, user: User | None, need: Need) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if _is_owner(user, need):
        return True
    if user.is_connector and can_view_need(session, user, need):
        return True
    return is_accepted_helper(session, user.id, need.id)


def can_see_contact_details(session: Session, user: User | None, need: Need) -> bool:
    """Contact details go only to the poster and the helper whose response was accepted."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return _is_owner(user, need) or is_accepted_helper(session, user.id, need.id)


def can_manage_need(session: Session, user: User, need: Need) -> bool:
    """Accept responses, close or withdraw: the poster, the resident, or a coordinator of the group on it."""
    if _is_owner(user, need):
        return True
    return need.group_id is not None and is_coordinator(session, user.id, need.group_id)


def can_view_offer(user: User | None, offer: Offer) -> bool:
    """Active offers → anyone signed in; paused, closed, expired or hidden → the helper and connectors."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.id == offer.user_id or user.is_connector:
        return True
    return not offer.hidden and offer.status == "active"


def can_see_offer_exact_location(user: User | None, offer: Offer) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.id == offer.user_id or user.is_connector


def can_manage_offer(user: User, offer: Offer) -> bool:
    return user.id == offer.user_id


@dataclass(frozen=True, slots=True)
class NeedAccess:
    view: bool
    exact_location: bool
    contact_details: bool
    manage: bool


def need_access(session: Session, user: User, needs: Sequence[Need]) -> dict[int, NeedAccess]:
    """The four answers above for many needs in three queries, whatever their number (lists and maps).

    It must agree with ``can_view_need``, ``can_see_exact_location``, ``can_see_contact_details`` and
    ``can_manage_need``; ``tests/community/test_posts_public.py`` checks that it does.
    """
    if not needs:
        return {}
    memberships = session.execute(
        select(Membership.group_id, Membership.role).where(
            Membership.user_id == user.id, Membership.status == "active"
        )
    ).all()
    member_of = {group_id for group_id, _role in memberships}
    coordinating = {group_id for group_id, role in memberships if role == "coordinator"}
    helping = set(
        session.scalars(
            select(Response.need_id).where(
                Response.helper_id == user.id,
                Response.need_id.in_([n.id for n in needs]),
                Response.status.in_(("accepted", "completed")),
            )
        )
    )
    answers = {}
    for need in needs:
        owner, helper = _is_owner(user, need), need.id in helping
        if owner or user.is_connector:
            view = True
        elif need.hidden:
            view = False
        else:
            view = (
                (need.group_id is not None and need.group_id in member_of)
                or helper
                or need.visibility == "public"
                or (need.visibility == "groups" and bool(member_of))
            )
        answers[need.id] = NeedAccess(
            view=view,
            exact_location=owner or (user.is_connector and view) or helper,
            contact_details=owner or helper,
            manage=owner or (need.group_id is not None and need.group_id in coordinating),
        )
    return answers
