"""The admin's view of the outbox: what waits, what failed and why, and sending a failed email again."""

from __future__ import annotations

from sqlalchemy import select

from community.models import AuditEntry, OutboxEmail
from tests.builders.people import make_user, sign_in_with_form


def _emails(session):
    sent = OutboxEmail(to_address="a@example.com", subject="Sent one", body="x", status="sent", attempts=1)
    failed = OutboxEmail(to_address="b@example.com", subject="Failed one", body="x", status="failed",
                         attempts=1, last_error="550 5.1.1 No such mailbox")
    queued = OutboxEmail(to_address="c@example.com", subject="Waiting one", body="x")
    session.add_all([sent, failed, queued])
    session.commit()
    return sent, failed, queued


def test_only_admins_see_the_outbox(client, client_request, session):
    resident = make_user(session)
    session.commit()
    sign_in_with_form(client, email=resident.email)
    client_request.get("admin.outbox_page", _expected_status=403)


def test_failures_show_their_reason_and_can_be_sent_again_after_confirming(client, client_request, session):
    admin = make_user(session, role="admin")
    sent, failed, queued = _emails(session)
    sign_in_with_form(client, email=admin.email)

    page = client_request.get("admin.outbox_page")
    listed = page.select_one("#emails").get_text(" ", strip=True)
    assert "Failed one" in listed and "550 5.1.1 No such mailbox" in listed
    assert "Sent one" not in listed and "Waiting one" not in listed
    counts = page.select_one("#statuses").get_text(" ", strip=True)
    assert "Waiting to be sent: 1" in counts and "Sent: 1" in counts and "Failed: 1" in counts

    waiting = client_request.get("admin.outbox_page", status="queued")
    assert "Waiting one" in waiting.select_one("#emails").get_text()
    assert "Send again" not in waiting.select_one("#emails").get_text()
    client_request.get("admin.outbox_page", status="nonsense", _expected_status=404)

    # GET only asks; nothing changes until the POST.
    ask = client_request.get("admin.resend_email", email_id=failed.id)
    assert ask.select_one("h1").get_text(strip=True) == "Send this email again?"
    session.expire_all()
    assert session.get(OutboxEmail, failed.id).status == "failed"

    client_request.post("admin.resend_email", email_id=failed.id, _data={}, _expected_status=302)
    session.expire_all()
    again = session.get(OutboxEmail, failed.id)
    assert (again.status, again.attempts, again.last_error) == ("queued", 0, None)
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "email.resent"))
    assert entry.actor_id == admin.id and entry.target_id == failed.id

    # An email that has not failed cannot be "sent again".
    page = client_request.post("admin.resend_email", email_id=sent.id, _data={}, _expected_status=200)
    assert "Only an email that failed can be sent again." in page.select_one("#refusal").get_text()
    client_request.get("admin.resend_email", email_id=99999, _expected_status=404)


def test_an_empty_list_says_so(client, client_request, session):
    admin = make_user(session, role="admin")
    session.commit()
    sign_in_with_form(client, email=admin.email)
    page = client_request.get("admin.outbox_page")
    assert page.select_one("#no-emails").get_text(strip=True) == "There is no email here."
