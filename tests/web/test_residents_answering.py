"""Answering a need on the web: I can help → accepted → contact details shared → met."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.models import Need, Notification, Response
from tests.builders import committed
from tests.builders.posts import make_need


@pytest.fixture()
def people(make_web_user):
    return {
        "poster": make_web_user(name="Poster Pat", phone="020 7946 0001"),
        "helper": make_web_user(name="Helper Hal", phone="020 7946 0002"),
        "other": make_web_user(name="Other Olu"),
    }


@pytest.fixture()
def need_id(db, people):
    return committed(db, lambda s: make_need(s, poster=s.merge(people["poster"]), title="Lift to the GP").id)


def notices(session, user) -> list[str]:
    session.expire_all()
    return list(session.scalars(select(Notification.kind).where(Notification.user_id == user.id)))


def test_the_whole_answer_journey(app, client_request, signed_in_client, people, need_id, session):
    helper, other, poster = (signed_in_client(people[n]) for n in ("helper", "other", "poster"))
    assert helper.post(f"/needs/{need_id}/respond", data={"message": "I can drive you"}).status_code == 302
    assert other.post(f"/needs/{need_id}/respond", data={"message": "Me too"}).status_code == 302
    assert notices(session, people["poster"]) == ["response_received", "response_received"]

    client_request.sign_in(people["poster"])
    page = client_request.get("residents.need", need_id=need_id)
    assert [h.text for h in page.select(".govuk-summary-card__title")] == ["Helper Hal", "Other Olu"]
    hal = session.scalar(select(Response).where(Response.helper_id == people["helper"].id))
    assert poster.post(f"/needs/{need_id}/responses/{hal.id}/accept").status_code == 302

    session.expire_all()
    assert session.get(Need, need_id).status == "in_progress"
    assert "response_accepted" in notices(session, people["helper"])
    assert "need_taken" in notices(session, people["other"])

    helper_page = helper.get(f"/needs/{need_id}").get_data(as_text=True)
    assert people["poster"].email in helper_page and "020 7946 0001" in helper_page
    poster_page = poster.get(f"/needs/{need_id}").get_data(as_text=True)
    assert people["helper"].email in poster_page
    other_page = other.get(f"/needs/{need_id}").get_data(as_text=True)
    assert people["poster"].email not in other_page and people["helper"].email not in other_page

    page = client_request.get("residents.mark_met", need_id=need_id)
    assert page.select_one("h1").text == "Mark this need as met"
    client_request.post("residents.mark_met", need_id=need_id)
    session.expire_all()
    assert session.get(Need, need_id).status == "met"
    assert "need_met" in notices(session, people["helper"])


def test_a_need_is_closed_as_not_met_with_a_reason(client_request, people, need_id, session):
    client_request.sign_in(people["poster"])
    page = client_request.post("residents.not_met", need_id=need_id, _expected_status=200,
                               _data={"reason": ""})
    assert "Enter why the need was not met" in page.select_one(".govuk-error-summary").text
    client_request.post("residents.not_met", need_id=need_id, _data={"reason": "Found a taxi"})
    need = session.get(Need, need_id)
    assert (need.status, need.unmet_reason) == ("closed_unmet", "Found a taxi")


def test_an_empty_message_is_shown_back_as_an_error(client_request, people, need_id):
    client_request.sign_in(people["helper"])
    page = client_request.post("residents.respond", need_id=need_id, _expected_status=400,
                               _data={"message": ""})
    assert "Error:" in page.title.text
    assert "Enter a message saying how you can help" in page.text


def test_a_helper_withdraws_after_confirming(client_request, signed_in_client, people, need_id, session):
    signed_in_client(people["helper"]).post(f"/needs/{need_id}/respond", data={"message": "Yes"})
    response = session.scalar(select(Response))
    client_request.sign_in(people["helper"])
    page = client_request.get("residents.withdraw_response", need_id=need_id, response_id=response.id)
    assert page.select_one("h1").text == "Withdraw your offer of help"
    client_request.post("residents.withdraw_response", need_id=need_id, response_id=response.id)
    session.expire_all()
    assert session.get(Response, response.id).status == "withdrawn"


def test_the_poster_withdraws_their_request(client_request, people, need_id, session):
    client_request.sign_in(people["poster"])
    client_request.post("residents.withdraw_need", need_id=need_id)
    assert session.get(Need, need_id).status == "withdrawn"


def test_a_second_acceptance_is_refused_politely(signed_in_client, people, need_id, session):
    for who in ("helper", "other"):
        signed_in_client(people[who]).post(f"/needs/{need_id}/respond", data={"message": "Yes"})
    first, second = session.scalars(select(Response).order_by(Response.id)).all()
    poster = signed_in_client(people["poster"])
    poster.post(f"/needs/{need_id}/responses/{first.id}/accept")
    reply = poster.post(f"/needs/{need_id}/responses/{second.id}/accept", follow_redirects=True)
    assert "no longer open" in reply.get_data(as_text=True)
    session.expire_all()
    assert session.get(Response, second.id).status == "declined"
