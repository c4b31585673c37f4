"""The visibility rule in SQL (``visible_needs_clause``) and in Python (``can_view_need``) agree."""

from __future__ import annotations

from sqlalchemy import and_, false, select

from community.models import Need, Offer
from community.posts import visibility
from community.posts.visibility import (
    can_view_need,
    can_view_offer,
    listed_needs_clause,
    viewers_of_need,
    visible_needs_clause,
    visible_offers_clause,
)
from tests.builders.people import make_user
from tests.builders.places import WARD_CENTRE
from tests.builders.posts import make_offer
from tests.builders.visibility import VIEWER_KINDS, build_world, listed


def by_sql(session, clause) -> set[int]:
    return set(session.scalars(select(Need.id).where(clause)))


def by_python(session, world, viewer) -> set[int]:
    return {need.id for need in world.needs.values() if can_view_need(session, viewer, need)}


def test_the_clause_and_the_check_agree_for_every_viewer_and_need(session):
    world = build_world(session, at=WARD_CENTRE)
    for kind in VIEWER_KINDS:
        viewer = world.viewers[kind]
        assert by_sql(session, visible_needs_clause(viewer)) == by_python(session, world, viewer), kind
    assert by_sql(session, visible_needs_clause(None)) == set()
    assert not any(can_view_need(session, None, need) for need in world.needs.values())


def test_the_list_clause_is_the_rule_less_what_lists_leave_out(session):
    world = build_world(session, at=WARD_CENTRE)
    for kind in VIEWER_KINDS:
        viewer = world.viewers[kind]
        expected = {need.id for need in world.needs.values()
                    if listed(kind, need, can_view_need(session, viewer, need))}
        assert by_sql(session, listed_needs_clause(viewer)) == expected, kind


def test_many_viewers_at_once_agree_with_one_at_a_time(session):
    world = build_world(session, at=WARD_CENTRE)
    everyone = list(world.viewers.values())
    for need in world.needs.values():
        expected = {viewer.id for viewer in everyone if can_view_need(session, viewer, need)}
        assert viewers_of_need(session, need, [viewer.id for viewer in everyone]) == expected, need.title


def test_the_edge_case_the_old_lists_disagreed_on(session):
    # Members of the group holding an open "connectors only" need see it: on its page and in lists.
    world = build_world(session, at=WARD_CENTRE)
    need = world.needs["connectors open shown held"]
    for kind, sees in (("holder_member", True), ("holder_coordinator", True), ("group_member", False),
                       ("stranger", False)):
        viewer = world.viewers[kind]
        assert can_view_need(session, viewer, need) is sees, kind
        assert (need.id in by_sql(session, listed_needs_clause(viewer))) is sees, kind


def test_the_comparison_catches_a_clause_that_drifts_from_the_rule(session, monkeypatch):
    # Positive control: the near-me list's old rule (visibility only, no holding group) is caught.
    world = build_world(session, at=WARD_CENTRE)
    viewer = world.viewers["holder_member"]
    right = visibility.visible_needs_clause(viewer)
    drifted = and_(right, Need.group_id.is_(None) | (Need.visibility != "connectors"))
    assert by_sql(session, drifted) != by_python(session, world, viewer)
    monkeypatch.setattr(visibility, "visible_needs_clause", lambda _viewer: false())
    assert by_sql(session, listed_needs_clause(viewer)) == set()


def test_the_offer_clause_and_check_agree(session):
    helper, stranger = make_user(session), make_user(session)
    connector = make_user(session, role="connector")
    offers = [make_offer(session, helper=helper, status=status, hidden=hidden)
              for status in ("active", "paused", "closed", "expired") for hidden in (False, True)]
    for viewer in (helper, stranger, connector, None):
        in_sql = set(session.scalars(select(Offer.id).where(visible_offers_clause(viewer))))
        assert in_sql == {o.id for o in offers if can_view_offer(viewer, o)}, viewer
