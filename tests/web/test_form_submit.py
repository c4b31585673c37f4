"""``app.forms.submit``: the one post/redirect/get path the residents' form views share."""

from __future__ import annotations

import pytest
from flask import get_flashed_messages
from sqlalchemy import func, select

from app.database import db_session
from app.forms import BaseForm, submit
from community.errors import Conflict, NotFound, ValidationFailed
from community.models import Category


def _add_category(session, slug="food"):
    session.add(Category(slug=slug, name=slug.title()))
    session.flush()
    return slug


def _categories(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Category))


@pytest.fixture()
def form(app):
    with app.test_request_context("/", method="POST"):
        yield BaseForm(meta={"csrf": False})


def test_success_commits_flashes_and_redirects(app, db, form):
    response = submit(form, _add_category, success=lambda slug: f"Added {slug}",
                      next_url=lambda slug: f"/categories/{slug}")
    assert (response.status_code, response.location) == (302, "/categories/food")
    assert get_flashed_messages(with_categories=True) == [("success", "Added food")]
    assert _categories(db) == 1


def test_a_validation_failure_rolls_back_and_lands_on_the_form(app, db, form):
    def action(session):
        _add_category(session)
        raise ValidationFailed({"title": "Enter a title"})

    assert submit(form, action, success="no", next_url=lambda _r: "/") is None
    assert form.form_errors == ["Enter a title"]
    db_session().commit()
    assert _categories(db) == 0


def test_a_conflict_redirects_with_its_message_only_when_a_place_is_given(app, db, form):
    def action(session):
        _add_category(session)
        raise Conflict("This need is already closed.")

    response = submit(form, action, success="no", next_url=lambda _r: "/", conflict_url="/needs/1")
    assert (response.status_code, response.location) == (302, "/needs/1")
    assert get_flashed_messages(with_categories=True) == [("info", "This need is already closed.")]
    assert _categories(db) == 0
    with pytest.raises(Conflict):
        submit(form, action, success="no", next_url=lambda _r: "/")


def test_other_domain_errors_reach_the_caller(app, db, form):
    def action(_session):
        raise NotFound("Need not found")

    with pytest.raises(NotFound):
        submit(form, action, success="no", next_url=lambda _r: "/")
