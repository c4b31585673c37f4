"""Work done once a request, not once a template: GOV.UK form widgets render a template per field, and each
render asks the context processors again."""

from __future__ import annotations

from sqlalchemy import event

from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward
from tests.web.conftest import sign_in


def statements_for(app, client, path):
    seen = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))

    engine = app.extensions["weave.engine"]
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200
    return seen


def test_the_navigation_asks_about_groups_once_however_many_fields_a_form_has(app, client, session):
    ward = make_ward(session)
    make_category(session)
    sign_in(client, make_user(session, area_id=ward.id))
    session.commit()

    statements = statements_for(app, client, "/needs/new")

    membership_checks = [s for s in statements if s.startswith("SELECT EXISTS") and "memberships" in s]
    assert len(membership_checks) == 1, membership_checks
    # The control: the form does render a template per field, so without the cache this would be many.
    body = client.get("/needs/new").get_data(as_text=True)
    assert body.count("govuk-form-group") > 5
