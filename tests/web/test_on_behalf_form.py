"""Posting for someone who is not online speaks about them, and never puts their need at the poster's home."""

from __future__ import annotations

import re

from sqlalchemy import select

from community.models import Need
from community.posts import SENSITIVE_CONSENT_ON_BEHALF_VERSION
from tests.builders import committed
from tests.builders.groups import make_group
from tests.builders.places import make_category, make_ward

POSTERS_HOME = (51.5130, -0.3089)
THEIR_WARD = (51.5300, -0.2700)
MY_WORDS = re.compile(r"\b(my home|help me|your request|you need help)\b", re.IGNORECASE)


def setting(db, make_web_user):
    coordinator = make_web_user(name="Cora", home=POSTERS_HOME)

    def build(s):
        group = make_group(s, coordinator=s.merge(coordinator), name="Acton Aid")
        return {"home_ward": make_ward(s, centre=POSTERS_HOME).id,
                "their_ward": make_ward(s, centre=THEIR_WARD).id,
                "food": make_category(s).id, "health": make_category(s, slug="health", sensitive=True).id,
                "group": group.id}

    return coordinator, committed(db, build)


def post_data(ids, **changes):
    data = {"on_behalf_name": "Maureen", "on_behalf_contact": "Ring Cora on the group phone",
            "consent_statement": "Agreed by phone", "on_behalf_group_id": ids["group"],
            "category_id": ids["food"], "title": "Shopping", "urgency": "this_week", "location": "elsewhere",
            "area_id": ids["their_ward"], "needed_by": ["", "", ""]}
    data.update(changes)
    return data


def test_the_form_speaks_about_the_person_and_offers_no_home(client_request, make_web_user, db):
    coordinator, _ids = setting(db, make_web_user)
    client_request.sign_in(coordinator)

    page = client_request.get("residents.new_need_on_behalf")

    form = page.select_one("main form")
    assert not MY_WORDS.search(form.get_text(" ")), MY_WORDS.search(form.get_text(" ")).group(0)
    assert form.select('input[name="location"][value="home"]') == []
    assert form.select_one('input[name="location"]')["value"] == "elsewhere"
    legends = [legend.get_text(" ", strip=True) for legend in form.select("legend")]
    assert legends == ["How soon do they need help?", "Needed by (optional)", "Where do they need help?",
                       "Who can see the request?", "Health-related help"]
    assert "so that they can help them" in form.select_one('label[for="sensitive_consent"]').text
    # The poster's own device location is never offered as theirs.
    assert form.select_one("[data-weave-locate]").has_attr("hidden")


def test_the_need_is_in_their_ward_not_at_the_posters_home(client_request, make_web_user, db, session):
    coordinator, ids = setting(db, make_web_user)
    client_request.sign_in(coordinator)

    client_request.post("residents.new_need_on_behalf", _data=post_data(ids))

    need = session.scalar(select(Need))
    assert need.area_id == ids["their_ward"] and (need.lat, need.lng) != POSTERS_HOME


def test_a_need_for_someone_else_at_the_posters_home_is_refused(client_request, make_web_user, db, session):
    coordinator, ids = setting(db, make_web_user)
    client_request.sign_in(coordinator)

    page = client_request.post("residents.new_need_on_behalf", _expected_status=200,
                               _data=post_data(ids, location="home"))

    assert "Choose the ward where they need help" in page.select_one(".govuk-error-summary").text
    assert session.scalar(select(Need)) is None


def test_their_health_consent_is_recorded_as_theirs(client_request, make_web_user, db, session):
    coordinator, ids = setting(db, make_web_user)
    client_request.sign_in(coordinator)

    client_request.post("residents.new_need_on_behalf",
                        _data=post_data(ids, category_id=ids["health"], sensitive_consent="y"))

    assert session.scalar(select(Need)).sensitive_consent_version == SENSITIVE_CONSENT_ON_BEHALF_VERSION


def test_changing_it_offers_where_it_is_or_another_ward_never_my_home(client_request, make_web_user, db,
                                                                      session):
    coordinator, ids = setting(db, make_web_user)
    client_request.sign_in(coordinator)
    client_request.post("residents.new_need_on_behalf", _data=post_data(ids))
    need = session.scalar(select(Need))

    page = client_request.get("residents.edit_need_page", need_id=need.id)

    form = page.select_one("main form")
    assert [i["value"] for i in form.select('input[name="location"]')] == ["keep", "elsewhere"]
    assert not MY_WORDS.search(form.get_text(" "))
    assert page.select_one("h1").text.strip() == "Change the request"
