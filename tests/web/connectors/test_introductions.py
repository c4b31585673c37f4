"""Sending an introduction from a suggestion, and the coordinators' answers, through the pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.models import Introduction, Notification, Partnership
from tests.builders.insights import finished_run
from tests.builders.people import make_user


@pytest.fixture()
def place(place, factory):
    """The connectors' community (``conftest``), analysed: the introductions are the run's suggestions."""
    place.run_id = finished_run(factory, place)
    return place


def send(client_request, place):
    client_request.sign_in(place.connector)
    page = client_request.get("connectors.new_introduction", run_id=place.run_id, number=1)
    client_request.post("connectors.new_introduction", run_id=place.run_id, number=1,
                        _expected_redirect="/connectors/introductions")
    return page


def test_the_confirmation_shows_the_reason_before_anything_is_sent(client_request, factory, place):
    page = send(client_request, place)

    assert page.h1.get_text() == "Introduce Acton Larder to Acton Lifts"
    assert page.select_one(".govuk-inset-text").get_text().startswith("Both serve Acton Central.")
    assert page.select_one("main form button").get_text(strip=True) == "Send introduction"


def test_sending_notifies_both_coordinators_and_lists_it_as_waiting(client_request, factory, place):
    send(client_request, place)

    with factory() as s:
        introduction = s.scalars(select(Introduction)).one()
        notified = set(s.scalars(select(Notification.user_id).where(Notification.kind == "introduction")))
    assert introduction.analysis_run_id == place.run_id
    assert introduction.reason.startswith("Both serve Acton Central.")
    assert notified == {place.ann.id, place.bea.id}
    page = client_request.get("connectors.introductions")
    assert "Introduction sent." in page.select_one(".govuk-notification-banner").get_text()
    assert "Waiting for both groups" in page.select_one("table").get_text()
    again = client_request.get("connectors.new_introduction", run_id=place.run_id, number=1)
    assert "already been introduced" in again.get_text()
    assert again.select_one("main form") is None


def test_both_coordinators_accepting_makes_them_partners(client_request, factory, place):
    send(client_request, place)
    with factory() as s:
        introduction_id = s.scalar(select(Introduction.id))

    client_request.sign_in(place.ann)
    listing = client_request.get("introductions.index")
    assert "Acton Larder and Acton Lifts" in listing.get_text(" ")
    page = client_request.get("introductions.detail", introduction_id=introduction_id)
    assert page.h1.get_text() == "Introduction to Acton Lifts"
    client_request.post("introductions.detail", introduction_id=introduction_id, _data={"decision": "accept"})
    page = client_request.get("introductions.detail", introduction_id=introduction_id)
    assert "We have asked Acton Lifts to answer too." in page.get_text()
    assert page.select_one("main form") is None

    client_request.sign_in(place.bea)
    client_request.post("introductions.detail", introduction_id=introduction_id, _data={"decision": "accept"})
    page = client_request.get("introductions.detail", introduction_id=introduction_id)
    assert "are now referral partners" in page.get_text()

    with factory() as s:
        introduced = Partnership.note == "Introduced by a council connector"
        partnership = s.scalars(select(Partnership).where(introduced)).one()
    assert {partnership.group_a_id, partnership.group_b_id} == {place.larder.id, place.lifts_group.id}


def test_a_coordinator_must_choose_an_answer(client_request, factory, place):
    send(client_request, place)
    with factory() as s:
        introduction_id = s.scalar(select(Introduction.id))
    client_request.sign_in(place.ann)

    page = client_request.post("introductions.detail", introduction_id=introduction_id, _data={},
                               _expected_status=200)

    assert page.title.get_text().startswith("Error: ")
    assert "Select whether you accept the introduction" in page.select_one(".govuk-error-summary").get_text()


def test_only_the_two_groups_coordinators_can_see_an_introduction(client_request, factory, place):
    send(client_request, place)
    with factory() as s:
        introduction_id = s.scalar(select(Introduction.id))
        stranger = make_user(s)
        s.commit()

    client_request.sign_in(place.cal)
    client_request.get("introductions.detail", introduction_id=introduction_id, _expected_status=403)
    client_request.sign_in(stranger)
    client_request.get("introductions.detail", introduction_id=introduction_id, _expected_status=403)
    assert "No group you coordinate" in client_request.get("introductions.index").get_text()
    client_request.get("introductions.detail", introduction_id=999, _expected_status=404)
    client_request.sign_out()
    client_request.get("introductions.index", _expected_status=302)


NOTE = "Ask for <b>Sam</b> at the larder & say I sent you"


def test_a_personal_note_reaches_both_coordinators_escaped(client_request, factory, place):
    client_request.sign_in(place.connector)
    form = client_request.get("connectors.new_introduction", run_id=place.run_id, number=1)
    label = form.select_one('label[for="note"]').get_text(strip=True)
    assert label == "A personal note to both groups (optional)"

    client_request.post("connectors.new_introduction", run_id=place.run_id, number=1, _data={"note": NOTE},
                        _expected_redirect="/connectors/introductions")

    with factory() as s:
        introduction = s.scalars(select(Introduction)).one()
    assert introduction.note == NOTE
    for coordinator in (place.ann, place.bea):
        client_request.sign_in(coordinator)
        page = client_request.get("introductions.detail", introduction_id=introduction.id)
        note = page.find("h2", string="A note from the council connector").find_next("div")
        assert note.get_text(strip=True) == NOTE and note.find("b") is None
        assert "&lt;b&gt;Sam&lt;/b&gt;" in client_request.response.get_data(as_text=True)


def test_a_note_too_long_is_explained_and_kept(client_request, factory, place):
    client_request.sign_in(place.connector)

    page = client_request.post("connectors.new_introduction", run_id=place.run_id, number=1,
                               _data={"note": "x" * 1001}, _expected_status=200)

    assert "The note must be 1,000 characters or fewer" in page.select_one(".govuk-error-summary").get_text()
    assert page.select_one("textarea#note").get_text() == "x" * 1001
    with factory() as s:
        assert s.scalars(select(Introduction)).all() == []


def test_without_a_note_the_page_shows_none(client_request, factory, place):
    send(client_request, place)
    with factory() as s:
        introduction_id = s.scalar(select(Introduction.id))
    client_request.sign_in(place.ann)

    page = client_request.get("introductions.detail", introduction_id=introduction_id)

    assert "A note from the council connector" not in page.get_text()
