"""Volunteer details and DBS checks, and the DBS rule seen from the group's side."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import inspect, select

from community.errors import Conflict, PermissionDenied, ValidationFailed
from community.groups.board import assign_need
from community.groups.volunteers import (
    dbs_checks_for,
    dbs_status,
    record_dbs_check,
    revoke_dbs_check,
    update_volunteer_details,
)
from community.models import AuditEntry, DBSCheck, Need
from community.posts.claims import DBS_REQUIRED, offer_help, reassign_need
from tests.builders.groups import make_membership, make_serving_group
from tests.builders.people import make_user
from tests.builders.places import make_category
from tests.builders.posts import make_need

TODAY = date.today()


@pytest.fixture()
def coordinator(session):
    return make_user(session)


@pytest.fixture()
def group(session, coordinator):
    return make_serving_group(session, coordinator=coordinator)


def record(session, membership, actor, **overrides):
    values = {"level": "enhanced_barred", "checked_on": TODAY - timedelta(days=10),
              "expires_on": TODAY + timedelta(days=365)}
    values.update(overrides)
    return record_dbs_check(session, membership_id=membership.id, group_id=membership.group_id, actor=actor,
                            **values)


def test_a_member_sets_what_they_help_with_and_when(session, group):
    volunteer = make_user(session)
    membership = make_membership(session, user=volunteer, group=group)
    shopping, lifts = make_category(session, slug="shopping"), make_category(session, slug="lifts")

    update_volunteer_details(session, membership_id=membership.id, group_id=group.id, actor=volunteer,
                             category_ids=[shopping.id, lifts.id], availability="  Weekday evenings ")

    assert sorted(c.slug for c in membership.categories) == ["lifts", "shopping"]
    assert membership.availability == "Weekday evenings"


def test_another_volunteer_cannot_change_someone_elses_details(session, group):
    membership = make_membership(session, user=make_user(session), group=group)
    other = make_user(session)
    make_membership(session, user=other, group=group)

    with pytest.raises(PermissionDenied):
        update_volunteer_details(session, membership_id=membership.id, group_id=group.id, actor=other,
                                 category_ids=[], availability="Never")


def test_availability_has_a_length_limit(session, group):
    volunteer = make_user(session)
    membership = make_membership(session, user=volunteer, group=group)

    with pytest.raises(ValidationFailed) as error:
        update_volunteer_details(session, membership_id=membership.id, group_id=group.id, actor=volunteer,
                                 category_ids=[], availability="x" * 256)

    assert error.value.errors == {"availability": "When you can help must be 255 characters or fewer"}


def test_a_coordinator_records_a_dbs_check_without_a_certificate_number(session, group, coordinator):
    volunteer = make_user(session)
    membership = make_membership(session, user=volunteer, group=group)

    check = record(session, membership, coordinator)

    assert (check.user_id, check.group_id, check.recorded_by_id) == (volunteer.id, group.id, coordinator.id)
    columns = {c.key for c in inspect(DBSCheck).columns}
    assert not any("number" in name or "certificate" in name for name in columns)
    assert dbs_status(session, volunteer.id).valid
    audit = session.scalar(select(AuditEntry).where(AuditEntry.action == "dbs.recorded"))
    assert audit.target_id == volunteer.id and audit.actor_id == coordinator.id


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"level": "gold"}, "level", "Select the level of the DBS check"),
        ({"checked_on": None}, "checked_on", "Enter the date on the DBS certificate"),
        ({"checked_on": TODAY + timedelta(days=1)}, "checked_on",
         "The date on the certificate must be today or in the past"),
        ({"expires_on": TODAY - timedelta(days=20)}, "expires_on",
         "The expiry date must be after the date on the certificate"),
        ({"expires_on": TODAY - timedelta(days=1)}, "expires_on",
         "The expiry date must be today or in the future"),
    ],
)
def test_dbs_check_details_are_checked(session, group, coordinator, overrides, field, message):
    membership = make_membership(session, user=make_user(session), group=group)

    with pytest.raises(ValidationFailed) as error:
        record(session, membership, coordinator, **overrides)

    assert error.value.errors[field] == message


def test_only_a_coordinator_records_or_sees_checks(session, group, coordinator):
    volunteer = make_user(session)
    membership = make_membership(session, user=volunteer, group=group)
    bystander = make_user(session)
    make_membership(session, user=bystander, group=group)

    with pytest.raises(PermissionDenied):
        record(session, membership, volunteer)
    record(session, membership, coordinator)
    with pytest.raises(PermissionDenied):
        dbs_checks_for(session, membership_id=membership.id, group_id=group.id, actor=bystander)
    assert len(dbs_checks_for(session, membership_id=membership.id, group_id=group.id, actor=volunteer)) == 1


def test_a_pending_member_cannot_have_a_check_recorded(session, group, coordinator):
    membership = make_membership(session, user=make_user(session), group=group, status="pending")

    with pytest.raises(Conflict):
        record(session, membership, coordinator)


@pytest.fixture()
def regulated_need(session):
    category = make_category(session, slug="personal-care", regulated=True)
    return make_need(session, poster=make_user(session), category=category, title="Help getting dressed")


def test_regulated_need_cannot_be_assigned_to_a_volunteer_without_a_check(session, group, coordinator,
                                                                          regulated_need):
    volunteer = make_user(session)
    make_membership(session, user=volunteer, group=group)

    with pytest.raises(PermissionDenied) as error:
        assign_need(session, need_id=regulated_need.id, group_id=group.id, assignee_id=volunteer.id,
                    actor=coordinator)

    assert error.value.message == DBS_REQUIRED
    assert session.get(Need, regulated_need.id).status == "open"


def test_regulated_need_can_be_assigned_once_a_check_is_recorded(session, group, coordinator, regulated_need):
    volunteer = make_user(session)
    membership = make_membership(session, user=volunteer, group=group)
    record(session, membership, coordinator)

    assign_need(session, need_id=regulated_need.id, group_id=group.id, assignee_id=volunteer.id,
                actor=coordinator)

    assert regulated_need.status == "in_progress" and regulated_need.assigned_to_id == volunteer.id


def test_an_expired_or_withdrawn_check_does_not_count(session, group, coordinator, regulated_need):
    expired, withdrawn = make_user(session), make_user(session)
    make_membership(session, user=expired, group=group)
    withdrawn_membership = make_membership(session, user=withdrawn, group=group)
    session.add(DBSCheck(user_id=expired.id, group_id=group.id, level="enhanced_barred",
                         checked_on=TODAY - timedelta(days=800), expires_on=TODAY - timedelta(days=1)))
    check = record(session, withdrawn_membership, coordinator)
    revoke_dbs_check(session, check_id=check.id, group_id=group.id, actor=coordinator)

    for person in (expired, withdrawn):
        assert not dbs_status(session, person.id).valid
        with pytest.raises(PermissionDenied):
            assign_need(session, need_id=regulated_need.id, group_id=group.id, assignee_id=person.id,
                        actor=coordinator)


def test_regulated_need_cannot_be_reassigned_to_a_volunteer_without_a_check(session, group, coordinator,
                                                                            regulated_need):
    checked, unchecked = make_user(session), make_user(session)
    record(session, make_membership(session, user=checked, group=group), coordinator)
    make_membership(session, user=unchecked, group=group)
    assign_need(session, need_id=regulated_need.id, group_id=group.id, assignee_id=checked.id,
                actor=coordinator)

    with pytest.raises(PermissionDenied):
        reassign_need(session, need_id=regulated_need.id, assignee_id=unchecked.id, actor=coordinator)

    assert regulated_need.assigned_to_id == checked.id


def test_a_volunteer_without_a_check_cannot_offer_help_for_the_group_either(session, group, regulated_need):
    volunteer = make_user(session)
    make_membership(session, user=volunteer, group=group)

    with pytest.raises(PermissionDenied):
        offer_help(session, need_id=regulated_need.id, helper=volunteer, message="I can", group_id=group.id)
