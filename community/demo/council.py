"""The demo's council teams, routing rules and unit costs: demo data, made up like everything else here.

A real council creates its own teams on the admin pages; nothing outside the demo knows these names.
The unit costs are labelled illustrative: they are round figures for trying the page, not anyone's costs.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from community.demo.world import World
from community.models import CouncilTeam, RoutingRule, UnitCost, User, team_officers

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


def make_council(session: Session, world: World) -> dict[str, int]:
    by_slug = {c.slug: c.id for c in world.categories}
    rng = world.rng
    officers = 0
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
        for slug in slugs:
            if slug in by_slug:
                session.add(RoutingRule(category_id=by_slug[slug], area_id=None, team_id=team.id))
        # Two people of the demo (never its four accounts) work in each team.
        for person in rng.sample(world.people[4:], 2) if len(world.people) > 6 else []:
            session.execute(team_officers.insert().values(team_id=team.id, user_id=person.id))
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
    return {"council_teams": len(DEMO_TEAMS), "officers": officers}
