"""Introductions: a connector sends one, both coordinators are told, each answers, both yes = partners."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.insights.introductions import (
    answer_introduction,
    list_introductions_for_coordinator,
    send_introduction,
    side_of,
)
from community.models import AuditEntry, Notification, Partnership
from tests.builders.groups import make_group, make_membership, make_partnership
from tests.builders.people import make_user

REASON = "Both serve Acton: one with food, one with lifts; nobody links them."


@pytest.fixture()
def pair(session):
    connector = make_user(session, role="connector")
    ann, bea = make_user(session, name="Ann"), make_user(session, name="Bea")
    larder = make_group(session, name="Acton Larder", coordinator=ann)
    lifts = make_group(session, name="Acton Lifts", coordinator=bea)
    return connector, ann, bea, larder, lifts


def notices(session, user):
    return list(session.scalars(select(Notification.message).where(Notification.user_id == user.id)))


def send(session, connector, a, b, reason=REASON):
    return send_introduction(session, connector=connector, group_a_id=a.id, group_b_id=b.id, reason=reason)


def test_sending_tells_every_coordinator_of_both_groups_why_and_is_audited(session, pair):
    connector, ann, bea, larder, lifts = pair
    second = make_user(session)
    make_membership(session, user=second, group=lifts, role="coordinator")
    volunteer = make_user(session)
    make_membership(session, user=volunteer, group=lifts)

    introduction = send(session, connector, lifts, larder)

    assert (introduction.group_a_id, introduction.group_b_id) == tuple(sorted((larder.id, lifts.id)))
    assert introduction.status == "sent"
    assert notices(session, ann) == [
        f"A council connector has introduced Acton Larder to Acton Lifts: {REASON}"
    ]
    assert len(notices(session, bea)) == 1 and len(notices(session, second)) == 1
    assert notices(session, volunteer) == []
    audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "introduction_sent")).one()
    assert (audit.actor_id, audit.target_id) == (connector.id, introduction.id)


def test_both_accepting_makes_the_groups_active_referral_partners(session, pair):
    connector, ann, bea, larder, lifts = pair
    introduction = send(session, connector, larder, lifts)

    answer_introduction(session, introduction_id=introduction.id, actor=ann, group_id=larder.id, accept=True)
    assert introduction.status == "sent"
    assert session.scalar(select(Partnership)) is None
    assert notices(session, bea)[-1].endswith("It is your turn to answer.")

    answer_introduction(session, introduction_id=introduction.id, actor=bea, group_id=lifts.id, accept=True)

    assert introduction.status == "accepted" and introduction.decided_at is not None
    partnership = session.scalars(select(Partnership)).one()
    assert (partnership.kind, partnership.status) == ("referral", "active")
    assert notices(session, connector)[-1] == "Acton Larder and Acton Lifts are now referral partners."


def test_an_ended_partnership_is_made_active_again_rather_than_duplicated(session, pair):
    connector, ann, bea, larder, lifts = pair
    make_partnership(session, larder, lifts, status="ended")
    introduction = send(session, connector, larder, lifts)
    for actor, group in ((ann, larder), (bea, lifts)):
        answer_introduction(
            session, introduction_id=introduction.id, actor=actor, group_id=group.id, accept=True
        )

    assert [p.status for p in session.scalars(select(Partnership))] == ["active"]


def test_one_side_declining_ends_it_and_tells_everyone(session, pair):
    connector, ann, bea, larder, lifts = pair
    introduction = send(session, connector, larder, lifts)

    answer_introduction(session, introduction_id=introduction.id, actor=bea, group_id=lifts.id, accept=False)

    assert introduction.status == "declined"
    assert notices(session, ann)[-1] == "Acton Lifts declined the introduction to Acton Larder."
    with pytest.raises(Conflict):
        answer_introduction(
            session, introduction_id=introduction.id, actor=ann, group_id=larder.id, accept=True
        )
    assert session.scalar(select(Partnership)) is None


def test_only_a_coordinator_of_that_group_can_answer_for_it(session, pair):
    connector, ann, bea, larder, lifts = pair
    introduction = send(session, connector, larder, lifts)
    volunteer = make_user(session)
    make_membership(session, user=volunteer, group=larder)

    with pytest.raises(PermissionDenied):
        answer_introduction(
            session, introduction_id=introduction.id, actor=ann, group_id=lifts.id, accept=True
        )
    with pytest.raises(PermissionDenied):
        answer_introduction(session, introduction_id=introduction.id, actor=volunteer, group_id=larder.id,
                            accept=True)
    with pytest.raises(NotFound):
        answer_introduction(session, introduction_id=introduction.id, actor=ann,
                            group_id=make_group(session).id, accept=True)
    with pytest.raises(PermissionDenied):
        side_of(session, introduction, volunteer)


def test_only_connectors_send_and_never_twice_or_to_partners(session, pair):
    connector, ann, _bea, larder, lifts = pair
    with pytest.raises(PermissionDenied):
        send(session, ann, larder, lifts)
    send(session, connector, larder, lifts)
    with pytest.raises(Conflict, match="already been introduced"):
        send(session, connector, lifts, larder)
    other = make_group(session)
    make_partnership(session, larder, other)
    with pytest.raises(Conflict, match="already partners"):
        send(session, connector, larder, other)


@pytest.mark.parametrize(
    ("reason", "same", "message"),
    [("", False, {"reason": "Enter why these groups should meet"}),
     ("x" * 1001, False, {"reason": "The reason must be 1000 characters or fewer"}),
     (REASON, True, {"group_b_id": "Select two different groups"})],
)
def test_an_introduction_needs_a_reason_and_two_groups(session, pair, reason, same, message):
    connector, _ann, _bea, larder, lifts = pair
    with pytest.raises(ValidationFailed) as error:
        send(session, connector, larder, larder if same else lifts, reason=reason)
    assert error.value.errors == message


def test_a_coordinator_sees_the_introductions_of_their_groups_waiting_first(session, pair):
    connector, ann, bea, larder, lifts = pair
    introduction = send(session, connector, larder, lifts)

    (side,) = list_introductions_for_coordinator(session, user=ann)
    assert (side.group, side.other, side.waiting_for_us) == (larder, lifts, True)
    answer_introduction(session, introduction_id=introduction.id, actor=ann, group_id=larder.id, accept=True)
    assert list_introductions_for_coordinator(session, user=ann)[0].waiting_for_us is False
    assert list_introductions_for_coordinator(session, user=make_user(session)) == []


def test_an_introduction_carries_the_connectors_note_trimmed_and_limited(session, pair):
    connector, _ann, _bea, larder, lifts = pair

    introduction = send_introduction(session, connector=connector, group_a_id=larder.id, group_b_id=lifts.id,
                                     reason=REASON, note="  Ask for Sam at the larder.  ")
    assert introduction.note == "Ask for Sam at the larder."
    with pytest.raises(ValidationFailed) as error:
        other = make_group(session, name="Acton Walks")
        send_introduction(session, connector=connector, group_a_id=larder.id, group_b_id=other.id,
                          reason=REASON, note="x" * 1001)
    assert set(error.value.errors) == {"note"}
    assert send(session, connector, lifts, make_group(session, name="Acton Books")).note == ""
