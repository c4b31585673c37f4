"""Council teams, their officers and where escalations go (routing rules, a default team, a safeguarding
team). Teams are data an admin sets up; nothing here knows any particular council."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session

from community.accounts.roles import record_user_audit, require_admin
from community.errors import Conflict, NotFound, ValidationFailed
from community.i18n import _
from community.limits import TextLimit
from community.models import (
    Area,
    Category,
    CouncilTeam,
    DeliveryKind,
    RoutingRule,
    UnitCost,
    User,
    UserRole,
    team_officers,
)
from community.models.types import values_of

__all__ = [
    "TEAM_NAME",
    "TEAM_DESCRIPTION",
    "COST_SOURCE",
    "DELIVERY_URL",
    "DELIVERY_SECRET",
    "SERVICE_CODE",
    "TeamDetails",
    "add_officer",
    "create_team",
    "delete_routing_rule",
    "get_team",
    "is_officer_of",
    "list_routing_rules",
    "list_teams",
    "list_unit_costs",
    "officer_team_ids",
    "remove_officer",
    "require_officer_of",
    "route_team",
    "safeguarding_team",
    "set_routing_rule",
    "set_unit_cost",
    "update_team",
    "may_see_evidence",
]

TEAM_NAME = TextLimit(_("The team's name"), 120)
TEAM_DESCRIPTION = TextLimit(_("What the team does"), 500)
COST_SOURCE = TextLimit(_("Where the figure comes from"), 500)
DELIVERY_URL = TextLimit(_("The address escalations are sent to"), 500)
DELIVERY_SECRET = TextLimit(_("The shared secret"), 200)
SERVICE_CODE = TextLimit(_("The Open311 service code"), 60)
DELIVERY_KINDS = values_of(DeliveryKind)


@dataclass(frozen=True, slots=True)
class TeamDetails:
    name: str
    description: str = ""
    acknowledge_hours: int | None = 24
    safeguarding: bool = False
    is_default: bool = False
    delivery_kind: str = "none"
    delivery_url: str = ""
    delivery_secret: str = ""
    open311_service_code: str = ""


def officer_team_ids(session: Session, user: User | None) -> list[int]:
    """The teams ``user`` works in (none for anyone signed out, suspended or deleted)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return list(
        session.scalars(
            select(team_officers.c.team_id)
            .where(team_officers.c.user_id == user.id)
            .order_by(team_officers.c.team_id)
        )
    )


def is_officer_of(session: Session, user: User | None, team_id: int) -> bool:
    return team_id in officer_team_ids(session, user)


def require_officer_of(session: Session, user: User | None, team_id: int) -> CouncilTeam:
    """The team, for one of its officers; anyone else is told it does not exist."""
    team = session.get(CouncilTeam, team_id)
    if team is None or not is_officer_of(session, user, team_id):
        raise NotFound(_("Team not found"))
    return team


def may_see_evidence(session: Session, user: User | None) -> bool:
    """Connectors (and admins) and the council's officers see the demand-management evidence."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_connector or officer_team_ids(session, user))


def list_teams(session: Session) -> list[CouncilTeam]:
    return list(session.scalars(select(CouncilTeam).order_by(func.lower(CouncilTeam.name))))


def get_team(session: Session, team_id: int) -> CouncilTeam:
    team = session.get(CouncilTeam, team_id)
    if team is None:
        raise NotFound(_("Team not found"))
    return team


def _check(session: Session, details: TeamDetails, *, team_id: int | None = None) -> None:
    errors: dict[str, str] = {}
    name = details.name.strip()
    if not name:
        errors["name"] = _("Enter the team's name")
    elif TEAM_NAME.exceeded_by(name):
        errors["name"] = TEAM_NAME.message
    else:
        clash = select(CouncilTeam.id).where(func.lower(CouncilTeam.name) == name.lower())
        if team_id is not None:
            clash = clash.where(CouncilTeam.id != team_id)
        if session.scalar(clash) is not None:
            errors["name"] = _("There is already a team called %(name)s", name=name)
    if TEAM_DESCRIPTION.exceeded_by(details.description.strip()):
        errors["description"] = TEAM_DESCRIPTION.message
    hours = details.acknowledge_hours
    if hours is None or not 1 <= hours <= 24 * 28:
        errors["acknowledge_hours"] = _("Enter a number of hours from 1 to 672")
    if details.delivery_kind not in DELIVERY_KINDS:
        errors["delivery_kind"] = _("Select where the team also receives escalations")
    elif details.delivery_kind != DeliveryKind.NONE:
        url = details.delivery_url.strip()
        if not (url.startswith("https://") or url.startswith("http://")) or DELIVERY_URL.exceeded_by(url):
            errors["delivery_url"] = _("Enter the address escalations are sent to, starting https://")
        if details.delivery_kind == DeliveryKind.WEBHOOK and len(details.delivery_secret.strip()) < 16:
            errors["delivery_secret"] = _("Enter a shared secret of at least 16 characters")
        if DELIVERY_SECRET.exceeded_by(details.delivery_secret.strip()):
            errors["delivery_secret"] = DELIVERY_SECRET.message
        if SERVICE_CODE.exceeded_by(details.open311_service_code.strip()):
            errors["open311_service_code"] = SERVICE_CODE.message
        elif details.delivery_kind == DeliveryKind.OPEN311 and not details.open311_service_code.strip():
            errors["open311_service_code"] = _("Enter the Open311 service code escalations are filed under")
    if errors:
        raise ValidationFailed(errors)


def _apply(session: Session, team: CouncilTeam, details: TeamDetails) -> None:
    team.name, team.description = details.name.strip(), details.description.strip()
    team.acknowledge_hours = details.acknowledge_hours or 24
    team.delivery_kind = DeliveryKind(details.delivery_kind)
    keep = team.delivery_kind != DeliveryKind.NONE
    team.delivery_url = details.delivery_url.strip() or None if keep else None
    if details.delivery_secret.strip() or not keep:
        team.delivery_secret = details.delivery_secret.strip() or None if keep else None
    team.open311_service_code = details.open311_service_code.strip() or None if keep else None
    # One safeguarding team and one default team at most: marking this one unmarks the other.
    for flag in ("safeguarding", "is_default"):
        wanted = bool(getattr(details, flag))
        if wanted:
            for other in session.scalars(select(CouncilTeam).where(getattr(CouncilTeam, flag).is_(True))):
                if other is not team:
                    setattr(other, flag, False)
        setattr(team, flag, wanted)


def create_team(session: Session, *, actor: User, details: TeamDetails) -> CouncilTeam:
    require_admin(actor)
    _check(session, details)
    team = CouncilTeam(name=details.name.strip())
    session.add(team)
    _apply(session, team, details)
    session.flush()
    return team


def update_team(session: Session, *, actor: User, team_id: int, details: TeamDetails) -> CouncilTeam:
    require_admin(actor)
    team = get_team(session, team_id)
    _check(session, details, team_id=team.id)
    _apply(session, team, details)
    session.flush()
    return team


def add_officer(session: Session, *, actor: User, team_id: int, email: str) -> User:
    """Add someone with an account to a team; a resident becomes an officer (audited)."""
    require_admin(actor)
    team = get_team(session, team_id)
    user = session.scalar(select(User).where(User.email_normalised == email.strip().lower()))
    if user is None or user.deleted_at is not None:
        raise ValidationFailed({"email": _("There is no account with that email address")})
    if user.suspended_at is not None:
        raise ValidationFailed({"email": _("That account is suspended")})
    if is_officer_of(session, user, team.id):
        raise ValidationFailed({"email": _("%(name)s is already in this team", name=user.display_name)})
    session.execute(team_officers.insert().values(team_id=team.id, user_id=user.id))
    if user.role == UserRole.RESIDENT:
        user.role = UserRole.OFFICER
        record_user_audit(
            session,
            actor=actor,
            action="user.role_changed",
            user=user,
            detail=f"resident to officer, joining {team.name}",
        )
    record_user_audit(session, actor=actor, action="council.officer_added", user=user, detail=team.name)
    session.flush()
    return user


def remove_officer(session: Session, *, actor: User, team_id: int, user_id: int) -> User:
    """Take someone out of a team; an officer in no team any more goes back to being a resident."""
    require_admin(actor)
    team = get_team(session, team_id)
    user = session.get(User, user_id)
    if user is None or not is_officer_of(session, user, team.id):
        raise NotFound(_("That person is not in this team"))
    session.execute(
        delete(team_officers).where(team_officers.c.team_id == team.id, team_officers.c.user_id == user.id)
    )
    record_user_audit(session, actor=actor, action="council.officer_removed", user=user, detail=team.name)
    still = session.scalar(select(exists().where(team_officers.c.user_id == user.id)))
    if not still and user.role == UserRole.OFFICER:
        user.role = UserRole.RESIDENT
        record_user_audit(
            session,
            actor=actor,
            action="user.role_changed",
            user=user,
            detail="officer to resident, in no team",
        )
    session.flush()
    return user


def list_routing_rules(session: Session) -> list[RoutingRule]:
    return list(
        session.scalars(
            select(RoutingRule)
            .join(Category, Category.id == RoutingRule.category_id)
            .outerjoin(Area, Area.id == RoutingRule.area_id)
            .order_by(Category.position, Category.name, Area.name.is_not(None), Area.name)
        )
    )


def set_routing_rule(
    session: Session, *, actor: User, category_id: int | None, area_id: int | None, team_id: int | None
) -> RoutingRule:
    """Escalations about ``category_id`` (in ``area_id``, or anywhere) go to ``team_id``; replaces a rule
    for the same kind of help and ward."""
    require_admin(actor)
    errors: dict[str, str] = {}
    if category_id is None or session.get(Category, category_id) is None:
        errors["category_id"] = _("Select a kind of help")
    if area_id is not None and session.get(Area, area_id) is None:
        errors["area_id"] = _("Select a ward, or every ward")
    if team_id is None or session.get(CouncilTeam, team_id) is None:
        errors["team_id"] = _("Select a team")
    if errors:
        raise ValidationFailed(errors)
    rule = session.scalar(
        select(RoutingRule).where(
            RoutingRule.category_id == category_id,
            RoutingRule.area_id.is_(None) if area_id is None else RoutingRule.area_id == area_id,
        )
    )
    if rule is None:
        rule = RoutingRule(category_id=category_id, area_id=area_id)
        session.add(rule)
    assert team_id is not None
    rule.team_id = team_id
    session.flush()
    return rule


def delete_routing_rule(session: Session, *, actor: User, rule_id: int) -> None:
    require_admin(actor)
    rule = session.get(RoutingRule, rule_id)
    if rule is None:
        raise NotFound(_("Rule not found"))
    session.delete(rule)
    session.flush()


def route_team(session: Session, *, category_id: int | None, area_id: int | None) -> CouncilTeam:
    """The team for this kind of help in this ward: a ward's own rule, else the rule for every ward, else
    the default team."""
    if category_id is not None:
        rules = session.scalars(
            select(RoutingRule).where(
                RoutingRule.category_id == category_id,
                (RoutingRule.area_id == area_id) | RoutingRule.area_id.is_(None),
            )
        ).all()
        for rule in sorted(rules, key=lambda r: r.area_id is None):
            return rule.team
    team = session.scalar(select(CouncilTeam).where(CouncilTeam.is_default.is_(True)))
    if team is None:
        raise Conflict(_("The council has not said which team receives escalations yet."))
    return team


def safeguarding_team(session: Session) -> CouncilTeam:
    team = session.scalar(select(CouncilTeam).where(CouncilTeam.safeguarding.is_(True)))
    if team is None:
        team = session.scalar(select(CouncilTeam).where(CouncilTeam.is_default.is_(True)))
    if team is None:
        raise Conflict(_("The council has not said which team receives safeguarding concerns yet."))
    return team


def list_unit_costs(session: Session) -> list[UnitCost]:
    return list(
        session.scalars(
            select(UnitCost).join(Category, Category.id == UnitCost.category_id).order_by(Category.position)
        )
    )


def set_unit_cost(
    session: Session,
    *,
    actor: User,
    category_id: int | None,
    amount_pence: int | None,
    source: str,
    illustrative: bool = False,
) -> UnitCost | None:
    """What one statutory contact for this kind of help costs, and the figure's source; no amount removes
    it."""
    require_admin(actor)
    if category_id is None or session.get(Category, category_id) is None:
        raise ValidationFailed({"category_id": _("Select a kind of help")})
    cost = session.scalar(select(UnitCost).where(UnitCost.category_id == category_id))
    if amount_pence is None:
        if cost is not None:
            session.delete(cost)
            session.flush()
        return None
    errors: dict[str, str] = {}
    if not 0 <= amount_pence <= 100_000_000:
        errors["amount"] = _("Enter a cost from £0 to £1,000,000")
    if not source.strip():
        errors["source"] = _("Enter where the figure comes from")
    elif COST_SOURCE.exceeded_by(source.strip()):
        errors["source"] = COST_SOURCE.message
    if errors:
        raise ValidationFailed(errors)
    if cost is None:
        cost = UnitCost(category_id=category_id)
        session.add(cost)
    cost.amount_pence, cost.source, cost.illustrative = amount_pence, source.strip(), illustrative
    session.flush()
    return cost
