"""What the person who posted a need may see of who is helping with it: the one rule, used by the need's
page, its offers and history, the API, the suggestions and the notices the poster gets.

Usually everything: a poster chooses their helper from the offers, by name. A need a council officer posted
by referral (``Referral`` in ``community.models``) is different: the officer posts on the resident's
behalf, but the resident agreed only to what their consent scope says the council may hear. With
``ConsentScope.OUTCOME`` ("only whether I was helped, and when") the officer sees whether and when it was
taken on and met, never a helper or a group; with ``OUTCOME_AND_GROUP`` also the group that took it on,
still never a volunteer by name (nobody agreed to that).

Someone still has to pick a helper, and an officer who may not see them cannot. So a referred need is
taken on the ways that need no poster's choice: a group's coordinator takes it on from the group's board
(as for any need), or the first volunteer whose "I can help" passes the usual rules (they may see it, the
DBS rule for regulated help, not blocked) takes it on at once, by the same claim an acceptance makes
(``community.posts.claims.offer_help``). The officer keeps what a poster needs to close the loop: mark it
met or not met, withdraw it, or return it to the council.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from community.models import ConsentScope, Need, Referral, User

__all__ = [
    "Disclosure",
    "EVERYTHING",
    "disclosure_for",
    "group_shown",
    "poster_disclosure",
    "scope_disclosure",
]


@dataclass(frozen=True, slots=True)
class Disclosure:
    """What of the community side someone may see on a need: helpers by name, and the group on it."""

    helpers: bool
    group: bool


EVERYTHING = Disclosure(helpers=True, group=True)
_BY_SCOPE = {
    ConsentScope.OUTCOME: Disclosure(helpers=False, group=False),
    ConsentScope.OUTCOME_AND_GROUP: Disclosure(helpers=False, group=True),
}


def scope_disclosure(scope: ConsentScope | str) -> Disclosure:
    """What a resident's consent scope lets the council see of who helped them."""
    return _BY_SCOPE[ConsentScope(scope)]


def poster_disclosure(session: Session, need: Need) -> Disclosure:
    """What the need's poster may see: everything, unless they posted it by referral."""
    scope = session.scalar(select(Referral.consent_scope).where(Referral.need_id == need.id))
    return EVERYTHING if scope is None else scope_disclosure(scope)


def disclosure_for(session: Session, viewer: User | None, need: Need) -> Disclosure:
    """What ``viewer`` may see of who is helping with ``need``, as far as a referral's consent goes.

    Only the poster of a referred need is held to its consent (helpers, groups and connectors have their
    own rules in ``community.posts.visibility``). Whatever else they are, the poster is held to it: a
    connector who also works in a council team and refers someone is bound by what the resident agreed.
    """
    if viewer is None or viewer.id != need.posted_by_id:
        return EVERYTHING
    return poster_disclosure(session, need)


def group_shown(disclosure: Disclosure, need: Need | None) -> str | None:
    """The name of the group on ``need``, when ``disclosure`` allows it and there is one."""
    if need is None or not disclosure.group or need.group is None:
        return None
    return need.group.name
