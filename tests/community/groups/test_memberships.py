"""Membership: ask to join, approve or decline, leave, remove, promote; a group always keeps a coordinator."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from community.db import make_sessionmaker
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.groups.memberships import (
    LAST_COORDINATOR,
    approve_membership,
    change_role,
    coordinator_ids,
    decline_membership,
    groups_of,
    leave_group,
    list_members,
    remove_member,
    request_to_join,
)
from community.models import Membership, Notification, User
from community.notifications import Target, target_of
from tests.builders.groups import make_membership, make_serving_group
from tests.builders.people import make_user


@pytest.fixture()
def coordinator(session):
    return make_user(session, name="Cora Coordinator")


@pytest.fixture()
def group(session, coordinator):
    return make_serving_group(session, coordinator=coordinator, name="Brentham Mutual Aid")


def notices(session, user, kind):
    return session.scalars(
        select(Notification).where(Notification.user_id == user.id, Notification.kind == kind)
    ).all()


def test_asking_to_join_waits_for_a_coordinator_who_is_told(session, group, coordinator):
    person = make_user(session, name="Vic Volunteer")

    membership = request_to_join(session, group_id=group.id, user=person)

    assert (membership.status, membership.role) == ("pending", "volunteer")
    [notice] = notices(session, coordinator, "membership_requested")
    assert notice.message == "Vic Volunteer has asked to join Brentham Mutual Aid."
    assert target_of(notice) == Target("group", group.id, "members")


def test_a_coordinator_approves_and_the_new_member_is_told(session, group, coordinator):
    person = make_user(session)
    membership = request_to_join(session, group_id=group.id, user=person)

    approve_membership(session, membership_id=membership.id, group_id=group.id, actor=coordinator)

    assert membership.status == "active" and membership.decided_at is not None
    assert len(notices(session, person, "membership_approved")) == 1


def test_a_declined_request_can_be_made_again(session, group, coordinator):
    person = make_user(session)
    membership = request_to_join(session, group_id=group.id, user=person)
    decline_membership(session, membership_id=membership.id, group_id=group.id, actor=coordinator)

    again = request_to_join(session, group_id=group.id, user=person)

    assert again.id == membership.id and again.status == "pending"
    assert len(notices(session, person, "membership_declined")) == 1


def test_asking_twice_or_as_a_member_is_a_conflict(session, group, coordinator):
    person = make_user(session)
    request_to_join(session, group_id=group.id, user=person)

    with pytest.raises(Conflict):
        request_to_join(session, group_id=group.id, user=person)
    with pytest.raises(Conflict):
        request_to_join(session, group_id=group.id, user=coordinator)


def test_only_this_groups_coordinator_can_answer_a_request(session, group):
    person = make_user(session)
    membership = request_to_join(session, group_id=group.id, user=person)
    other_coordinator = make_user(session)
    other_group = make_serving_group(session, coordinator=other_coordinator)

    with pytest.raises(PermissionDenied):
        approve_membership(session, membership_id=membership.id, group_id=group.id, actor=person)
    with pytest.raises(PermissionDenied):
        approve_membership(session, membership_id=membership.id, group_id=group.id, actor=other_coordinator)
    # The other group's coordinator cannot reach it through their own group's URL either.
    with pytest.raises(NotFound):
        approve_membership(
            session, membership_id=membership.id, group_id=other_group.id, actor=other_coordinator
        )
    assert membership.status == "pending"


def test_the_last_coordinator_cannot_leave(session, group, coordinator):
    with pytest.raises(Conflict) as error:
        leave_group(session, group_id=group.id, user=coordinator)

    assert error.value.message == LAST_COORDINATOR


def test_a_coordinator_can_leave_once_someone_else_coordinates(session, group, coordinator):
    volunteer = make_user(session)
    membership = make_membership(session, user=volunteer, group=group)
    change_role(
        session, membership_id=membership.id, group_id=group.id, role="coordinator", actor=coordinator
    )

    left = leave_group(session, group_id=group.id, user=coordinator)

    assert left.status == "left"
    members = list_members(session, group_id=group.id, actor=volunteer)
    assert [row.user.id for row in members] == [volunteer.id]


def test_the_last_coordinator_cannot_be_made_a_volunteer(session, group, coordinator):
    make_membership(session, user=make_user(session), group=group)
    mine = session.scalar(select(Membership).where(Membership.user_id == coordinator.id))

    with pytest.raises(Conflict):
        change_role(session, membership_id=mine.id, group_id=group.id, role="volunteer", actor=coordinator)


def test_a_coordinator_removes_a_volunteer_who_is_told(session, group, coordinator):
    volunteer = make_user(session)
    membership = make_membership(session, user=volunteer, group=group)

    remove_member(session, membership_id=membership.id, group_id=group.id, actor=coordinator)

    assert membership.status == "removed"
    assert len(notices(session, volunteer, "membership_removed")) == 1
    with pytest.raises(PermissionDenied):
        request_to_join(session, group_id=group.id, user=volunteer)


def test_a_coordinator_cannot_remove_themself(session, group, coordinator):
    mine = make_membership(session, user=make_user(session), group=group, role="coordinator")
    own = next(r.membership for r in list_members(session, group_id=group.id, actor=coordinator)
               if r.user.id == coordinator.id)

    with pytest.raises(ValidationFailed):
        remove_member(session, membership_id=own.id, group_id=group.id, actor=coordinator)
    assert mine.status == "active"


def test_a_volunteer_cannot_remove_or_promote_anyone(session, group):
    volunteer = make_user(session)
    make_membership(session, user=volunteer, group=group)
    other = make_membership(session, user=make_user(session), group=group)

    with pytest.raises(PermissionDenied):
        remove_member(session, membership_id=other.id, group_id=group.id, actor=volunteer)
    with pytest.raises(PermissionDenied):
        change_role(session, membership_id=other.id, group_id=group.id, role="coordinator", actor=volunteer)


def test_a_person_may_belong_to_several_groups(session, group):
    person = make_user(session)
    second = make_serving_group(session, name="Acton Faith Kitchen")
    make_membership(session, user=person, group=group)
    request_to_join(session, group_id=second.id, user=person)

    assert [(g.name, m.status) for g, m in groups_of(session, person.id)] == [
        ("Acton Faith Kitchen", "pending"),
        ("Brentham Mutual Aid", "active"),
    ]


def test_withdrawing_a_request_is_leaving(session, group):
    person = make_user(session)
    request_to_join(session, group_id=group.id, user=person)

    assert leave_group(session, group_id=group.id, user=person).status == "left"
    with pytest.raises(NotFound):
        leave_group(session, group_id=group.id, user=person)


def test_only_coordinators_see_who_is_in_the_group(session, group):
    volunteer = make_user(session)
    make_membership(session, user=volunteer, group=group)

    with pytest.raises(PermissionDenied):
        list_members(session, group_id=group.id, actor=volunteer)


@pytest.mark.postgres_only
def test_two_coordinators_leaving_at_the_same_moment_leave_one_behind(db):
    factory = make_sessionmaker(db)
    with factory() as setup:
        first, second = make_user(setup), make_user(setup)
        group = make_serving_group(setup, coordinator=first)
        make_membership(setup, user=second, group=group, role="coordinator")
        setup.commit()
        ids, group_id = [first.id, second.id], group.id

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(user_id: int) -> None:
        with factory() as s:
            user = s.get(User, user_id)
            barrier.wait()
            try:
                leave_group(s, group_id=group_id, user=user)
                s.commit()
                outcomes.append("left")
            except Conflict:
                s.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=attempt, args=(uid,)) for uid in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["left", "refused"]
    with factory() as check:
        assert len(coordinator_ids(check, group_id)) == 1
