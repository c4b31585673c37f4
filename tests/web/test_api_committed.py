"""``app.api.common.committed``: the API's one way to change data, under ``api_view``'s problem bodies."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.api.common import api_view, committed
from app.database import db_session
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.models import Category


def _add_category(session):
    session.add(Category(slug="food", name="Food"))
    session.flush()
    return "food"


def _left_over(engine) -> int:
    """Categories stored once whatever the request's session still holds is committed: a missed rollback
    shows up here."""
    db_session().commit()
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Category))


def _refusing(error):
    def action(session):
        _add_category(session)
        raise error

    return action


@pytest.fixture()
def request_context(app):
    with app.test_request_context("/api/v1/things", method="POST"):
        yield


def test_committed_commits_and_hands_back_the_result(app, db, request_context):
    @api_view
    def create():
        return {"slug": committed(_add_category)}, 201

    assert create() == ({"slug": "food"}, 201)
    with db.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Category)) == 1


@pytest.mark.parametrize(("error", "status"), [
    (ValidationFailed({"title": "Enter a title"}), 422), (PermissionDenied("Not yours"), 403),
    (NotFound("No such need"), 404), (Conflict("Already accepted"), 409),
])
def test_a_domain_error_rolls_back_and_becomes_a_problem(app, db, request_context, error, status):
    @api_view
    def create():
        committed(_refusing(error))
        return {}, 201

    response = create()

    assert (response.status_code, response.mimetype) == (status, "application/problem+json")
    assert response.get_json()["detail"] == error.message
    assert _left_over(db) == 0


def test_any_other_error_rolls_back_and_propagates(app, db, request_context):
    with pytest.raises(RuntimeError):
        committed(_refusing(RuntimeError("bug")))

    assert _left_over(db) == 0
