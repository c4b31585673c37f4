"""The council's teams: who works in them, the referrals officers make, escalations and their history.

The residents an officer refers have no account: what identifies them is on the need posted for them
(``needs``, registered with the posts). Escalations keep their history when someone is erased (the
council's record of what happened) and lose who raised, handled or acted on them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from community.models import Escalation, EscalationEvent, Referral, User, team_officers
from community.personal_data.registry import Erasure, no_personal_data, register, row_dict

no_personal_data("council_teams", "council_routing_rules", why="the council's teams and where escalations go")
no_personal_data("council_unit_costs", why="what a kind of help costs the council, and the figure's source")
no_personal_data("council_demand_warnings", why="forecast demand and capacity per ward and kind of help")
no_personal_data("council_demand_rollup",
                 why="counts of needs per month, ward and kind of help, about no one")
no_personal_data(
    "council_delivery_attempts",
    why="tries at sending an escalation to a team's system: a status and an error, about no one",
)


def _teams(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.execute(select(team_officers).where(team_officers.c.user_id == user.id))
    return [dict(row._mapping) for row in rows]


def _leave_teams(session: Session, erasure: Erasure) -> None:
    session.execute(delete(team_officers).where(team_officers.c.user_id == erasure.user.id))


register("council_team_officers", export=_teams, erase=_leave_teams)


def _referrals(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(select(Referral).where(Referral.officer_id == user.id).order_by(Referral.id))
    return [row_dict(r) for r in rows]


def _forget_officer(session: Session, erasure: Erasure) -> None:
    session.execute(update(Referral).where(Referral.officer_id == erasure.user.id).values(officer_id=None))


register("council_referrals", export=_referrals, erase=_forget_officer, free_text=("return_reason",))


def _escalations(session: Session, user: User) -> list[dict[str, Any]]:
    mine = or_(Escalation.raised_by_id == user.id, Escalation.assigned_to_id == user.id)
    rows = session.scalars(select(Escalation).where(mine).order_by(Escalation.id))
    return [row_dict(e) for e in rows]


def _forget_escalation_people(session: Session, erasure: Erasure) -> None:
    who = erasure.user.id
    session.execute(update(Escalation).where(Escalation.raised_by_id == who).values(raised_by_id=None))
    session.execute(update(Escalation).where(Escalation.assigned_to_id == who).values(assigned_to_id=None))


register(
    "council_escalations",
    export=_escalations,
    erase=_forget_escalation_people,
    free_text=("summary", "outcome_note"),
)


def _events(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(EscalationEvent).where(EscalationEvent.actor_id == user.id).order_by(EscalationEvent.id)
    )
    return [row_dict(e) for e in rows]


def _forget_actor(session: Session, erasure: Erasure) -> None:
    session.execute(
        update(EscalationEvent).where(EscalationEvent.actor_id == erasure.user.id).values(actor_id=None)
    )


register("council_escalation_events", export=_events, erase=_forget_actor, free_text=("note",))
