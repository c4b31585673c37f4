"""Teams, officers and routing; referrals in and their outcomes read from the need's lifecycle."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community import council
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.models import Area, AuditEntry, Referral
from community.posts import NeedDetails, OnBehalf
from community.posts.claims import mark_need_met, take_on_need
from community.posts.posting import LocationChoice
from tests.builders.council import make_officer, make_team
from tests.builders.groups import make_membership, make_serving_group
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward

SALT = "weave-testing-salt"


def test_an_admin_sets_up_teams_and_only_one_is_default_or_safeguarding(session):
    admin = make_user(session, role="admin")
    first = council.create_team(
        session, actor=admin, details=council.TeamDetails(name="Housing", is_default=True, safeguarding=True)
    )
    second = council.create_team(
        session, actor=admin, details=council.TeamDetails(name="Adult social care", safeguarding=True)
    )
    assert (first.is_default, first.safeguarding, second.safeguarding) == (True, False, True)
    assert council.safeguarding_team(session) == second
    with pytest.raises(ValidationFailed) as error:
        council.create_team(session, actor=admin, details=council.TeamDetails(name="housing"))
    assert "name" in error.value.errors
    with pytest.raises(ValidationFailed) as error:
        council.create_team(
            session,
            actor=admin,
            details=council.TeamDetails(
                name="Webhooks", delivery_kind="webhook", delivery_url="ftp://x", delivery_secret="short"
            ),
        )
    assert set(error.value.errors) == {"delivery_url", "delivery_secret"}
    with pytest.raises(PermissionDenied):
        council.create_team(
            session, actor=make_user(session, role="connector"), details=council.TeamDetails(name="Parks")
        )


def test_adding_a_resident_makes_them_an_officer_and_removing_them_from_the_last_team_undoes_it(session):
    admin = make_user(session, role="admin")
    a, b = make_team(session), make_team(session)
    person = make_user(session, email="sam@council.example")
    council.add_officer(session, actor=admin, team_id=a.id, email="SAM@council.example")
    council.add_officer(session, actor=admin, team_id=b.id, email="sam@council.example")
    assert person.role == "officer" and council.officer_team_ids(session, person) == sorted([a.id, b.id])
    with pytest.raises(ValidationFailed):
        council.add_officer(session, actor=admin, team_id=a.id, email="sam@council.example")
    council.remove_officer(session, actor=admin, team_id=a.id, user_id=person.id)
    assert person.role == "officer"
    council.remove_officer(session, actor=admin, team_id=b.id, user_id=person.id)
    assert person.role == "resident" and council.officer_team_ids(session, person) == []
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.target_id == person.id)).all()
    assert actions.count("council.officer_added") == 2 and actions.count("user.role_changed") == 2


def test_routing_prefers_the_wards_rule_then_the_council_wide_rule_then_the_default(session):
    admin = make_user(session, role="admin")
    ward, other_ward = make_ward(session), make_ward(session)
    food, care = make_category(session, slug="food"), make_category(session, slug="care")
    default, housing, ward_team = make_team(session, default=True), make_team(session), make_team(session)
    council.set_routing_rule(session, actor=admin, category_id=food.id, area_id=None, team_id=housing.id)
    council.set_routing_rule(session, actor=admin, category_id=food.id, area_id=ward.id, team_id=ward_team.id)
    assert council.route_team(session, category_id=food.id, area_id=ward.id) == ward_team
    assert council.route_team(session, category_id=food.id, area_id=other_ward.id) == housing
    assert council.route_team(session, category_id=care.id, area_id=ward.id) == default
    # The same kind of help and ward again replaces the rule.
    council.set_routing_rule(session, actor=admin, category_id=food.id, area_id=ward.id, team_id=default.id)
    assert council.route_team(session, category_id=food.id, area_id=ward.id) == default
    assert len(council.list_routing_rules(session)) == 2
    default.is_default = False
    with pytest.raises(Conflict):
        council.route_team(session, category_id=care.id, area_id=ward.id)


def _refer(session, officer, team, category, **kwargs):
    kwargs.setdefault("consent", True)
    kwargs.setdefault("consent_scope", "outcome")
    kwargs.setdefault("show_team", False)
    return council.refer_resident(
        session,
        officer=officer,
        team_id=team.id,
        salt=SALT,
        details=NeedDetails(
            category_id=category.id, title="Weekly shop", body="Can't get out", urgency="this_week",
            # A need posted for someone else is placed where they are, never at the officer's home.
            location=LocationChoice(use_home=False, area_id=session.scalars(select(Area.id)).first()),
        ),
        person=OnBehalf(name="Doris", contact="07700 900 123", consent_statement="Agreed by phone"),
        **kwargs,
    )


def test_a_referral_records_consent_and_follows_the_need_to_met(session):
    make_ward(session)
    team = make_team(session, name="Customer services")
    officer = make_officer(session, team)
    category = make_category(session)
    coordinator = make_user(session)
    group = make_serving_group(session, coordinator=coordinator, categories=[category])
    helper = make_user(session)
    make_membership(session, user=helper, group=group)

    referral = _refer(session, officer, team, category, consent_scope="outcome_and_group")
    assert (referral.consent_version, referral.consent_at is not None) == (council.CONSENT_VERSION, True)
    need = referral.need
    assert need.requester_id is None and need.posted_by_id == officer.id and need.on_behalf_name == "Doris"
    assert "Customer services" not in need.body
    assert council.referral_view(referral).outcome == "waiting"

    take_on_need(session, need_id=need.id, group_id=group.id, assignee_id=helper.id, actor=coordinator)
    view = council.referral_view(referral)
    assert view.outcome == "taken_on" and view.taken_on_at is not None and view.group_name == group.name
    mark_need_met(session, need_id=need.id, actor=coordinator)
    view = council.referral_view(referral)
    assert view.outcome == "met" and view.closed_at == need.met_at

    page = council.list_team_referrals(session, actor=officer, team_id=team.id)
    assert [r.id for r in page.items] == [referral.id]


def test_the_group_stays_unnamed_without_consent_and_the_team_is_named_only_when_chosen(session):
    make_ward(session)
    team = make_team(session, name="Housing options")
    officer = make_officer(session, team)
    category = make_category(session)
    coordinator = make_user(session)
    group = make_serving_group(session, coordinator=coordinator, categories=[category])
    quiet = _refer(session, officer, team, category, consent_scope="outcome")
    take_on_need(
        session, need_id=quiet.need.id, group_id=group.id, assignee_id=coordinator.id, actor=coordinator
    )
    assert council.referral_view(quiet).group_name is None
    named = _refer(session, officer, team, category, show_team=True)
    assert "Housing options" in named.need.body


def test_consent_is_required_and_only_officers_of_the_team_refer(session):
    make_ward(session)
    team, other = make_team(session), make_team(session)
    officer = make_officer(session, team)
    category = make_category(session)
    with pytest.raises(ValidationFailed) as error:
        _refer(session, officer, team, category, consent=False, consent_scope=None)
    assert set(error.value.errors) == {"consent", "consent_scope"}
    with pytest.raises(NotFound):
        _refer(session, officer, other, category)
    assert session.scalar(select(Referral.id)) is None


def test_an_officer_returns_a_referral_to_the_council(session):
    make_ward(session)
    team = make_team(session)
    officer, colleague = make_officer(session, team), make_officer(session, team)
    referral = _refer(session, officer, team, make_category(session))
    with pytest.raises(Conflict):
        council.return_referral(session, actor=colleague, referral_id=referral.id, reason="Needs a carer")
    council.return_referral(session, actor=officer, referral_id=referral.id, reason="Needs a carer")
    view = council.referral_view(referral)
    assert view.outcome == "returned" and referral.need.status == "withdrawn"
    with pytest.raises(NotFound):
        council.get_referral(session, actor=make_user(session, role="connector"), referral_id=referral.id)
