"""Alerts and digests: each kind of alert finds what it should, and only what its reader may see."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from community.alerts import (
    create_subscription,
    digests_for,
    send_alerts,
    set_digest,
    unsubscribe,
    unsubscribe_key,
)
from community.db import utcnow
from community.errors import Conflict, ValidationFailed
from community.models import AlertSubscription, OutboxEmail
from community.posts.visibility import can_view_need
from tests.builders.groups import make_membership, make_serving_group
from tests.builders.people import make_user
from tests.builders.places import WARD_CENTRE, make_category, make_ward, north_of
from tests.builders.posts import make_need, make_offer
from tests.builders.visibility import VIEWER_KINDS, build_world, listed


class Recorder:
    """A writer that keeps what each email was to say."""

    def __init__(self) -> None:
        self.emails = []

    def __call__(self, email):
        self.emails.append(email)
        return "Subject", "Body"

    def titles(self, user) -> set[str]:
        mine = [e for e in self.emails if e.user.id == user.id]
        return {item.title for e in mine for item in e.items} | {
            item.title for e in mine for _name, items in e.groups for item in items}


def _earlier(subscription: AlertSubscription) -> AlertSubscription:
    subscription.created_at = utcnow() - timedelta(hours=1)
    return subscription


def _subscribe(session, user, *, place, ward=None, group=None, post_kind="needs", frequency="daily",
               categories=()):
    return _earlier(create_subscription(
        session, user=user, post_kind=post_kind, place=place, frequency=frequency,
        radius_km=1.0 if place == "near_home" else None, area_ids=[ward.id] if ward else [],
        group_id=group.id if group else None, category_ids=[c.id for c in categories]))


@pytest.mark.parametrize("place", ["near_home", "wards", "group_area"])
def test_every_kind_of_alert_tells_each_reader_only_the_needs_they_may_see(session, place):
    ward = make_ward(session)
    world = build_world(session, at=north_of(WARD_CENTRE, 100))
    for need in world.needs.values():
        need.area_id = ward.id
    area_group = make_serving_group(session, areas=[ward])
    for viewer in world.viewers.values():
        _subscribe(session, viewer, place=place, ward=ward, group=area_group)
    session.flush()

    recorder = Recorder()
    send_alerts(session, period="daily", write=recorder, now=utcnow() + timedelta(seconds=1))

    checked = 0
    for kind in VIEWER_KINDS:
        viewer = world.viewers[kind]
        expected = {title for title, need in world.needs.items()
                    if listed(kind, need, can_view_need(session, viewer, need))}
        assert recorder.titles(viewer) == expected, kind
        checked += bool(expected)
    # Positive control: the rule lets some readers see more than others.
    stranger, connector = world.viewers["stranger"], world.viewers["connector"]
    assert recorder.titles(stranger) < recorder.titles(connector)
    assert "groups open shown free" not in recorder.titles(stranger)
    assert "groups open shown free" in recorder.titles(world.viewers["group_member"])
    assert checked >= 5


def test_alerts_give_distance_bands_and_wards_never_places(session):
    ward = make_ward(session, name="Quayside")
    reader = make_user(session)
    poster = make_user(session)
    sub = _subscribe(session, reader, place="near_home")
    near = make_need(session, poster=poster, title="Near", at=north_of(WARD_CENTRE, 300), area_id=ward.id)
    make_need(session, poster=poster, title="Far", at=north_of(WARD_CENTRE, 4000), area_id=ward.id)
    recorder = Recorder()
    send_alerts(session, period="daily", write=recorder, now=utcnow() + timedelta(seconds=1))
    [email] = recorder.emails
    [item] = email.items
    assert item.title == "Near" and item.ward == "Quayside"
    assert item.distance in ("under 1 km", "1 to 2 km")
    assert item.target.kind == "need" and item.target.id == near.id
    assert email.unsubscribe == unsubscribe_key(sub) and "km of your home" in email.place
    assert not hasattr(item, "lat") and not hasattr(item, "public_lat")


def test_kinds_of_help_wards_frequency_own_posts_and_older_posts_filter_alerts(session):
    ward, other_ward = make_ward(session), make_ward(session, centre=north_of(WARD_CENTRE, 5000))
    shopping, lifts = make_category(session, slug="shopping"), make_category(session, slug="lifts")
    reader, poster = make_user(session), make_user(session)
    _subscribe(session, reader, place="wards", ward=ward, categories=[lifts])
    _subscribe(session, reader, place="wards", ward=ward, frequency="weekly")
    old = make_need(session, poster=poster, title="Posted before", category=lifts, area_id=ward.id)
    old.created_at = utcnow() - timedelta(hours=2)
    make_need(session, poster=poster, title="Lift", category=lifts, area_id=ward.id)
    make_need(session, poster=poster, title="Shopping", category=shopping, area_id=ward.id)
    make_need(session, poster=poster, title="Lift elsewhere", category=lifts, area_id=other_ward.id)
    make_need(session, poster=reader, title="My own", category=lifts, area_id=ward.id)

    daily = Recorder()
    send_alerts(session, period="daily", write=daily, now=utcnow() + timedelta(seconds=1))
    assert daily.titles(reader) == {"Lift"}
    weekly = Recorder()
    send_alerts(session, period="weekly", write=weekly, now=utcnow() + timedelta(seconds=1))
    assert weekly.titles(reader) == {"Lift", "Shopping"}


def test_offer_alerts_show_active_offers_only(session):
    ward = make_ward(session)
    reader, helper = make_user(session), make_user(session)
    _subscribe(session, reader, place="wards", ward=ward, post_kind="offers")
    make_offer(session, helper=helper, title="Active", area_id=ward.id)
    make_offer(session, helper=helper, title="Hidden", area_id=ward.id, hidden=True)
    make_offer(session, helper=helper, title="Paused", area_id=ward.id, status="paused")
    recorder = Recorder()
    send_alerts(session, period="daily", write=recorder, now=utcnow() + timedelta(seconds=1))
    assert recorder.titles(reader) == {"Active"}
    assert recorder.emails[0].items[0].target.kind == "offer"


def test_coordinators_daily_digest_covers_their_groups_area_and_kinds_and_honours_visibility(session):
    ward = make_ward(session)
    world = build_world(session, at=north_of(WARD_CENTRE, 100))
    category = next(iter(world.needs.values())).category
    for need in world.needs.values():
        need.area_id = ward.id
    coordinator = world.viewers["holder_coordinator"]
    from community.models import Group

    holder = session.get(Group, world.holder_id)
    holder.areas, holder.categories = [ward], [category]
    # A coordinator of a group elsewhere hears of nothing here.
    far = make_ward(session, centre=north_of(WARD_CENTRE, 9000))
    elsewhere = make_serving_group(session, areas=[far], categories=[category])
    session.flush()

    recorder = Recorder()
    send_alerts(session, period="daily", write=recorder, now=utcnow() + timedelta(seconds=1))
    expected = {t for t, n in world.needs.items()
                if listed("holder_coordinator", n, can_view_need(session, coordinator, n))}
    assert recorder.titles(coordinator) == expected and expected
    assert "connectors open shown held" in expected and "connectors open shown free" not in expected
    [digest] = [e for e in recorder.emails if e.kind == "coordinator"]
    assert digest.groups[0][0] == holder.name and digest.unsubscribe == "digest:coordinator"
    assert {e.kind for e in recorder.emails if e.groups and e.groups[0][0] == elsewhere.name} == set()

    # Stopping the digest stops it.
    set_digest(session, user_id=coordinator.id, digest="coordinator", receiving=False)
    assert [d.receiving for d in digests_for(session, user=coordinator)] == [False]
    make_need(session, poster=world.viewers["poster"], title="Another", category=category, area_id=ward.id)
    again = Recorder()
    send_alerts(session, period="daily", write=again, now=utcnow() + timedelta(minutes=1))
    assert not [e for e in again.emails if e.kind == "coordinator"]


def test_connectors_weekly_digest_names_new_gaps(session):
    new_gap, old_gap = make_ward(session, name="Marsh End"), make_ward(session, name="Old Quay")
    category = make_category(session, slug="lifts")
    connector = make_user(session, role="connector")
    poster = make_user(session)
    # Needs nobody can meet: in Marsh End this week (a new gap), in Old Quay for a fortnight (not new).
    for ward, days in ((new_gap, 2), (old_gap, 12)):
        need = make_need(session, poster=poster, title="Unmet", category=category, area_id=ward.id)
        need.created_at = utcnow() - timedelta(days=days)
    session.flush()
    recorder = Recorder()
    send_alerts(session, period="weekly", write=recorder, now=utcnow())
    [digest] = [e for e in recorder.emails if e.kind == "connector"]
    assert digest.user.id == connector.id and digest.unsubscribe == "digest:connector"
    assert [(c.ward, c.category, c.was, c.now) for c in digest.new_gaps] == [
        ("Marsh End", category.name, "no demand", "gap")]
    assert not [c for c in digest.changes if c.ward == "Old Quay"]


def test_a_window_is_sent_once_even_when_two_runs_start_together(session):
    ward = make_ward(session)
    reader, poster = make_user(session), make_user(session)
    _subscribe(session, reader, place="wards", ward=ward)
    make_need(session, poster=poster, area_id=ward.id)
    now = utcnow() + timedelta(seconds=1)
    first = send_alerts(session, period="daily", write=Recorder(), now=now)
    assert first.emails == 1
    with pytest.raises(Conflict):
        send_alerts(session, period="daily", write=Recorder(), now=now)
    later = send_alerts(session, period="daily", write=Recorder(), now=now + timedelta(days=1))
    assert later.emails == 0 and later.window_start == now
    assert session.scalar(select(func.count()).select_from(OutboxEmail)) == 1


def test_subscriptions_check_their_choices_and_one_click_unsubscribe_removes_only_ones_own(session):
    reader, other = make_user(session, home=None), make_user(session)
    with pytest.raises(ValidationFailed) as refused:
        create_subscription(session, user=reader, post_kind="needs", place="near_home", frequency="daily",
                            radius_km=1.0)
    assert "place" in refused.value.errors
    with pytest.raises(ValidationFailed) as refused:
        create_subscription(session, user=reader, post_kind="x", place="wards", frequency="hourly")
    assert set(refused.value.errors) == {"post_kind", "frequency", "area_ids"}
    ward = make_ward(session)
    mine = _subscribe(session, reader, place="wards", ward=ward)
    theirs = _subscribe(session, other, place="wards", ward=ward)
    assert unsubscribe(session, user_id=reader.id, what=unsubscribe_key(theirs)) == "alert"
    assert session.get(AlertSubscription, theirs.id) is not None
    assert unsubscribe(session, user_id=reader.id, what=unsubscribe_key(mine)) == "alert"
    assert session.get(AlertSubscription, mine.id) is None
    assert unsubscribe(session, user_id=reader.id, what=unsubscribe_key(mine)) == "alert"  # twice is fine


def test_a_groups_only_need_reaches_a_member_but_never_a_plain_resident(session):
    ward = make_ward(session)
    resident, member, poster = make_user(session), make_user(session), make_user(session)
    group = make_serving_group(session, areas=[ward])
    make_membership(session, user=member, group=group)
    for reader in (resident, member):
        _subscribe(session, reader, place="wards", ward=ward, frequency="immediate")
    make_need(session, poster=poster, title="For groups only", visibility="groups", area_id=ward.id)
    recorder = Recorder()
    send_alerts(session, period="immediate", write=recorder, now=utcnow() + timedelta(seconds=1))
    assert recorder.titles(member) == {"For groups only"}
    assert recorder.titles(resident) == set()
