"""The demo's council teams, routing rules and unit costs: demo data, made up like everything else here.

A real council creates its own teams on the admin pages; nothing outside the demo knows these names.
The unit costs are labelled illustrative: they are round figures for trying the page, not anyone's costs.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from community.demo.world import World
from community.models import (
    CouncilTeam,
    Escalation,
    EscalationEvent,
    EscalationOutcome,
    EscalationStatus,
    Need,
    Referral,
    RoutingRule,
    UnitCost,
    User,
    team_officers,
)

__all__ = ["DEMO_TEAMS", "make_council"]

# (name, safeguarding, default, hours to acknowledge, kinds of help routed to it)
DEMO_TEAMS = (
    ("Customer services", False, True, 24, ("forms-and-admin", "digital-help", "translation")),
    ("Adult social care", True, False, 4, ("personal-care", "befriending", "mental-wellbeing")),
    ("Housing", False, False, 48, ("household-and-diy", "gardening")),
    (
        "Public health",
        False,
        False,
        24,
        ("health-support", "prescriptions", "food-and-shopping", "cooked-meals"),
    ),
    ("Children's services", False, False, 8, ("childcare",)),
)
ILLUSTRATIVE_COSTS_POUNDS = {
    "food-and-shopping": 45,
    "cooked-meals": 60,
    "lifts-and-transport": 35,
    "befriending": 80,
    "health-support": 120,
    "prescriptions": 30,
    "mental-wellbeing": 150,
    "personal-care": 200,
    "digital-help": 25,
    "household-and-diy": 90,
    "forms-and-admin": 40,
    "childcare": 110,
}
ILLUSTRATIVE_SOURCE = "Illustrative figures for the demo: not a real council's unit costs"


SUMMARIES = (
    "Needs more help at home than our volunteers can give safely.",
    "The landlord has not fixed the heating for weeks; we cannot sort this out.",
    "Struggling with bills and forms; needs advice we are not trained to give.",
    "Has had several falls and lives alone.",
)
WORRIES = (
    "Seemed frightened of someone in the house and asked us not to call back.",
    "Bruising we could not explain, and says there is no food in the flat.",
)
OUTCOMES = ("service_provided", "service_provided", "referred_on", "no_action_needed", "could_not_contact")


def make_council(session: Session, world: World) -> dict[str, int]:
    by_slug = {c.slug: c.id for c in world.categories}
    rng = world.rng
    officers = 0
    team_ids: dict[str, int] = {}
    team_officer_ids: dict[int, list[int]] = {}
    for name, safeguarding, default, hours, slugs in DEMO_TEAMS:
        team = CouncilTeam(
            name=name,
            safeguarding=safeguarding,
            is_default=default,
            acknowledge_hours=hours,
            description=f"The demo council's {name.lower()} team.",
        )
        session.add(team)
        session.flush()
        team_ids[name] = team.id
        for slug in slugs:
            if slug in by_slug:
                session.add(RoutingRule(category_id=by_slug[slug], area_id=None, team_id=team.id))
        # Two people of the demo (never its four accounts) work in each team.
        for person in rng.sample(world.people[4:], 2) if len(world.people) > 6 else []:
            session.execute(team_officers.insert().values(team_id=team.id, user_id=person.id))
            team_officer_ids.setdefault(team.id, []).append(person.id)
            session.execute(update(User).where(User.id == person.id).values(role="officer"))
            officers += 1
    for slug, pounds in ILLUSTRATIVE_COSTS_POUNDS.items():
        if slug in by_slug:
            session.add(
                UnitCost(
                    category_id=by_slug[slug],
                    amount_pence=pounds * 100,
                    source=ILLUSTRATIVE_SOURCE,
                    illustrative=True,
                )
            )
    session.flush()
    referrals, escalations = _referrals_and_escalations(session, world, team_ids, team_officer_ids)
    return {
        "council_teams": len(DEMO_TEAMS),
        "officers": officers,
        "referrals": referrals,
        "escalations": escalations,
    }


def _referrals_and_escalations(
    session: Session, world: World, team_ids: dict[str, int], officers: dict[int, list[int]]
) -> tuple[int, int]:
    """Some needs posted for people who are not online become referrals from the team their kind of help is
    routed to; some needs groups took on were escalated, a few as safeguarding concerns."""
    rng = world.rng
    route = {rule.category_id: rule.team_id for rule in session.scalars(select(RoutingRule))}
    default, guard = team_ids["Customer services"], team_ids["Adult social care"]
    rows = session.execute(
        select(
            Need.id,
            Need.category_id,
            Need.area_id,
            Need.created_at,
            Need.requester_id,
            Need.group_id,
            Need.assigned_to_id,
        ).order_by(Need.id)
    ).all()
    referrals = escalations = 0
    for need_id, category_id, area_id, created, requester_id, group_id, assigned_to_id in rows:
        team_id = route.get(category_id, default)
        if requester_id is None and rng.random() < 0.5 and officers.get(team_id):
            session.add(
                Referral(
                    team_id=team_id,
                    officer_id=rng.choice(officers[team_id]),
                    need_id=need_id,
                    consent_version="council-referral-2026-12",
                    consent_at=created,
                    consent_scope=rng.choice(("outcome", "outcome_and_group")),
                    show_team=False,
                    category_id=category_id,
                    area_id=area_id,
                    created_at=created,
                )
            )
            referrals += 1
        elif group_id is not None and rng.random() < 0.02:
            safeguarding = rng.random() < 0.15
            raised = created + timedelta(days=rng.uniform(1, 6))
            target = guard if safeguarding else team_id
            hours = next(h for n, _s, _d, h, _k in DEMO_TEAMS if team_ids[n] == target)
            escalation = Escalation(
                need_id=need_id,
                team_id=target,
                kind="safeguarding" if safeguarding else "beyond",
                urgent=safeguarding,
                raised_by_id=assigned_to_id,
                summary=rng.choice(WORRIES if safeguarding else SUMMARIES),
                category_id=category_id,
                area_id=area_id,
                created_at=raised,
                routed_at=raised,
                status="open",
            )
            age = world.now - raised
            if age > timedelta(days=2) or rng.random() < 0.5:
                escalation.status = EscalationStatus.ACKNOWLEDGED
                escalation.acknowledged_at = raised + timedelta(hours=rng.uniform(0.5, hours * 1.5))
            if age > timedelta(days=14):
                escalation.status = EscalationStatus.RESOLVED
                escalation.outcome = EscalationOutcome(rng.choice(OUTCOMES))
                escalation.resolved_at = raised + timedelta(days=rng.uniform(3, 14))
            session.add(escalation)
            session.flush()
            session.add(
                EscalationEvent(
                    escalation_id=escalation.id,
                    action="raised",
                    actor_id=assigned_to_id,
                    to_team_id=target,
                    at=raised,
                )
            )
            escalations += 1
    session.flush()
    return referrals, escalations
