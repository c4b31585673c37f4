"""The DBS rule is shown on a regulated need's page before anyone writes an offer to help, not only as a
refusal after they have written it."""

from __future__ import annotations

import pytest

from community.posts import DBS_REQUIRED
from tests.builders import committed
from tests.builders.groups import make_dbs_check
from tests.builders.places import make_category
from tests.builders.posts import make_need


@pytest.fixture()
def needs(db, make_web_user):
    poster = make_web_user(name="Pat Poster")

    def build(s):
        care = make_category(s, slug="personal-care", regulated=True)
        shopping = make_category(s, slug="shopping")
        return {"care": make_need(s, poster=s.merge(poster), category=care, title="Help getting dressed").id,
                "shopping": make_need(s, poster=s.merge(poster), category=shopping, title="Weekly shop").id}

    return committed(db, build)


def rule(page):
    return page.select_one("[data-weave-dbs-rule]")


def test_without_a_dbs_check_the_rule_comes_before_any_form(client_request, make_web_user, needs):
    client_request.sign_in(make_web_user(name="Nina Neighbour"))

    page = client_request.get("residents.need", need_id=needs["care"])

    assert rule(page) is not None and DBS_REQUIRED in rule(page).get_text(" ", strip=True)
    assert "you cannot offer to help with this request" in page.get_text()
    assert page.select_one("textarea#message") is None


def test_with_a_dbs_check_the_rule_is_shown_and_the_form_follows_it(client_request, make_web_user, needs, db):
    helper = make_web_user(name="Dev Checked")
    committed(db, lambda s: make_dbs_check(s, user=s.merge(helper)))
    client_request.sign_in(helper)

    page = client_request.get("residents.need", need_id=needs["care"])

    assert DBS_REQUIRED in rule(page).get_text(" ", strip=True)
    assert "You have a current DBS check" in page.get_text()
    textarea = page.select_one("textarea#message")
    assert textarea is not None
    assert rule(page).sourceline < textarea.sourceline  # the rule comes first


def test_a_need_that_is_not_regulated_shows_no_rule(client_request, make_web_user, needs):
    client_request.sign_in(make_web_user())

    page = client_request.get("residents.need", need_id=needs["shopping"])

    assert rule(page) is None and page.select_one("textarea#message") is not None
    assert "DBS" not in page.get_text()
