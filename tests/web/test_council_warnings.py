"""Early warnings appear on coverage and on the ward page, and `flask council forecast` makes them."""

from __future__ import annotations

from datetime import timedelta

from community.db import make_sessionmaker, utcnow
from tests.builders.people import make_user
from tests.builders.places import make_category, make_ward
from tests.builders.posts import make_need


def test_the_forecast_command_warns_and_coverage_and_the_ward_page_show_it(runner, client_request, db):
    with make_sessionmaker(db)() as session:
        ward, food = make_ward(session, name="Northfield"), make_category(session, slug="food")
        person, connector = make_user(session), make_user(session, role="connector")
        now = utcnow()
        for week in range(1, 60):
            for _ in range(3):
                make_need(session, poster=person, category=food, area_id=ward.id,
                          created_at=now - timedelta(weeks=week))
        session.commit()
        code = ward.code
    result = runner.invoke(args=["council", "forecast"])
    assert result.exit_code == 0, result.output
    assert "8 weeks over capacity" in result.output
    client_request.sign_in(connector)
    for page in (client_request.get("connectors.coverage", category="food"),
                 client_request.get("connectors.ward", code=code)):
        warning = page.select_one("#demand-warnings")
        assert warning is not None and "Forecast demand exceeds" in warning.text
        assert "Northfield" in page.select_one("#demand-warnings + table").text


def test_without_a_forecast_there_is_no_warning(client_request, db):
    with make_sessionmaker(db)() as session:
        make_category(session, slug="food")
        connector = make_user(session, role="connector")
        session.commit()
    client_request.sign_in(connector)
    assert client_request.get("connectors.coverage", category="food").select_one("#demand-warnings") is None
