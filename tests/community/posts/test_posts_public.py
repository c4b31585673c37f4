"""The one place posts become data for a viewer: public position unless allowed, contact only if allowed."""

from __future__ import annotations

import pytest

from community.errors import NotFound
from community.places.privacy import distance_band, metres_between
from community.posts.claims import accept_response, offer_help
from community.posts.public import present_need, present_needs, present_offer
from tests.builders.groups import make_group, make_membership
from tests.builders.people import make_user
from tests.builders.posts import SALT, make_need, make_offer


def test_a_stranger_gets_the_public_position_and_no_contact_details(session):
    poster, stranger = make_user(session), make_user(session)
    need = make_need(session, poster=poster)
    data = present_need(session, need, stranger, salt=SALT)
    assert (data["lat"], data["lng"]) == (need.public_lat, need.public_lng)
    assert data["location_is_exact"] is False
    assert metres_between(need.lat, need.lng, data["lat"], data["lng"]) >= 200
    assert data["contact"] is None
    assert data["posted_by"] is None


def test_the_poster_sees_the_exact_point(session):
    poster = make_user(session)
    need = make_need(session, poster=poster)
    data = present_need(session, need, poster, salt=SALT)
    assert (data["lat"], data["lng"]) == (need.lat, need.lng)
    assert data["is_owner"] and data["can_manage"]


def test_the_accepted_helper_and_poster_see_each_others_contact_details(session):
    poster, helper, other = make_user(session, name="Poster"), make_user(session, name="Helper"), \
        make_user(session, name="Other")
    need = make_need(session, poster=poster)
    response = offer_help(session, need_id=need.id, helper=helper, message="I can")
    offer_help(session, need_id=need.id, helper=other, message="Me too")
    accept_response(session, response_id=response.id, actor=poster)

    for_helper = present_need(session, need, helper, salt=SALT)
    assert for_helper["location_is_exact"]
    assert for_helper["contact"]["people"][0]["name"] == "Poster"
    for_poster = present_need(session, need, poster, salt=SALT)
    assert for_poster["contact"]["people"][0]["name"] == "Helper"
    for_other = present_need(session, need, other, salt=SALT)
    assert for_other["contact"] is None and not for_other["location_is_exact"]


def test_a_connector_sees_the_exact_point_but_not_contact_details(session):
    poster, connector = make_user(session), make_user(session, role="connector")
    need = make_need(session, poster=poster)
    data = present_need(session, need, connector, salt=SALT)
    assert data["location_is_exact"] and data["contact"] is None


@pytest.mark.parametrize("visibility", ["groups", "connectors"])
def test_a_need_the_viewer_may_not_see_is_not_found(session, visibility):
    poster, stranger = make_user(session), make_user(session)
    need = make_need(session, poster=poster, visibility=visibility)
    with pytest.raises(NotFound):
        present_need(session, need, stranger, salt=SALT)
    assert present_needs(session, [need], stranger, salt=SALT) == []


def test_groups_only_needs_are_seen_by_group_members(session):
    poster, member = make_user(session), make_user(session)
    make_membership(session, user=member, group=make_group(session))
    need = make_need(session, poster=poster, visibility="groups")
    assert present_needs(session, [need], member, salt=SALT)[0]["id"] == need.id


def test_hidden_needs_are_not_found_for_strangers(session):
    poster, stranger = make_user(session), make_user(session)
    need = make_need(session, poster=poster, hidden=True)
    with pytest.raises(NotFound):
        present_need(session, need, stranger, salt=SALT)


def test_a_public_position_equal_to_the_exact_point_is_never_handed_out(session):
    poster, stranger = make_user(session), make_user(session)
    need = make_need(session, poster=poster)
    need.public_lat, need.public_lng = need.lat, need.lng
    data = present_need(session, need, stranger, salt=SALT)
    assert metres_between(need.lat, need.lng, data["lat"], data["lng"]) >= 200


def test_present_needs_agrees_with_present_need(session):
    poster, helper = make_user(session), make_user(session)
    needs = [make_need(session, poster=poster, title=f"Need {i}") for i in range(3)]
    accept_response(session, response_id=offer_help(session, need_id=needs[1].id, helper=helper,
                                                     message="Yes").id, actor=poster)
    batch = present_needs(session, needs, helper, salt=SALT, origin=(51.5, -0.3))
    single = [present_need(session, n, helper, salt=SALT, origin=(51.5, -0.3)) for n in needs]
    assert batch == single


def test_offers_show_the_public_position_to_others(session):
    helper, stranger = make_user(session), make_user(session)
    offer = make_offer(session, helper=helper)
    data = present_offer(session, offer, stranger, salt=SALT, origin=(offer.lat, offer.lng))
    assert (data["lat"], data["lng"]) == (offer.public_lat, offer.public_lng)
    assert data["distance_band"] == "under 1 km"
    assert present_offer(session, offer, helper, salt=SALT)["location_is_exact"]


def test_paused_offers_are_seen_only_by_their_helper(session):
    helper, stranger = make_user(session), make_user(session)
    offer = make_offer(session, helper=helper, status="paused")
    with pytest.raises(NotFound):
        present_offer(session, offer, stranger, salt=SALT)
    assert present_offer(session, offer, helper, salt=SALT)["status_label"] == "Paused"


@pytest.mark.parametrize(
    ("metres", "band"),
    [(0, "under 1 km"), (999, "under 1 km"), (1000, "1 to 2 km"), (2500, "2 to 5 km"), (5000, "over 5 km")],
)
def test_distances_are_given_in_bands(metres, band):
    assert distance_band(metres) == band


def test_batch_access_agrees_with_the_single_rules_for_every_kind_of_viewer_and_need(session):
    from community.posts.visibility import (
        can_manage_need,
        can_see_contact_details,
        can_see_exact_location,
        can_view_need,
        need_access,
    )

    poster, helper = make_user(session), make_user(session)
    member, coordinator = make_user(session), make_user(session)
    group = make_group(session, coordinator=coordinator)
    make_membership(session, user=member, group=group)
    needs = [make_need(session, poster=poster, visibility=v) for v in ("public", "groups", "connectors")]
    needs.append(make_need(session, poster=poster, hidden=True))
    needs.append(make_need(session, poster=poster, visibility="connectors", group_id=group.id))
    for need in (needs[0], needs[3]):
        need.hidden = False
        accept_response(session, actor=poster,
                        response_id=offer_help(session, need_id=need.id, helper=helper, message="Yes").id)
    needs[3].hidden = True
    viewers = [poster, helper, member, coordinator, make_user(session),
               make_user(session, role="connector")]
    for viewer in viewers:
        batch = need_access(session, viewer, needs)
        for need in needs:
            single = (can_view_need(session, viewer, need), can_see_exact_location(session, viewer, need),
                      can_see_contact_details(session, viewer, need), can_manage_need(session, viewer, need))
            got = batch[need.id]
            assert (got.view, got.exact_location, got.contact_details, got.manage) == single, (viewer, need)
