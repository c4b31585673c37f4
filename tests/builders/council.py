"""Council teams and their officers."""

from __future__ import annotations

import itertools

from community.db import utcnow
from community.models import CouncilTeam, Referral, User, team_officers
from tests.builders.people import make_user
from tests.builders.posts import make_need

_counter = itertools.count(1)


def make_team(
    session,
    *,
    name: str | None = None,
    officers: tuple[User, ...] | list[User] = (),
    safeguarding: bool = False,
    default: bool = False,
    **extra,
) -> CouncilTeam:
    """A team (flushed) with ``officers`` in it; ``extra`` sets any other column (``delivery_kind``...)."""
    team = CouncilTeam(
        name=name or f"Team {next(_counter)}", safeguarding=safeguarding, is_default=default, **extra
    )
    session.add(team)
    session.flush()
    for officer in officers:
        add_to_team(session, team, officer)
    return team


def add_to_team(session, team: CouncilTeam, user: User) -> None:
    session.execute(team_officers.insert().values(team_id=team.id, user_id=user.id))
    session.flush()


def make_officer(session, team: CouncilTeam, **kwargs) -> User:
    """A person with the officer role, in ``team``."""
    kwargs.setdefault("role", "officer")
    user = make_user(session, **kwargs)
    add_to_team(session, team, user)
    return user


def make_referral(session, *, officer: User, team: CouncilTeam, category, scope: str = "outcome", **need):
    """A need ``officer`` posted for a resident who is not online, referred by ``team`` with ``scope``."""
    posted = make_need(session, poster=officer, category=category, **need)
    posted.requester_id, posted.on_behalf_name, posted.on_behalf_contact = None, "Doris", "07700 900 123"
    referral = Referral(
        team_id=team.id, officer_id=officer.id, need_id=posted.id, consent_version="test",
        consent_at=utcnow(), consent_scope=scope, category_id=category.id, area_id=posted.area_id,
    )
    session.add(referral)
    session.flush()
    return referral
