"""My activity: my needs, offers and responses with statuses, and each need's history."""

from __future__ import annotations

import pytest

from community.errors import NotFound
from community.posts.activity import my_activity, need_history, responses_for_need
from community.posts.claims import accept_response, mark_need_met, offer_help
from tests.builders.people import make_user
from tests.builders.posts import make_need, make_offer


def test_activity_lists_my_needs_offers_and_responses_only(session):
    me, other = make_user(session), make_user(session)
    mine = make_need(session, poster=me, title="Mine")
    theirs = make_need(session, poster=other, title="Theirs")
    offer = make_offer(session, helper=me)
    make_offer(session, helper=other)
    offer_help(session, need_id=mine.id, helper=other, message="Yes")
    response = offer_help(session, need_id=theirs.id, helper=me, message="Me")
    activity = my_activity(session, user=me)
    assert [n.id for n in activity.needs] == [mine.id]
    assert activity.waiting == {mine.id: 1}
    assert [o.id for o in activity.offers] == [offer.id]
    assert [r.id for r in activity.responses] == [response.id]
    assert my_activity(session, user=make_user(session)).empty


def test_the_history_tells_what_happened_in_order(session):
    poster, helper = make_user(session), make_user(session, name="Sam")
    need = make_need(session, poster=poster)
    accept_response(session, response_id=offer_help(session, need_id=need.id, helper=helper,
                                                    message="Yes").id, actor=poster)
    mark_need_met(session, need_id=need.id, actor=poster)
    texts = [e.text for e in need_history(session, need=need, viewer=poster)]
    assert texts[0] == "Posted" and texts[-1] == "Marked as met"
    assert {"Sam offered to help", "Sam was accepted", "Sam helped"} <= set(texts)


def test_a_helper_sees_only_their_own_response(session):
    poster, helper, other = make_user(session), make_user(session), make_user(session)
    need = make_need(session, poster=poster)
    mine = offer_help(session, need_id=need.id, helper=helper, message="Me")
    offer_help(session, need_id=need.id, helper=other, message="Also me")
    assert [r.id for r in responses_for_need(session, need=need, viewer=helper)] == [mine.id]
    assert len(responses_for_need(session, need=need, viewer=poster)) == 2
    hidden = make_need(session, poster=poster, visibility="connectors")
    with pytest.raises(NotFound):
        responses_for_need(session, need=hidden, viewer=helper)
