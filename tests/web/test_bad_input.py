"""Odd input is answered with a 4xx — a problem body from the API, a page or the form again for people —
never a server error. Each case here once gave a 500 (issue 10)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from community.models import Need, Offer
from tests.builders import committed
from tests.builders.places import make_category, make_ward

HOME = (51.5130, -0.3089)


@pytest.fixture()
def resident(db, make_web_user, signed_in_client, app):
    # The checks below must hold with errors answered as users meet them, not raised into the test.
    app.config["PROPAGATE_TEST_ERRORS"] = False
    user = make_web_user(home=HOME)
    ids = committed(db, lambda s: {"ward": make_ward(s, centre=HOME).id,
                                   "lifts": make_category(s, slug="lifts").id})
    client = signed_in_client(user)
    client.ids = ids
    return client


def error_summary(response) -> str:
    summary = BeautifulSoup(response.data, "html.parser").select_one(".govuk-error-summary")
    return summary.get_text(" ", strip=True) if summary else f"{response.status_code}, no error summary"


def is_problem(response, status: int) -> bool:
    return response.status_code == status and response.mimetype == "application/problem+json" \
        and response.get_json()["status"] == status


@pytest.mark.parametrize(("url", "status"), [
    ("/groups?q=%00", 400),
    ("/groups?ward=99999999999999999999", 200),
    ("/needs/2147483648", 404),
    ("/needs/99999999999999999999", 404),
    ("/needs/2147483648/edit", 404),
    ("/groups/2147483648", 404),
])
def test_odd_addresses_get_a_page_not_a_server_error(resident, url, status):
    response = resident.get(url)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert b"Sorry, there is a problem with the service" not in response.data


def test_an_id_just_inside_the_limit_still_reaches_the_view(resident):
    # The positive control for the bound: 2147483647 is a possible id, and the view answers "not found".
    response = resident.get("/needs/2147483647")
    assert response.status_code == 404 and b"Page not found" in response.data


@pytest.mark.parametrize("url", [
    "/api/v1/needs/99999999999999999999",
    "/api/v1/needs/2147483648",
    "/api/v1/offers/2147483648",
    "/api/v1/groups/2147483648",
])
def test_odd_api_ids_are_not_found_problems(resident, url):
    assert is_problem(resident.get(url), 404)
    # The same path for another method is still "not found", never "method not allowed".
    if url.startswith("/api/v1/groups/"):
        assert is_problem(resident.patch(url, json={"name": "x"}), 404)


@pytest.mark.parametrize("title", ["Lift\x00to town", "Lift \ud800 to town"])
def test_unstorable_characters_in_json_are_refused_at_the_edge(resident, title):
    response = resident.post("/api/v1/needs", json={"category": "lifts", "title": title, "urgency": "today"})
    assert is_problem(response, 400)
    assert "cannot be stored" in response.get_json()["detail"]


@pytest.mark.parametrize("number", [2**63, -(2**31) - 1, float("nan"), float("inf")])
def test_numbers_no_column_holds_are_refused(resident, number):
    body = {"category": "lifts", "title": "Lift", "urgency": "today", "radius_km": number}
    assert is_problem(resident.post("/api/v1/needs", json=body), 400)


def test_a_good_json_title_with_emoji_and_accents_is_kept(resident, db):
    response = resident.post("/api/v1/needs", json={"category": "lifts", "title": "Café run 😀",
                                                    "urgency": "today"})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["title"] == "Café run 😀"


def test_a_nul_in_a_form_is_refused_with_a_page(resident):
    response = resident.post("/needs/new", data={"title": "a\x00b", "category_id": resident.ids["lifts"]})
    assert response.status_code == 400
    assert b"Sorry, we could not read what was sent" in response.data


@pytest.mark.parametrize(("url", "model"), [("/needs/new", Need), ("/offers/new", Offer)])
def test_need_and_offer_forms_posted_without_their_date_boxes_are_accepted(resident, db, url, model):
    data = {"category_id": resident.ids["lifts"], "title": "Lift to the surgery", "location": "home",
            "urgency": "today", "visibility": "public", "availability": "Weekday mornings",
            "radius_km": "2"}
    response = resident.post(url, data=data)
    assert response.status_code == 302, error_summary(response)
    assert committed(db, lambda s: s.scalar(select(func.count()).select_from(model))) == 1


@pytest.mark.parametrize("url", ["/needs/new", "/offers/new"])
def test_forms_with_a_short_date_are_shown_again_with_an_error(resident, url):
    data = {"category_id": resident.ids["lifts"], "title": "Lift", "location": "home", "urgency": "today",
            "needed_by": "3", "expires_on": "3"}
    response = resident.post(url, data=data)
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.data


def test_a_json_body_over_the_limit_is_a_413_problem(resident, app):
    huge = {"category": "lifts", "title": "x" * (app.config["MAX_CONTENT_LENGTH"] + 1), "urgency": "today"}
    assert is_problem(resident.post("/api/v1/needs", json=huge), 413)


def test_a_form_over_the_limit_is_a_413_page(resident, app):
    response = resident.post("/needs/new", data={"title": "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)})
    assert response.status_code == 413
    assert b"What you sent is too large" in response.data


def test_the_administrators_uploads_may_be_larger(app, resident):
    from app.inputs import allow_large_upload

    seen = []

    @allow_large_upload
    def upload():
        from flask import request

        seen.append(len(request.get_data()))
        return "ok"

    app.add_url_rule("/test-upload", endpoint="test_upload", view_func=upload, methods=["POST"])
    big = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    assert resident.post("/test-upload", data=big, content_type="application/octet-stream").status_code == 200
    assert seen == [len(big)]
