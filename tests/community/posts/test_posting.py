"""Posting needs and offers: validation, sensitive consent, on-behalf posting, editing, offers' states."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from community.db import utcnow
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.places.privacy import metres_between
from community.posts.needs import (
    SENSITIVE_CONSENT_VERSION,
    NeedDetails,
    OnBehalf,
    edit_need,
    post_need,
    renew_need,
)
from community.posts.offers import (
    OfferDetails,
    close_offer,
    edit_offer,
    pause_offer,
    post_offer,
    renew_offer,
    resume_offer,
)
from community.posts.posting import LocationChoice
from tests.builders.groups import make_group
from tests.builders.people import make_user
from tests.builders.places import make_category, make_postcode, make_ward
from tests.builders.posts import SALT

CENTRE = (51.5130, -0.3089)


def details(category, **changes) -> NeedDetails:
    values = dict(category_id=category.id, title="Shopping on Friday", body="A few bags from the shop",
                  urgency="this_week")
    values.update(changes)
    return NeedDetails(**values)


def offer_details(category, **changes) -> OfferDetails:
    values = dict(category_id=category.id, title="Lifts to the shops", body="I have a car", radius_km=2.0,
                  availability="Weekends")
    values.update(changes)
    return OfferDetails(**values)


def test_a_need_is_posted_at_home_with_a_blurred_public_position_and_four_weeks_to_live(session):
    resident, category = make_user(session, home=CENTRE), make_category(session)
    need = post_need(session, poster=resident, details=details(category), salt=SALT)
    assert (need.requester_id, need.posted_by_id, need.status, need.visibility) == (
        resident.id, resident.id, "open", "public")
    assert (need.lat, need.lng) == CENTRE
    assert metres_between(need.lat, need.lng, need.public_lat, need.public_lng) >= 200
    assert need.expires_at - need.created_at == timedelta(weeks=4)
    assert need.sensitive_consent_at is None


def test_a_need_can_be_placed_somewhere_other_than_home(session):
    ward = make_ward(session, centre=(51.52, -0.30))
    make_postcode(session, postcode="W52AA", at=(51.521, -0.301))
    resident, category = make_user(session, home=CENTRE), make_category(session)
    need = post_need(session, poster=resident, salt=SALT, details=details(
        category, location=LocationChoice(use_home=False, area_id=ward.id, postcode="W5 2AA")))
    assert (need.lat, need.lng, need.area_id) == (51.521, -0.301, ward.id)


def test_posting_at_home_without_a_home_asks_for_one(session):
    resident, category = make_user(session, home=None), make_category(session)
    with pytest.raises(ValidationFailed) as error:
        post_need(session, poster=resident, details=details(category), salt=SALT)
    assert "location" in error.value.errors


def test_every_problem_with_a_need_is_reported_at_once(session):
    resident = make_user(session)
    with pytest.raises(ValidationFailed) as error:
        post_need(session, poster=resident, salt=SALT, details=NeedDetails(
            category_id=None, title="", body="x" * 5001, urgency="soonish", needed_by=date(2000, 1, 1),
            visibility="everyone"))
    assert set(error.value.errors) == {"category_id", "title", "body", "urgency", "needed_by", "visibility"}


def test_a_sensitive_need_requires_consent_and_records_its_wording_and_time(session):
    resident = make_user(session)
    health = make_category(session, slug="health-support", sensitive=True)
    with pytest.raises(ValidationFailed) as error:
        post_need(session, poster=resident, details=details(health), salt=SALT)
    assert error.value.errors == {
        "sensitive_consent": "Tick the box to agree to share health-related information"}
    need = post_need(session, poster=resident, details=details(health, sensitive_consent=True), salt=SALT)
    assert need.sensitive_consent_version == SENSITIVE_CONSENT_VERSION
    assert need.sensitive_consent_at is not None
    assert need.visibility == "groups"


def test_a_sensitive_need_can_still_be_made_public_on_purpose(session):
    resident = make_user(session)
    health = make_category(session, slug="health-support", sensitive=True)
    need = post_need(session, poster=resident, salt=SALT,
                     details=details(health, sensitive_consent=True, visibility="public"))
    assert need.visibility == "public"


def test_a_connector_posts_on_behalf_of_someone_offline(session):
    connector, category = make_user(session, role="connector"), make_category(session)
    ward = make_ward(session, centre=CENTRE)
    need = post_need(
        session, poster=connector, salt=SALT,
        details=details(category, location=LocationChoice(use_home=False, area_id=ward.id)),
        on_behalf=OnBehalf(name="Maureen", contact="Ring the council hub and ask for Sam",
                           consent_statement="Agreed by phone on 3 March 2025"))
    assert need.requester_id is None and need.posted_by_id == connector.id
    assert (need.on_behalf_name, need.consent_statement) == ("Maureen", "Agreed by phone on 3 March 2025")


def test_a_coordinator_posts_on_behalf_for_their_group(session):
    coordinator = make_user(session)
    group = make_group(session, coordinator=coordinator)
    ward = make_ward(session, centre=CENTRE)
    need = post_need(session, poster=coordinator, salt=SALT,
                     details=details(make_category(session),
                                     location=LocationChoice(use_home=False, area_id=ward.id)),
                     on_behalf=OnBehalf(name="Ali", contact="Via the group phone",
                                        consent_statement="Agreed"))
    assert need.on_behalf_group_id == group.id


@pytest.mark.parametrize("location", [None, LocationChoice(use_home=True)], ids=["unsaid", "home"])
def test_a_need_for_someone_else_is_never_placed_at_the_posters_home(session, location):
    coordinator = make_user(session)  # make_user gives them a home
    make_group(session, coordinator=coordinator)
    assert coordinator.has_home
    with pytest.raises(ValidationFailed) as error:
        post_need(session, poster=coordinator, salt=SALT,
                  details=details(make_category(session), location=location),
                  on_behalf=OnBehalf(name="Ali", contact="Via the group phone", consent_statement="Agreed"))
    assert error.value.errors == {"location": "Choose the ward where they need help"}


def test_a_need_for_someone_else_cannot_be_moved_to_the_posters_home(session):
    connector, category = make_user(session, role="connector"), make_category(session)
    ward = make_ward(session, centre=CENTRE)
    need = post_need(
        session, poster=connector, salt=SALT,
        details=details(category, location=LocationChoice(use_home=False, area_id=ward.id)),
        on_behalf=OnBehalf(name="Maureen", contact="Ring the hub", consent_statement="Agreed by phone"))
    with pytest.raises(ValidationFailed) as error:
        edit_need(session, need_id=need.id, actor=connector, salt=SALT,
                  details=details(category, location=LocationChoice(use_home=True)))
    assert error.value.errors == {"location": "Choose the ward where they need help"}
    # Keeping its place (no location given) is fine.
    edit_need(session, need_id=need.id, actor=connector, salt=SALT, details=details(category, title="Shops"))
    assert need.title == "Shops"


def test_a_connector_cannot_post_in_the_name_of_a_group_they_do_not_coordinate(session):
    connector = make_user(session, role="connector")
    group = make_group(session)
    with pytest.raises(ValidationFailed) as error:
        post_need(session, poster=connector, details=details(make_category(session)), salt=SALT,
                  on_behalf=OnBehalf(name="Ali", contact="Me", consent_statement="Agreed", group_id=group.id))
    assert error.value.errors == {"on_behalf_group_id": "Select a group you coordinate, or none"}


def test_a_resident_cannot_post_on_behalf_of_someone(session):
    resident = make_user(session)
    with pytest.raises(PermissionDenied):
        post_need(session, poster=resident, details=details(make_category(session)), salt=SALT,
                  on_behalf=OnBehalf(name="Ali", contact="Me", consent_statement="Agreed"))


def test_on_behalf_posting_needs_name_contact_and_consent(session):
    connector = make_user(session, role="connector")
    with pytest.raises(ValidationFailed) as error:
        post_need(session, poster=connector, details=details(make_category(session)), salt=SALT,
                  on_behalf=OnBehalf(name=" ", contact="", consent_statement=""))
    assert set(error.value.errors) == {"on_behalf_name", "on_behalf_contact", "consent_statement"}


def test_only_the_poster_edits_an_open_need(session):
    resident, other = make_user(session), make_user(session)
    category = make_category(session)
    need = post_need(session, poster=resident, details=details(category), salt=SALT)
    edit_need(session, need_id=need.id, actor=resident, salt=SALT,
              details=details(category, title="Shopping on Saturday", urgency="today"))
    assert (need.title, need.urgency, (need.lat, need.lng)) == ("Shopping on Saturday", "today", CENTRE)
    with pytest.raises(NotFound):
        edit_need(session, need_id=need.id, actor=other, details=details(category), salt=SALT)
    need.status = "met"
    with pytest.raises(Conflict):
        edit_need(session, need_id=need.id, actor=resident, details=details(category), salt=SALT)


def test_renewing_a_need_gives_it_four_more_weeks_and_a_new_reminder(session):
    resident = make_user(session)
    need = post_need(session, poster=resident, details=details(make_category(session)), salt=SALT)
    need.status, need.reminded_at = "expired", utcnow()
    later = utcnow() + timedelta(days=40)
    renew_need(session, need_id=need.id, actor=resident, now=later)
    assert (need.status, need.reminded_at, need.expires_at) == ("open", None, later + timedelta(weeks=4))


def test_an_offer_lasts_eight_weeks_by_default_or_until_the_date_given(session):
    helper, category = make_user(session), make_category(session)
    offer = post_offer(session, helper=helper, details=offer_details(category), salt=SALT)
    assert offer.expires_at - offer.created_at == timedelta(weeks=8)
    assert metres_between(offer.lat, offer.lng, offer.public_lat, offer.public_lng) >= 200
    ends = date.today() + timedelta(days=10)
    dated = post_offer(session, helper=helper, details=offer_details(category, expires_on=ends), salt=SALT)
    assert dated.expires_at.date() == ends


@pytest.mark.parametrize(("radius", "field"), [(None, "radius_km"), (0, "radius_km"), (21, "radius_km")])
def test_an_offer_needs_a_sensible_radius(session, radius, field):
    helper = make_user(session)
    with pytest.raises(ValidationFailed) as error:
        post_offer(session, helper=helper, salt=SALT, details=offer_details(make_category(session),
                                                                             radius_km=radius))
    assert field in error.value.errors


def test_an_offer_for_a_group_needs_membership(session):
    helper = make_user(session)
    group = make_group(session)
    with pytest.raises(ValidationFailed) as error:
        post_offer(session, helper=helper, salt=SALT,
                   details=offer_details(make_category(session), group_id=group.id))
    assert error.value.errors == {"group_id": "Select a group you are an active member of"}


def test_an_offer_is_paused_resumed_closed_and_not_changed_by_others(session):
    helper, other = make_user(session), make_user(session)
    offer = post_offer(session, helper=helper, details=offer_details(make_category(session)), salt=SALT)
    assert pause_offer(session, offer_id=offer.id, actor=helper).status == "paused"
    with pytest.raises(Conflict):
        pause_offer(session, offer_id=offer.id, actor=helper)
    assert resume_offer(session, offer_id=offer.id, actor=helper).status == "active"
    with pytest.raises(NotFound):
        close_offer(session, offer_id=offer.id, actor=other)
    assert close_offer(session, offer_id=offer.id, actor=helper).closed_at is not None
    with pytest.raises(Conflict):
        renew_offer(session, offer_id=offer.id, actor=helper)


def test_an_offer_is_edited_by_its_helper(session):
    helper = make_user(session)
    category = make_category(session)
    offer = post_offer(session, helper=helper, details=offer_details(category), salt=SALT)
    edit_offer(session, offer_id=offer.id, actor=helper, salt=SALT,
               details=offer_details(category, title="Lifts anywhere", radius_km=5))
    assert (offer.title, offer.radius_km) == ("Lifts anywhere", 5.0)
