"""Council teams and their officers."""

from __future__ import annotations

import itertools

from community.models import CouncilTeam, User, team_officers
from tests.builders.people import make_user

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
