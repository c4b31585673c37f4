"""Reporting a concern and the connectors' moderation queue on the web."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.models import AuditEntry, Need, Report
from tests.builders import committed
from tests.builders.posts import make_need


@pytest.fixture()
def need_id(db, make_web_user):
    poster = make_web_user(name="Poster")
    return committed(db, lambda s: make_need(s, poster=s.merge(poster), title="Send me money").id)


def test_a_resident_reports_a_need_and_a_connector_hides_it(client_request, make_web_user, need_id, session):
    reporter, connector = make_web_user(), make_web_user(role="connector")
    client_request.sign_in(reporter)
    page = client_request.get("moderation.report", target_type="need", target_id=need_id)
    assert "Send me money" in page.text
    client_request.post("moderation.report", target_type="need", target_id=need_id,
                        _data={"reason": "Asks for money"}, _expected_redirect=f"/needs/{need_id}")
    report = session.scalar(select(Report))

    client_request.sign_in(connector)
    queue = client_request.get("moderation.queue")
    assert "Asks for money" in queue.select_one("table").text
    confirm = client_request.get("moderation.act", report_id=report.id, action="hide")
    assert confirm.select_one("h1").text == "Hide this from everyone"
    client_request.post("moderation.act", report_id=report.id, action="hide", _data={"note": "Scam"})
    session.expire_all()
    assert session.get(Need, need_id).hidden
    assert session.scalars(select(AuditEntry.action)).all() == ["concern_reported", "content_hidden"]

    client_request.sign_in(reporter)
    client_request.get("residents.need", need_id=need_id, _expected_status=404)

    client_request.sign_in(connector)
    client_request.post("moderation.act", report_id=report.id, action="restore", _data={"note": "Cleared"})
    session.expire_all()
    assert not session.get(Need, need_id).hidden


def test_a_report_needs_a_reason(client_request, make_web_user, need_id):
    client_request.sign_in(make_web_user())
    page = client_request.post("moderation.report", target_type="need", target_id=need_id,
                               _expected_status=200, _data={"reason": ""})
    assert "Enter what concerns you" in page.select_one(".govuk-error-summary").text


def test_residents_cannot_see_the_queue_or_act(client_request, make_web_user, need_id, db):
    resident = make_web_user()
    report_id = committed(db, lambda s: _report(s, need_id, resident.id))
    client_request.sign_in(resident)
    client_request.get("moderation.queue", _expected_status=403)
    client_request.get("moderation.detail", report_id=report_id, _expected_status=403)
    client_request.post("moderation.act", report_id=report_id, action="hide", _expected_status=403)


def test_a_hidden_need_cannot_be_reported_by_those_who_cannot_see_it(client_request, make_web_user, db):
    poster = make_web_user()
    hidden = committed(db, lambda s: make_need(s, poster=s.merge(poster), visibility="connectors").id)
    client_request.sign_in(make_web_user())
    client_request.get("moderation.report", target_type="need", target_id=hidden, _expected_status=404)


def test_the_queue_filters_by_status_and_dismissing_needs_confirmation(client_request, make_web_user, need_id,
                                                                       db, session):
    connector = make_web_user(role="connector")
    report_id = committed(db, lambda s: _report(s, need_id, connector.id))
    client_request.sign_in(connector)
    client_request.post("moderation.act", report_id=report_id, action="dismiss", _data={"note": "Fine"})
    assert "There are no reports here" in client_request.get("moderation.queue").text
    assert "Dismissed" in client_request.get("moderation.queue", status="dismissed").text
    assert session.get(Report, report_id).note == "Fine"


def _report(session, need_id, reporter_id):
    report = Report(reporter_id=reporter_id, target_type="need", target_id=need_id, reason="Worried")
    session.add(report)
    session.flush()
    return report.id


def test_the_report_page_for_a_connector_shows_the_reported_text(client_request, make_web_user, need_id, db):
    connector = make_web_user(role="connector")
    report_id = committed(db, lambda s: _report(s, need_id, connector.id))
    client_request.sign_in(connector)
    page = client_request.get("moderation.detail", report_id=report_id)
    assert "Send me money" in page.text and "Worried" in page.text
    assert page.find("a", string="Hide it")
