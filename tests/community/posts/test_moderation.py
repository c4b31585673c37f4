"""Reporting a concern and the moderation queue: hide, restore, dismiss, each audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.models import AuditEntry, Notification
from community.posts.claims import offer_help
from community.posts.moderation import (
    dismiss_report,
    hide_reported,
    list_reports,
    report_concern,
    restore_reported,
)
from community.posts.public import present_need
from tests.builders.people import make_user
from tests.builders.posts import SALT, make_need, make_offer


def audit_actions(session) -> list[str]:
    return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_a_report_goes_to_the_queue_and_hiding_takes_the_post_out_of_view(session):
    poster, reporter, connector = make_user(session), make_user(session), make_user(session,
                                                                                          role="connector")
    need = make_need(session, poster=poster)
    report = report_concern(session, reporter=reporter, target_type="need", target_id=need.id,
                            reason="This looks like a scam")
    assert [r.id for r in list_reports(session, actor=connector).items] == [report.id]
    hide_reported(session, report_id=report.id, actor=connector, note="Asked for money")
    assert need.hidden and report.status == "hidden" and report.note == "Asked for money"
    with pytest.raises(NotFound):
        present_need(session, need, reporter, salt=SALT)
    assert present_need(session, need, poster, salt=SALT)["hidden"]
    notice = session.scalar(select(Notification).where(Notification.user_id == poster.id))
    assert notice.kind == "content_hidden" and "Asked for money" in notice.message
    restore_reported(session, report_id=report.id, actor=connector, note="Checked with them")
    assert not need.hidden and report.status == "restored"
    assert audit_actions(session) == ["concern_reported", "content_hidden", "content_restored"]
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.actor_id, entry.target_type, entry.target_id) == (connector.id, "need", need.id)


def test_dismissing_leaves_the_post_and_is_audited(session):
    connector = make_user(session, role="connector")
    offer = make_offer(session, helper=make_user(session))
    report = report_concern(session, reporter=make_user(session), target_type="offer", target_id=offer.id,
                            reason="Odd")
    dismiss_report(session, report_id=report.id, actor=connector, note="Nothing wrong")
    assert report.status == "dismissed" and not offer.hidden
    assert audit_actions(session)[-1] == "report_dismissed"
    with pytest.raises(Conflict):
        hide_reported(session, report_id=report.id, actor=connector)


def test_hiding_settles_every_open_report_about_the_same_thing(session):
    connector = make_user(session, role="connector")
    need = make_need(session, poster=make_user(session))
    reports = [report_concern(session, reporter=make_user(session), target_type="need", target_id=need.id,
                              reason="Bad") for _ in range(2)]
    hide_reported(session, report_id=reports[0].id, actor=connector)
    assert [r.status for r in reports] == ["hidden", "hidden"]
    assert list_reports(session, actor=connector).total == 0


def test_responses_can_be_reported_by_the_poster(session):
    poster, helper = make_user(session), make_user(session)
    need = make_need(session, poster=poster)
    response = offer_help(session, need_id=need.id, helper=helper, message="Send me your bank details")
    report = report_concern(session, reporter=poster, target_type="response", target_id=response.id,
                            reason="Asked for bank details")
    hide_reported(session, report_id=report.id, actor=make_user(session, role="connector"))
    assert response.hidden


def test_nobody_reports_what_they_cannot_see(session):
    need = make_need(session, poster=make_user(session), visibility="connectors")
    with pytest.raises(NotFound):
        report_concern(session, reporter=make_user(session), target_type="need", target_id=need.id,
                       reason="x")
    with pytest.raises(NotFound):
        report_concern(session, reporter=make_user(session), target_type="group", target_id=1, reason="x")


def test_a_report_needs_a_reason(session):
    need = make_need(session, poster=make_user(session))
    with pytest.raises(ValidationFailed) as error:
        report_concern(session, reporter=make_user(session), target_type="need", target_id=need.id,
                       reason=" ")
    assert error.value.errors == {"reason": "Enter what concerns you"}


def test_only_connectors_moderate(session):
    resident = make_user(session)
    need = make_need(session, poster=make_user(session))
    report = report_concern(session, reporter=resident, target_type="need", target_id=need.id, reason="x")
    with pytest.raises(PermissionDenied):
        list_reports(session, actor=resident)
    with pytest.raises(PermissionDenied):
        hide_reported(session, report_id=report.id, actor=resident)
    assert not need.hidden
