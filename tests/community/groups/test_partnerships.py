"""Partnerships between groups: propose, accept, decline, end; shown on both groups' pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.groups.partnerships import (
    accept_partnership,
    decline_partnership,
    end_partnership,
    partner_candidates,
    partnerships_of,
    propose_partnership,
)
from community.models import Notification, Partnership
from community.notifications import Target, target_of
from tests.builders.groups import make_membership, make_serving_group
from tests.builders.people import make_user


@pytest.fixture()
def pair(session):
    """Two groups with a coordinator each; the second was created first so it has the lower id."""
    lower_coordinator, higher_coordinator = make_user(session), make_user(session)
    lower = make_serving_group(session, coordinator=lower_coordinator, name="Acton Faith Kitchen")
    higher = make_serving_group(session, coordinator=higher_coordinator, name="Brentham Mutual Aid")
    return higher, higher_coordinator, lower, lower_coordinator


def propose(session, from_group, to_group, actor, kind="referral"):
    return propose_partnership(session, from_group_id=from_group.id, to_group_id=to_group.id, kind=kind,
                               note="We could refer lifts to you", actor=actor)


def test_a_proposal_is_stored_lower_id_first_and_the_other_group_is_told(session, pair):
    proposer, proposer_coordinator, other, other_coordinator = pair

    partnership = propose(session, proposer, other, proposer_coordinator)

    assert (partnership.group_a_id, partnership.group_b_id) == (other.id, proposer.id)
    assert partnership.proposed_by_group_id == proposer.id and partnership.status == "proposed"
    notice = session.scalar(select(Notification).where(Notification.user_id == other_coordinator.id))
    assert notice.message == "Brentham Mutual Aid proposed a partnership with Acton Faith Kitchen."
    assert target_of(notice) == Target("group", other.id, "partners")


def test_accepting_makes_it_active_on_both_groups_pages(session, pair):
    proposer, proposer_coordinator, other, other_coordinator = pair
    partnership = propose(session, proposer, other, proposer_coordinator)

    accept_partnership(session, partnership_id=partnership.id, group_id=other.id, actor=other_coordinator)

    assert partnership.status == "active" and partnership.accepted_at is not None
    assert [row.partner.id for row in partnerships_of(session, proposer.id)] == [other.id]
    assert [row.partner.id for row in partnerships_of(session, other.id)] == [proposer.id]
    assert session.scalar(
        select(Notification).where(Notification.user_id == proposer_coordinator.id)
    ).kind == "partnership_accepted"


def test_the_proposer_cannot_accept_their_own_proposal(session, pair):
    proposer, proposer_coordinator, other, _ = pair
    partnership = propose(session, proposer, other, proposer_coordinator)

    with pytest.raises(PermissionDenied):
        accept_partnership(session, partnership_id=partnership.id, group_id=proposer.id,
                           actor=proposer_coordinator)


def test_a_declined_proposal_is_not_a_partnership(session, pair):
    proposer, proposer_coordinator, other, other_coordinator = pair
    partnership = propose(session, proposer, other, proposer_coordinator)

    decline_partnership(session, partnership_id=partnership.id, group_id=other.id, actor=other_coordinator)

    assert partnership.status == "declined"
    assert partnerships_of(session, proposer.id) == []
    with pytest.raises(Conflict):
        accept_partnership(session, partnership_id=partnership.id, group_id=other.id, actor=other_coordinator)


def test_either_group_can_end_an_active_partnership_and_a_new_one_can_follow(session, pair):
    proposer, proposer_coordinator, other, other_coordinator = pair
    partnership = propose(session, proposer, other, proposer_coordinator)
    accept_partnership(session, partnership_id=partnership.id, group_id=other.id, actor=other_coordinator)

    end_partnership(session, partnership_id=partnership.id, group_id=other.id, actor=other_coordinator)
    again = propose(session, other, proposer, other_coordinator, kind="co_delivery")

    assert partnership.status == "ended" and partnership.ended_at is not None
    assert again.id != partnership.id and again.status == "proposed"
    assert session.scalar(select(Partnership.id).where(Partnership.id == partnership.id)) is not None


def test_one_live_partnership_per_pair(session, pair):
    proposer, proposer_coordinator, other, other_coordinator = pair
    propose(session, proposer, other, proposer_coordinator)

    with pytest.raises(Conflict):
        propose(session, other, proposer, other_coordinator)


@pytest.mark.parametrize(
    ("to_self", "kind", "field"),
    [(True, "referral", "to_group_id"), (False, "friendship", "kind")],
)
def test_proposals_are_checked(session, pair, to_self, kind, field):
    proposer, proposer_coordinator, other, _ = pair

    with pytest.raises(ValidationFailed) as error:
        propose(session, proposer, proposer if to_self else other, proposer_coordinator, kind=kind)

    assert field in error.value.errors


def test_only_a_coordinator_proposes_or_answers(session, pair):
    proposer, proposer_coordinator, other, _ = pair
    volunteer = make_user(session)
    make_membership(session, user=volunteer, group=other)

    with pytest.raises(PermissionDenied):
        propose(session, other, proposer, volunteer)
    partnership = propose(session, proposer, other, proposer_coordinator)
    with pytest.raises(PermissionDenied):
        accept_partnership(session, partnership_id=partnership.id, group_id=other.id, actor=volunteer)


def test_a_third_group_cannot_touch_someone_elses_partnership(session, pair):
    proposer, proposer_coordinator, other, _ = pair
    third_coordinator = make_user(session)
    third = make_serving_group(session, coordinator=third_coordinator)
    partnership = propose(session, proposer, other, proposer_coordinator)

    with pytest.raises(NotFound):
        end_partnership(session, partnership_id=partnership.id, group_id=third.id, actor=third_coordinator)


def test_the_proposer_can_withdraw_an_unanswered_proposal_but_not_the_other_side(session, pair):
    proposer, proposer_coordinator, other, other_coordinator = pair
    partnership = propose(session, proposer, other, proposer_coordinator)

    with pytest.raises(Conflict):
        end_partnership(session, partnership_id=partnership.id, group_id=other.id, actor=other_coordinator)
    end_partnership(session, partnership_id=partnership.id, group_id=proposer.id, actor=proposer_coordinator)

    assert partnership.status == "ended"


def test_partner_candidates_are_found_by_search_never_listed_whole(session, pair):
    proposer, proposer_coordinator, other, _other_coordinator = pair
    for n in range(12):
        make_serving_group(session, name=f"Pantry {n:02d}")
    closed = make_serving_group(session, name="Pantry (closed)")
    closed.closed_at = closed.created_at

    assert partner_candidates(session, group_id=proposer.id, text="").total == 0
    assert partner_candidates(session, group_id=proposer.id, text="   ").total == 0
    first = partner_candidates(session, group_id=proposer.id, text="pantry")
    assert (first.total, len(first.items), first.pages) == (12, 10, 2)
    assert [g.name for g in first.items][:2] == ["Pantry 00", "Pantry 01"]
    # Itself and a group with a live partnership are not candidates.
    assert partner_candidates(session, group_id=proposer.id, text="Brentham").total == 0
    assert [g.name for g in partner_candidates(session, group_id=proposer.id, text="faith").items] == [
        "Acton Faith Kitchen"]
    propose(session, proposer, other, proposer_coordinator)
    assert partner_candidates(session, group_id=proposer.id, text="faith").total == 0
