"""Managing alerts (labelled form, confirmation before removing); one-click unsubscribe with no sign-in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.email.compose import unsubscribe_token
from community.alerts import create_subscription, send_alerts, unsubscribe_key
from community.db import utcnow
from community.models import AlertSubscription, DigestOptOut
from config import TestingConfig
from tests.builders.groups import make_serving_group
from tests.builders.people import make_user, sign_in_with_form
from tests.builders.places import make_category, make_ward


def errors(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".govuk-error-summary__list a")]


def test_a_resident_sets_up_an_alert_and_removes_it_after_confirming(client, client_request, session):
    ward = make_ward(session, name="Quayside")
    make_category(session, slug="lifts")
    resident = make_user(session)
    session.commit()
    sign_in_with_form(client, email=resident.email)

    page = client_request.get("alerts.manage")
    assert page.select_one("#no-alerts").get_text(strip=True) == "You have no alerts yet."

    form = client_request.get("alerts.new")
    for name in ("post_kind", "place", "frequency", "area_ids", "category_ids"):
        legend = form.select_one(f"fieldset:has(input[name={name}]) legend")
        assert legend is not None and legend.get_text(strip=True), name
    for name in ("radius_km", "group_id"):
        field = form.select_one(f"select[name={name}]")
        assert form.select_one(f"label[for={field['id']}]").get_text(strip=True)

    page = client_request.post("alerts.new", _data={"post_kind": "needs", "place": "wards",
                                                     "frequency": "daily"}, _expected_status=200)
    assert errors(page) == ["Select at least one ward"]
    assert page.select_one("input[name=post_kind][value=needs]").has_attr("checked")  # input kept

    client_request.post("alerts.new", _data={"post_kind": "needs", "place": "wards", "frequency": "daily",
                                             "area_ids": [str(ward.id)]})
    page = client_request.get("alerts.manage")
    listed = page.select_one("#alerts").get_text(" ", strip=True)
    assert "New requests for help in Quayside (every kind of help), once a day" in listed
    [subscription] = session.scalars(select(AlertSubscription)).all()

    ask = client_request.get("alerts.remove", subscription_id=subscription.id)
    assert ask.select_one("h1").get_text(strip=True) == "Remove this alert?"
    client_request.post("alerts.remove", subscription_id=subscription.id, _data={})
    session.expire_all()
    assert session.scalars(select(AlertSubscription)).all() == []


def test_someone_elses_alert_is_not_found(client, client_request, session):
    ward = make_ward(session)
    owner, other = make_user(session), make_user(session)
    theirs = create_subscription(session, user=owner, post_kind="needs", place="wards", frequency="daily",
                                 area_ids=[ward.id])
    session.commit()
    sign_in_with_form(client, email=other.email)
    client_request.get("alerts.remove", subscription_id=theirs.id, _expected_status=404)
    client_request.post("alerts.remove", subscription_id=theirs.id, _data={}, _expected_status=404)


def test_a_coordinator_stops_and_restarts_their_digest(client, client_request, session):
    coordinator = make_user(session)
    make_serving_group(session, coordinator=coordinator)
    session.commit()
    sign_in_with_form(client, email=coordinator.email)
    page = client_request.get("alerts.manage")
    assert "you get it" in page.get_text()
    client_request.post("alerts.digest", digest="coordinator", _data={"receiving": "no"})
    session.expire_all()
    assert session.get(DigestOptOut, (coordinator.id, "coordinator")) is not None
    client_request.post("alerts.digest", digest="coordinator", _data={"receiving": "yes"})
    session.expire_all()
    assert session.get(DigestOptOut, (coordinator.id, "coordinator")) is None


@pytest.fixture()
def csrf_app(db, database_url):
    """CSRF on, as in production: the one-click POST must work without a token."""
    from app import create_app

    app = create_app(TestingConfig, DATABASE_URL=database_url, WTF_CSRF_ENABLED=True)
    yield app
    app.extensions["weave.engine"].dispose()


def test_one_click_unsubscribe_works_without_signing_in_or_a_csrf_token(csrf_app, session):
    ward = make_ward(session)
    resident = make_user(session)
    subscription = create_subscription(session, user=resident, post_kind="needs", place="wards",
                                       frequency="daily", area_ids=[ward.id])
    session.commit()
    sub_id = subscription.id
    token = unsubscribe_token(csrf_app, user_id=resident.id, what=unsubscribe_key(subscription))
    client = csrf_app.test_client()

    # A GET (a link checker, a scanner) only asks.
    asked = client.get(f"/email/unsubscribe/{token}")
    assert asked.status_code == 200 and b"Stop these emails?" in asked.data
    assert session.get(AlertSubscription, sub_id) is not None

    # Positive control: CSRF really is on for other forms.
    assert client.post("/alerts/new", data={}).status_code in (302, 400)

    done = client.post(f"/email/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and b"You will not get these emails any more" in done.data
    session.expire_all()
    assert session.get(AlertSubscription, sub_id) is None

    # A token that was tampered with works for nobody.
    assert client.post(f"/email/unsubscribe/{token[:-2]}xx").status_code == 404


def test_one_click_from_a_digest_stops_the_digest(csrf_app, session):
    connector = make_user(session, role="connector")
    session.commit()
    token = unsubscribe_token(csrf_app, user_id=connector.id, what="digest:connector")
    assert csrf_app.test_client().post(f"/email/unsubscribe/{token}").status_code == 200
    session.expire_all()
    assert session.get(DigestOptOut, (connector.id, "connector")) is not None


def test_the_alert_email_has_rfc_8058_headers_and_no_details_in_its_subject(db, database_url, session):
    from app import create_app
    from app.alerts.writer import alert_writer
    from app.email.sender import send_outbox
    from tests.builders.mail import SmtpInbox, text_of
    from tests.builders.posts import make_need

    inbox = SmtpInbox().start()
    try:
        app = create_app(TestingConfig, DATABASE_URL=database_url, EMAIL_BACKEND="smtp", SMTP_URL=inbox.url,
                         BASE_URL="https://weave.council.example", EMAIL_SENDER_THREAD=False)
        ward = make_ward(session, name="Quayside")
        care = make_category(session, slug="personal-care")
        reader, poster = make_user(session, email="reader@example.com"), make_user(session)
        subscription = create_subscription(session, user=reader, post_kind="needs", place="wards",
                                           frequency="daily", area_ids=[ward.id])
        subscription.created_at = utcnow() - timedelta(hours=1)
        need = make_need(session, poster=poster, title="Help washing after my operation", category=care,
                         area_id=ward.id)
        with app.app_context():
            send_alerts(session, period="daily", write=alert_writer(app), now=utcnow() + timedelta(seconds=1))
        session.commit()
        sub_id = subscription.id
        assert send_outbox(app).sent == 1
        [message] = inbox.to("reader@example.com")
        subject = message["Subject"]
        assert subject == "1 new request for help from your alert"
        for secret in ("washing", "operation", care.name, "Quayside"):
            assert secret.lower() not in subject.lower()
        text = text_of(message)
        assert "Help washing after my operation" in text and "Quayside" in text
        assert f"https://weave.council.example/needs/{need.id}" in text
        unsubscribe = message["List-Unsubscribe"]
        assert unsubscribe.startswith("<https://weave.council.example/email/unsubscribe/")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "https://weave.council.example/alerts" in text  # manage alerts

        # The address in the header really unsubscribes.
        path = unsubscribe.strip("<>").replace("https://weave.council.example", "")
        assert app.test_client().post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
        session.expire_all()
        assert session.get(AlertSubscription, sub_id) is None
    finally:
        inbox.stop()


def test_flask_alerts_send_runs_a_period(app, runner, session):
    ward = make_ward(session)
    reader, poster = make_user(session), make_user(session)
    subscription = create_subscription(session, user=reader, post_kind="needs", place="wards",
                                       frequency="daily", area_ids=[ward.id])
    subscription.created_at = utcnow() - timedelta(hours=1)
    from tests.builders.posts import make_need

    make_need(session, poster=poster, area_id=ward.id)
    session.commit()
    result = runner.invoke(args=["alerts", "send", "--period", "daily"])
    assert result.exit_code == 0, result.output
    assert "1 new needs and 0 new offers" in result.output and "1 emails queued" in result.output
    again = runner.invoke(args=["alerts", "send", "--period", "daily"])
    assert "0 emails queued" in again.output
    bad = runner.invoke(args=["alerts", "send", "--period", "hourly"])
    assert bad.exit_code == 2
