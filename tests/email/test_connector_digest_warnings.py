"""The early warning reaches connectors in their weekly digest, through the real sender to a real mail
server: a ward × kind of help whose two years of demand the forecast says its groups cannot meet is named in
the text and the HTML; where a group can meet it, the digest says there are no warnings."""

from __future__ import annotations

from datetime import timedelta

from app.email.sender import send_outbox
from community.db import utcnow
from tests.builders import committed
from tests.builders.groups import make_serving_group
from tests.builders.mail import html_of, text_of
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward
from tests.builders.posts import make_need

WARNING = "Northfield, {category}: up to 2.0 needs a week"
NONE = "Early warnings: none."


def _history(session, *, groups: int) -> str:
    """Two needs a week for two years in Northfield (a steady forecast of 2 a week, which no group there
    can meet unless ``groups``), and a new need in Southall this week so that the digest has news."""
    northfield, southall = make_ward(session, name="Northfield"), make_ward(session, name="Southall")
    shopping = make_category(session, slug="shopping")
    make_user(session, role="connector", email="connector@example.com")
    poster = make_user(session)
    for _ in range(groups):
        make_serving_group(session, areas=[northfield], categories=[shopping])
    now = utcnow()
    for week in range(1, 105):
        for hour in (1, 2):
            make_need(session, poster=poster, category=shopping, area_id=northfield.id, status="met",
                      created_at=now - timedelta(weeks=week, hours=hour))
    make_need(session, poster=poster, category=shopping, area_id=southall.id,
              created_at=now - timedelta(days=1))
    return shopping.name


def _digest(mail_app, inbox):
    result = mail_app.test_cli_runner().invoke(args=["alerts", "send", "--period", "weekly"])
    assert result.exit_code == 0, result.output
    sent = send_outbox(mail_app)
    assert sent.failed == 0 and sent.retrying == 0
    [message] = [m for rcpts, m in inbox.messages if rcpts == ["connector@example.com"]]
    assert message["Subject"] == "Weekly digest: how well help is covered"
    return text_of(message), html_of(message)


def test_a_ward_forecast_over_capacity_is_warned_of_in_the_connectors_weekly_digest(mail_app, db, inbox):
    category = committed(db, lambda session: _history(session, groups=0))
    text, html = _digest(mail_app, inbox)
    warning = WARNING.format(category=category)
    assert warning in text and "its groups and offers can meet about 0.0" in text
    assert warning in html
    assert NONE not in text
    # The digest's other news is still there: this is the same email, with a new section.
    assert "Southall" in text


def test_a_ward_its_groups_can_meet_is_not_warned_of_and_the_digest_says_so(mail_app, db, inbox):
    """The positive control: the same history, with a group there (able to meet 3 a week)."""
    committed(db, lambda session: _history(session, groups=1))
    text, html = _digest(mail_app, inbox)
    assert "Northfield," not in text and "Northfield," not in html
    assert NONE in text and NONE in html
    assert "Southall" in text
