"""Matching: up to ten ranked offers and volunteers for a new need, each explained; needs for an offer."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from community.models import Notification, Response, group_areas, group_categories
from community.notifications import Target, target_of
from community.posts.claims import offer_help, withdraw_response
from community.posts.matching import availability_fit, match_and_notify_need, needs_for_offer, suggest_helpers
from tests.builders.groups import make_dbs_check, make_group, make_membership
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward, north_of
from tests.builders.posts import SALT, make_need, make_offer

HOME = (51.5130, -0.3089)


def test_offers_in_the_category_within_the_helpers_radius_are_suggested(session):
    poster = make_user(session)
    food, lifts = make_category(session, slug="food"), make_category(session, slug="lifts")
    near = make_offer(session, helper=make_user(session, name="Near"), category=food,
                      at=north_of(HOME, 500), radius_km=2)
    make_offer(session, helper=make_user(session, name="Out of reach"), category=food,
               at=north_of(HOME, 3000), radius_km=2)
    make_offer(session, helper=make_user(session, name="Other kind"), category=lifts, at=HOME)
    make_offer(session, helper=make_user(session, name="Paused"), category=food, at=HOME, status="paused")
    need = make_need(session, poster=poster, category=food)
    suggestions = suggest_helpers(session, need=need)
    assert [(s.name, s.kind, s.offer_id) for s in suggestions] == [("Near", "offer", near.id)]
    assert suggestions[0].explanation == "Offers food, under 1 km away, new helper"


def test_at_most_ten_are_suggested_closest_first_and_no_one_twice(session):
    food = make_category(session, slug="food")
    helpers = [make_user(session) for _ in range(12)]
    for n, helper in enumerate(helpers):
        make_offer(session, helper=helper, category=food, at=north_of(HOME, 100 + n * 100), radius_km=5)
    make_offer(session, helper=helpers[0], category=food, at=HOME, radius_km=5)
    need = make_need(session, poster=make_user(session), category=food)
    suggestions = suggest_helpers(session, need=need)
    assert len(suggestions) == 10
    assert len({s.user_id for s in suggestions}) == 10
    assert suggestions[0].user_id == helpers[0].id
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)


def test_reliable_helpers_rank_above_those_who_withdraw(session):
    food = make_category(session, slug="food")
    steady, flaky = make_user(session, name="Steady"), make_user(session, name="Flaky")
    for helper in (steady, flaky):
        make_offer(session, helper=helper, category=food, at=north_of(HOME, 400), radius_km=2)
    other = make_user(session)
    for _ in range(3):
        past = make_need(session, poster=other, category=food)
        session.add(Response(need_id=past.id, helper_id=steady.id, status="completed", message="Done"))
        gone = make_need(session, poster=other, category=food)
        withdraw_response(session, response_id=offer_help(session, need_id=gone.id, helper=flaky,
                                                          message="Maybe").id, actor=flaky)
    session.flush()
    need = make_need(session, poster=make_user(session), category=food)
    names = [s.name for s in suggest_helpers(session, need=need)]
    assert names == ["Steady", "Flaky"]
    assert "helped 3 times recently" in suggest_helpers(session, need=need)[0].reasons


def test_availability_that_fits_the_day_ranks_higher_and_is_explained(session):
    food = make_category(session, slug="food")
    saturday = date(2030, 3, 9)
    make_offer(session, helper=make_user(session, name="Weekdays"), category=food, at=HOME,
               availability="Weekday evenings")
    make_offer(session, helper=make_user(session, name="Weekends"), category=food, at=HOME,
               availability="Weekends")
    need = make_need(session, poster=make_user(session), category=food, needed_by=saturday)
    suggestions = suggest_helpers(session, need=need)
    assert suggestions[0].name == "Weekends" and "free at weekends" in suggestions[0].reasons
    assert availability_fit("Saturdays", saturday) == (1.0, "free on Saturdays")
    assert availability_fit("Any time", None) == (1.0, "free any time")


def test_volunteers_of_groups_serving_the_ward_and_category_are_suggested(session):
    food, lifts = make_category(session, slug="food"), make_category(session, slug="lifts")
    ward = make_ward(session, centre=HOME)
    group = make_group(session)
    session.execute(group_areas.insert().values(group_id=group.id, area_id=ward.id))
    session.execute(group_categories.insert().values(group_id=group.id, category_id=food.id))
    volunteer = make_user(session, name="Volunteer", home=north_of(HOME, 800))
    far = make_user(session, name="Far volunteer", home=north_of(HOME, 6000))
    for person in (volunteer, far):
        make_membership(session, user=person, group=group)
    make_membership(session, user=make_user(session, name="Pending"), group=group, status="pending")
    need = make_need(session, poster=make_user(session), category=food, area_id=ward.id)
    suggestions = suggest_helpers(session, need=need)
    assert [(s.name, s.kind, s.group_id) for s in suggestions] == [("Volunteer", "volunteer", group.id)]
    assert suggestions[0].reasons[:2] == ("volunteers for food", "lives nearby")
    with_salt = suggest_helpers(session, need=need, salt=SALT)
    assert with_salt[0].reasons[1] in ("under 1 km away", "1 to 2 km away")
    lift = make_need(session, poster=make_user(session), category=lifts, area_id=ward.id)
    assert suggest_helpers(session, need=lift) == []


def test_regulated_help_is_suggested_only_to_helpers_with_a_dbs_check(session):
    care = make_category(session, slug="personal-care", regulated=True)
    checked, unchecked = make_user(session, name="Checked"), make_user(session, name="Unchecked")
    make_dbs_check(session, user=checked)
    for helper in (checked, unchecked):
        make_offer(session, helper=helper, category=care, at=HOME)
    need = make_need(session, poster=make_user(session), category=care)
    assert [s.name for s in suggest_helpers(session, need=need)] == ["Checked"]


def test_groups_only_needs_go_to_group_members_and_connectors_only_needs_to_nobody(session):
    food = make_category(session, slug="food")
    member, outsider = make_user(session, name="Member"), make_user(session, name="Outsider")
    make_membership(session, user=member, group=make_group(session))
    for helper in (member, outsider):
        make_offer(session, helper=helper, category=food, at=HOME)
    poster = make_user(session)
    groups_only = make_need(session, poster=poster, category=food, visibility="groups")
    assert [s.name for s in suggest_helpers(session, need=groups_only)] == ["Member"]
    hidden = make_need(session, poster=poster, category=food, visibility="connectors")
    assert suggest_helpers(session, need=hidden) == []


def test_the_poster_is_never_suggested_to_themselves(session):
    food = make_category(session, slug="food")
    poster = make_user(session)
    make_offer(session, helper=poster, category=food, at=HOME)
    assert suggest_helpers(session, need=make_need(session, poster=poster, category=food)) == []


def test_suggested_helpers_are_notified_with_the_reason(session):
    food = make_category(session, slug="food")
    helper = make_user(session)
    make_offer(session, helper=helper, category=food, at=HOME)
    need = make_need(session, poster=make_user(session), category=food, title="Bread and milk")
    match_and_notify_need(session, need=need)
    notice = session.scalar(select(Notification).where(Notification.user_id == helper.id))
    assert notice.kind == "need_match" and target_of(notice) == Target("need", need.id)
    assert "Bread and milk" in notice.message and "Why you: offers food" in notice.message


def test_an_offer_lists_open_needs_it_could_meet_most_urgent_first(session):
    food = make_category(session, slug="food")
    helper, poster = make_user(session), make_user(session)
    offer = make_offer(session, helper=helper, category=food, at=HOME, radius_km=2)
    later = make_need(session, poster=poster, category=food, urgency="no_rush", title="Later")
    today = make_need(session, poster=poster, category=food, urgency="today", title="Today",
                      at=north_of(HOME, 1000))
    make_need(session, poster=poster, category=food, title="Too far", at=north_of(HOME, 5000))
    make_need(session, poster=poster, category=food, title="Taken", status="in_progress")
    make_need(session, poster=helper, category=food, title="My own")
    assert needs_for_offer(session, offer=offer, viewer=helper) == [today, later]


def test_batching_gives_the_same_ranking_as_scoring_everyone(session):
    food = make_category(session, slug="food")
    helpers = [make_user(session) for _ in range(40)]
    other = make_user(session)
    for n, helper in enumerate(helpers):
        make_offer(session, helper=helper, category=food, at=north_of(HOME, 50 + n * 40), radius_km=3)
        if n % 3 == 0:  # the far ones are the reliable ones: reliability must be able to lift them
            for _ in range(n // 3):
                past = make_need(session, poster=other, category=food)
                session.add(Response(need_id=past.id, helper_id=helper.id, status="completed",
                                     message="Done"))
    session.flush()
    need = make_need(session, poster=make_user(session), category=food)
    everyone = suggest_helpers(session, need=need, limit=len(helpers))
    assert suggest_helpers(session, need=need) == everyone[:10]


def test_the_database_leaves_out_only_the_corners_of_the_box_that_python_would_too(session):
    """helper_candidates narrows to the circle in SQL (a metre generously) as well as the box: someone just
    inside the radius diagonally is still suggested, someone in the box's corner is not fetched at all."""
    from community.posts.matching_queries import helper_candidates, offer_candidates, volunteer_candidates
    from tests.builders.places import offset

    food = make_category(session, slug="food")
    ward = make_ward(session, centre=HOME)
    group = make_group(session)
    session.execute(group_areas.insert().values(group_id=group.id, area_id=ward.id))
    session.execute(group_categories.insert().values(group_id=group.id, category_id=food.id))
    inside = make_user(session, name="Just inside", home=offset(HOME, north_m=2100, east_m=2100))  # 2,970 m
    corner = make_user(session, name="In the corner", home=offset(HOME, north_m=2300, east_m=2300))  # 3,253 m
    for person in (inside, corner):
        make_membership(session, user=person, group=group)
    near = make_offer(session, helper=make_user(session, name="Offer inside"), category=food,
                      at=offset(HOME, north_m=-1400, east_m=1400), radius_km=2)  # 1,980 m
    make_offer(session, helper=make_user(session, name="Offer in the corner"), category=food,
               at=offset(HOME, north_m=-1500, east_m=-1500), radius_km=2)  # 2,121 m
    need = make_need(session, poster=make_user(session), category=food, area_id=ward.id)

    offers, volunteers = helper_candidates(session, need, set())

    assert [row[0] for row in offers] == [near.id]
    assert [row[0] for row in offer_candidates(session, need, set())] == [near.id]
    assert [row[0] for row in volunteers] == [inside.id]
    assert [tuple(row) for row in volunteer_candidates(session, need, set())] == volunteers
    assert {s.name for s in suggest_helpers(session, need=need)} == {"Just inside", "Offer inside"}
