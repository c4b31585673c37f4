"""Who may see a need or an offer, and what of it: the one rule, for one object and for many.

The rule that decides who may see a need is written twice here, side by side, and nowhere else: once in
Python (``_may_view_need``, for needs already loaded) and once as SQL (``visible_needs_clause``, for lists
and maps, so the database leaves out what the viewer may not see without a second round trip).
``tests/web/test_one_visibility_rule.py`` checks that the list, the map and the detail page agree for every
kind of viewer and need; ``tests/community/posts/test_visibility.py`` that the two forms do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, partial
from operator import contains
from typing import Protocol, TypeGuard

from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select, true
from sqlalchemy.orm import Session

from community.accounts.access import is_accepted_helper, is_active_member, is_coordinator
from community.models import Membership, Need, Offer, Response, User

__all__ = [
    "can_view_need",
    "visible_needs_clause",
    "listed_needs_clause",
    "viewers_of_need",
    "viewers_of_needs",
    "can_see_exact_location",
    "can_see_contact_details",
    "can_manage_need",
    "NeedAccess",
    "need_access",
    "can_view_offer",
    "visible_offers_clause",
    "listed_offers_clause",
    "can_see_offer_exact_location",
    "can_manage_offer",
]

# A helper whose response was accepted (or has since completed) is one of the need's own people.
HELPING = ("accepted", "completed")


def _signed_in(user: User | None) -> TypeGuard[User]:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def _is_owner(user: _Viewer, need: Need) -> bool:
    return user.id in (need.posted_by_id, need.requester_id)


class _Viewer(Protocol):
    """What the rule asks of a viewer: a ``User``, or a stand-in that looks its role up only if asked."""

    @property
    def id(self) -> int: ...

    @property
    def is_connector(self) -> bool: ...


def _may_view_need(
    user: _Viewer,
    need: Need,
    *,
    in_its_group: Callable[[], bool],
    helping: Callable[[], bool],
    in_any_group: Callable[[], bool],
) -> bool:
    """The rule, for one need. The questions about the viewer are asked only when needed, cheapest first.

    The poster and the resident it is for always see it, and anyone signed in sees a public need that
    is not hidden. Connectors (who moderate) see everything. Otherwise a hidden need is seen by nobody
    else; members of the group that holds it and its accepted helper see it whatever its visibility; and
    a "groups" need is seen by active members of any group. ``visible_needs_clause`` is the same rule in
    SQL.
    """
    if _is_owner(user, need) or (not need.hidden and need.visibility == "public"):
        return True
    if user.is_connector:
        return True
    if need.hidden:
        return False
    return (
        (need.visibility == "groups" and in_any_group())
        or (need.group_id is not None and in_its_group())
        or helping()
    )


def _active_groups(user_id: int) -> Select[int]:
    return select(Membership.group_id).where(Membership.user_id == user_id, Membership.status == "active")


def visible_needs_clause(viewer: User | None) -> ColumnElement[bool]:
    """``_may_view_need`` as a WHERE clause over ``Need``: ``select(Need).where(visible_needs_clause(me))``.

    Memberships and accepted responses are correlated subqueries, so the database answers in the same
    query, whatever the number of needs.
    """
    if not _signed_in(viewer):
        return false()
    if viewer.is_connector:
        return true()
    helping = exists().where(
        Response.need_id == Need.id, Response.helper_id == viewer.id, Response.status.in_(HELPING)
    )
    in_any_group = exists(_active_groups(viewer.id))
    return or_(
        Need.posted_by_id == viewer.id,
        Need.requester_id == viewer.id,
        and_(
            Need.hidden.is_(False),
            # The correlated subquery last, for the rows still left.
            or_(
                Need.visibility == "public",
                and_(Need.visibility == "groups", in_any_group),
                Need.group_id.in_(_active_groups(viewer.id)),
                helping,
            ),
        ),
    )


def listed_needs_clause(viewer: User) -> ColumnElement[bool]:
    """What the near-me list, the map and an offer's matches show: other people's open needs that are not
    hidden and that ``viewer`` may see. (People find their own needs on their activity page, and hidden
    ones only through moderation.)"""
    return and_(
        Need.status == "open",
        Need.hidden.is_(False),
        Need.posted_by_id != viewer.id,
        or_(Need.requester_id.is_(None), Need.requester_id != viewer.id),
        visible_needs_clause(viewer),
    )


def can_view_need(session: Session, user: User | None, need: Need) -> bool:
    """May ``user`` see ``need`` at all (see ``_may_view_need``)."""
    if not _signed_in(user):
        return False
    return _may_view_need(
        user,
        need,
        in_its_group=lambda: need.group_id is not None and is_active_member(session, user.id, need.group_id),
        helping=lambda: is_accepted_helper(session, user.id, need.id),
        in_any_group=lambda: is_active_member(session, user.id),
    )


@dataclass(frozen=True)
class _Someone:
    """A viewer known by id; their role is looked up (for everyone at once) only if the rule asks."""

    id: int
    users: Callable[[], dict[int, User]]

    @property
    def is_connector(self) -> bool:
        user = self.users().get(self.id)
        return user is not None and user.is_connector


def viewers_of_need(session: Session, need: Need, user_ids: Iterable[int]) -> set[int]:
    """Which of ``user_ids`` (people who have accounts) may see ``need``: ``can_view_need`` for many at
    once. Each thing the rule may need to know is looked up once for all of them, and only if asked: a
    public need costs no query at all."""
    return viewers_of_needs(session, [(need, user_ids)]).get(need.id, set())


def viewers_of_needs(
    session: Session, candidates: Sequence[tuple[Need, Iterable[int]]]
) -> dict[int, set[int]]:
    """``viewers_of_need`` for many needs at once (alerts and digests): for each (need, people who might be
    told of it), need id → those of them who may see it. At most three queries whatever the numbers of
    needs and people, each only if some need asks."""
    asked = [(need, list(dict.fromkeys(people))) for need, people in candidates]
    ids = list(dict.fromkeys(user_id for _need, people in asked for user_id in people))
    need_ids = [need.id for need, _people in asked]

    @cache
    def users() -> dict[int, User]:
        return {user.id: user for user in session.scalars(select(User).where(User.id.in_(ids)))}

    @cache
    def member_of() -> dict[int, set[int]]:
        groups: dict[int, set[int]] = {}
        for user_id, group_id in session.execute(
            select(Membership.user_id, Membership.group_id).where(
                Membership.user_id.in_(ids), Membership.status == "active"
            )
        ):
            groups.setdefault(user_id, set()).add(group_id)
        return groups

    @cache
    def helping() -> set[tuple[int, int]]:
        rows = session.execute(
            select(Response.need_id, Response.helper_id).where(
                Response.need_id.in_(need_ids), Response.helper_id.in_(ids), Response.status.in_(HELPING)
            )
        )
        return {(row[0], row[1]) for row in rows}

    def in_its_group(user_id: int, need: Need) -> bool:
        return need.group_id in member_of().get(user_id, ())

    def is_helping(user_id: int, need: Need) -> bool:
        return (need.id, user_id) in helping()

    def in_any_group(user_id: int) -> bool:
        return bool(member_of().get(user_id))

    answers: dict[int, set[int]] = {}
    for need, people in asked:
        seen = answers.setdefault(need.id, set())
        for user_id in people:
            if _may_view_need(
                _Someone(user_id, users), need,
                in_its_group=partial(in_its_group, user_id, need),
                helping=partial(is_helping, user_id, need),
                in_any_group=partial(in_any_group, user_id),
            ):
                seen.add(user_id)
    return answers


def can_see_exact_location(session: Session, user: User | None, need: Need) -> bool:
    if not _signed_in(user):
        return False
    if _is_owner(user, need):
        return True
    if user.is_connector and can_view_need(session, user, need):
        return True
    return is_accepted_helper(session, user.id, need.id)


def can_see_contact_details(session: Session, user: User | None, need: Need) -> bool:
    """Contact details go only to the poster and the helper whose response was accepted."""
    if not _signed_in(user):
        return False
    return _is_owner(user, need) or is_accepted_helper(session, user.id, need.id)


def can_manage_need(session: Session, user: User, need: Need) -> bool:
    """Accept responses, close or withdraw: the poster, the resident, or a coordinator of the group on it."""
    if _is_owner(user, need):
        return True
    return need.group_id is not None and is_coordinator(session, user.id, need.group_id)


def can_view_offer(user: User | None, offer: Offer) -> bool:
    """Active offers → anyone signed in; paused, closed, expired or hidden → the helper and connectors.

    ``visible_offers_clause`` is the same rule in SQL.
    """
    if not _signed_in(user):
        return False
    if user.id == offer.user_id or user.is_connector:
        return True
    return not offer.hidden and offer.status == "active"


def visible_offers_clause(viewer: User | None) -> ColumnElement[bool]:
    """``can_view_offer`` as a WHERE clause over ``Offer``."""
    if not _signed_in(viewer):
        return false()
    if viewer.is_connector:
        return true()
    return or_(Offer.user_id == viewer.id, and_(Offer.hidden.is_(False), Offer.status == "active"))


def listed_offers_clause(viewer: User) -> ColumnElement[bool]:
    """What the near-me list and the map show: other people's active offers, not hidden, that ``viewer``
    may see."""
    return and_(
        Offer.status == "active",
        Offer.hidden.is_(False),
        Offer.user_id != viewer.id,
        visible_offers_clause(viewer),
    )


def can_see_offer_exact_location(user: User | None, offer: Offer) -> bool:
    if not _signed_in(user):
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
    ``can_manage_need``; ``tests/community/posts/test_posts_public.py`` checks that it does.
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
                Response.status.in_(HELPING),
            )
        )
    )
    answers = {}
    for need in needs:
        owner, helper = _is_owner(user, need), need.id in helping
        view = _may_view_need(
            user,
            need,
            in_its_group=partial(contains, member_of, need.group_id),
            helping=partial(bool, helper),
            in_any_group=partial(bool, member_of),
        )
        answers[need.id] = NeedAccess(
            view=view,
            exact_location=owner or (user.is_connector and view) or helper,
            contact_details=owner or helper,
            manage=owner or (need.group_id is not None and need.group_id in coordinating),
        )
    return answers
