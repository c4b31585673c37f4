"""``app.forms``' siblings of ``submit``: ``confirm`` (a POST with nothing to show again), ``record`` (a write
while a page is read), the refusals both take, and ``app.database.in_transaction`` under all of them."""

from __future__ import annotations

import pytest
from flask import get_flashed_messages
from flask import session as cookie_session
from sqlalchemy import func, select
from werkzeug.exceptions import Forbidden
from werkzeug.exceptions import NotFound as NotFoundPage
from wtforms import StringField

from app.database import db_session, in_transaction
from app.forms import BaseForm, confirm, not_allowed, on_field, record, show_refusal, submit, tell
from community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.models import Category


def _add_category(session, slug="food"):
    session.add(Category(slug=slug, name=slug.title()))
    session.flush()
    return slug


def _categories(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Category))


def _left_over(engine) -> int:
    """Categories in the database after committing whatever the request's session still holds: a refusal
    that forgot to roll back shows up here."""
    db_session().commit()
    return _categories(engine)


def _refusing(error):
    def action(session):
        _add_category(session)
        raise error

    return action


class TitleForm(BaseForm):
    title = StringField("Title")


@pytest.fixture()
def request_context(app):
    with app.test_request_context("/", method="POST"):
        yield


@pytest.fixture()
def form(request_context):
    return TitleForm(meta={"csrf": False})


# --- confirm -------------------------------------------------------------------------------------------


def test_confirm_commits_flashes_and_redirects(app, db, request_context):
    response = confirm(_add_category, success=lambda slug: f"Added {slug}",
                       next_url=lambda slug: f"/categories/{slug}")

    assert (response.status_code, response.location) == (302, "/categories/food")
    assert get_flashed_messages(with_categories=True) == [("success", "Added food")]
    assert _categories(db) == 1


def test_confirm_runs_after_between_the_commit_and_the_flash(app, db, request_context):
    """Signing out clears the cookie session the flash lives in: ``after`` must not wipe the message."""
    seen = []

    def after(slug):
        seen.append((slug, _categories(db)))
        cookie_session.clear()

    confirm(_add_category, success="Signed out", next_url="/", after=after)

    assert seen == [("food", 1)]
    assert get_flashed_messages(with_categories=True) == [("success", "Signed out")]


def test_confirm_with_no_success_text_flashes_nothing(app, db, request_context):
    response = confirm(_add_category, success=None, next_url="/runs/1")

    assert response.location == "/runs/1"
    assert get_flashed_messages() == []


def test_a_refusal_rolls_back_flashes_and_redirects(app, db, request_context):
    response = confirm(_refusing(Conflict("Already accepted.")), success="no", next_url="/done",
                       refusals={Conflict: tell("/needs/1")})

    assert (response.status_code, response.location) == (302, "/needs/1")
    assert get_flashed_messages(with_categories=True) == [("info", "Already accepted.")]
    assert _left_over(db) == 0


def test_tell_uses_its_category_and_a_fallback_for_a_silent_refusal(app, db, request_context):
    refusals = {(Conflict, PermissionDenied): tell("/groups/1", category="error", fallback="Not done.")}

    confirm(_refusing(PermissionDenied()), success="no", next_url="/", refusals=refusals)

    assert get_flashed_messages(with_categories=True) == [("error", "Not done.")]


@pytest.mark.parametrize(
    ("error", "page"), [(NotFound("gone"), NotFoundPage), (PermissionDenied("no"), Forbidden)]
)
def test_not_allowed_answers_404_or_403_after_rolling_back(app, db, request_context, error, page):
    with pytest.raises(page):
        confirm(_refusing(error), success="no", next_url="/",
                refusals={(NotFound, PermissionDenied): not_allowed})

    assert get_flashed_messages() == []
    assert _left_over(db) == 0


def test_errors_no_refusal_names_propagate_rolled_back(app, db, request_context):
    for error in (ValidationFailed({"title": "Enter a title"}), Conflict("taken"), RuntimeError("bug")):
        with pytest.raises(type(error)):
            confirm(_refusing(error), success="no", next_url="/", refusals={NotFound: not_allowed})
        assert _left_over(db) == 0


def test_a_confirm_refusal_must_answer(app, db, request_context):
    """There is no form to show again, so a refusal that answers nothing is a mistake, not a blank page."""
    with pytest.raises(TypeError):
        confirm(_refusing(Conflict("taken")), success="no", next_url="/",
                refusals={Conflict: lambda error, _form: None})
    assert _left_over(db) == 0


# --- submit's refusals ---------------------------------------------------------------------------------


def test_show_refusal_keeps_the_form_and_puts_the_message_above_it(app, db, form):
    done = submit(form, _refusing(Conflict("A group must always have a coordinator.")), success="no",
                  next_url="/", refusals={Conflict: show_refusal})

    assert done is None
    assert form.refusal == "A group must always have a coordinator."
    assert form.errors == {}
    assert _left_over(db) == 0
    assert TitleForm(meta={"csrf": False}).refusal is None


def test_a_refusal_can_take_over_validation_failures(app, db, form):
    done = submit(form, _refusing(ValidationFailed({"": "Leave the group instead."})), success="no",
                  next_url="/", refusals={(Conflict, ValidationFailed): show_refusal})

    assert (done, form.refusal, form.form_errors) == (None, "Leave the group instead.", [])


def test_on_field_puts_the_message_on_that_field(app, db, form):
    done = submit(form, _refusing(PermissionDenied("They are not a volunteer here.")), success="no",
                  next_url="/", refusals={PermissionDenied: on_field("title")})

    assert done is None
    assert form.title.errors == ["They are not a volunteer here."]
    assert _left_over(db) == 0


def test_submit_runs_after_once_committed(app, db, form):
    seen = []

    response = submit(form, _add_category, success="Saved", next_url="/",
                      after=lambda slug: seen.append((slug, _categories(db))))

    assert response.status_code == 302
    assert seen == [("food", 1)]


def test_submit_with_a_permission_refusal_answers_403(app, db, form):
    with pytest.raises(Forbidden):
        submit(form, _refusing(PermissionDenied()), success="no", next_url="/",
               refusals={PermissionDenied: not_allowed})
    assert _left_over(db) == 0


# --- record and in_transaction -------------------------------------------------------------------------


def test_record_commits_and_hands_back_the_result(app, db, request_context):
    assert record(_add_category) == "food"
    assert _categories(db) == 1
    assert get_flashed_messages() == []


def test_record_rolls_back_and_propagates_an_error(app, db, request_context):
    with pytest.raises(PermissionDenied):
        record(_refusing(PermissionDenied()))
    assert _left_over(db) == 0


def test_a_failed_commit_is_rolled_back_and_the_session_stays_usable(app, db, request_context):
    in_transaction(_add_category)

    def duplicate(session):
        session.add(Category(slug="food", name="Food again"))  # flushed only by the commit

    with pytest.raises(Exception, match="(?i)unique|duplicate"):
        in_transaction(duplicate)

    assert in_transaction(lambda session: _add_category(session, "warmth")) == "warmth"
    assert _categories(db) == 2
