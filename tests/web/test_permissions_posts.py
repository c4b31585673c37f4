"""Nobody reads or changes another person's post, response or contact details without the right role.

Each case is a stranger (a signed-in resident with no part in the post) trying something; the answer must
be 403 or 404, and nothing in the database may change.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.models import Need, Offer, Response
from community.posts.claims import offer_help
from tests.builders import committed
from tests.builders.groups import make_group, make_membership
from tests.builders.posts import make_need, make_offer


@pytest.fixture()
def posts(db, make_web_user):
    poster, helper = make_web_user(name="Poster"), make_web_user(name="Helper")

    def build(s):
        need = make_need(s, poster=s.merge(poster), title="Open need")
        groups_only = make_need(s, poster=s.merge(poster), title="Groups only", visibility="groups")
        connectors_only = make_need(s, poster=s.merge(poster), title="Connectors only",
                                    visibility="connectors")
        hidden = make_need(s, poster=s.merge(poster), title="Hidden", hidden=True)
        offer = make_offer(s, helper=s.merge(helper), title="Offer")
        paused = make_offer(s, helper=s.merge(helper), title="Paused", status="paused")
        response = offer_help(s, need_id=need.id, helper=s.merge(helper), message="Call me on 07700 900123")
        return dict(need=need.id, groups_only=groups_only.id, connectors_only=connectors_only.id,
                    hidden=hidden.id, offer=offer.id, paused=paused.id, response=response.id)

    return {"poster": poster, "helper": helper, **committed(db, build)}


def snapshot(session) -> list:
    session.expire_all()
    return [
        sorted(session.execute(select(Need.id, Need.status, Need.title, Need.hidden)).all()),
        sorted(session.execute(select(Offer.id, Offer.status, Offer.title)).all()),
        sorted(session.execute(select(Response.id, Response.status)).all()),
    ]


CHANGES = [
    ("post", "/needs/{need}/edit",
     {"title": "Hacked", "category_id": "1", "urgency": "today", "location": "keep"}),
    ("post", "/needs/{need}/met", {}),
    ("post", "/needs/{need}/not-met", {"reason": "Because"}),
    ("post", "/needs/{need}/withdraw", {}),
    ("post", "/needs/{need}/renew", {}),
    ("post", "/needs/{need}/responses/{response}/accept", {}),
    ("post", "/needs/{need}/responses/{response}/decline", {}),
    ("post", "/needs/{need}/responses/{response}/withdraw", {}),
    ("post", "/offers/{offer}/edit", {"title": "Hacked", "radius_km": "2", "location": "keep"}),
    ("post", "/offers/{offer}/pause", {}),
    ("post", "/offers/{offer}/close", {}),
    ("post", "/offers/{paused}/resume", {}),
    ("post", "/needs/{groups_only}/respond", {"message": "Let me see"}),
    ("post", "/needs/{connectors_only}/respond", {"message": "Let me see"}),
    ("post", "/needs/{hidden}/respond", {"message": "Let me see"}),
    ("post", "/api/v1/needs/{need}/responses/{response}/accept", None),
    ("post", "/api/v1/needs/{hidden}/responses", {"message": "Let me see"}),
]


@pytest.mark.parametrize(("method", "path", "data"), CHANGES, ids=[f"{m} {p}" for m, p, _d in CHANGES])
def test_a_stranger_changes_nothing(signed_in_client, make_web_user, posts, session, method, path, data):
    stranger = signed_in_client(make_web_user())
    before = snapshot(session)
    url = path.format(**posts)
    if url.startswith("/api/"):
        response = stranger.post(url, json=data or {})
    else:
        response = stranger.post(url, data=data)
    assert response.status_code in (403, 404), f"{url} answered {response.status_code}"
    assert snapshot(session) == before


READS = ["/needs/{groups_only}", "/needs/{connectors_only}", "/needs/{hidden}", "/offers/{paused}",
         "/api/v1/needs/{groups_only}", "/api/v1/needs/{hidden}", "/api/v1/offers/{paused}",
         "/report-concern/need/{hidden}", "/needs/{need}/edit", "/offers/{offer}/edit"]


@pytest.mark.parametrize("path", READS)
def test_a_stranger_cannot_read_what_is_not_theirs(signed_in_client, make_web_user, posts, path):
    response = signed_in_client(make_web_user()).get(path.format(**posts))
    assert response.status_code in (403, 404)


def test_hidden_posts_answer_404_not_403_so_their_existence_is_not_revealed(signed_in_client, make_web_user,
                                                                              posts):
    stranger = signed_in_client(make_web_user())
    assert stranger.get(f"/needs/{posts['hidden']}").status_code == 404
    assert stranger.get("/needs/999999").status_code == 404


def test_only_the_poster_and_the_helper_see_the_helpers_message_and_nobody_else_their_contact(
        signed_in_client, make_web_user, posts):
    stranger = signed_in_client(make_web_user()).get(f"/needs/{posts['need']}").get_data(as_text=True)
    assert "07700 900123" not in stranger
    assert posts["poster"].email not in stranger and posts["helper"].email not in stranger
    api = signed_in_client(make_web_user()).get(f"/api/v1/needs/{posts['need']}/responses").get_json()
    assert api["items"] == []
    poster = signed_in_client(posts["poster"]).get(f"/needs/{posts['need']}").get_data(as_text=True)
    assert "07700 900123" in poster and posts["helper"].email not in poster


def test_a_group_member_sees_groups_only_needs_but_cannot_manage_them(signed_in_client, make_web_user, posts,
                                                                      db, session):
    member = make_web_user()
    committed(db, lambda s: make_membership(s, user=s.merge(member), group=make_group(s)))
    client = signed_in_client(member)
    assert client.get(f"/needs/{posts['groups_only']}").status_code == 200
    before = snapshot(session)
    assert client.post(f"/needs/{posts['groups_only']}/met").status_code == 403
    assert snapshot(session) == before


def test_a_connector_sees_every_need_but_not_contact_details_and_cannot_close_it(
        signed_in_client, make_web_user, posts, session):
    connector = signed_in_client(make_web_user(role="connector"))
    page = connector.get(f"/needs/{posts['connectors_only']}")
    assert page.status_code == 200
    assert posts["poster"].email not in page.get_data(as_text=True)
    before = snapshot(session)
    assert connector.post(f"/needs/{posts['need']}/met").status_code == 403
    assert snapshot(session) == before


def test_signed_out_visitors_are_sent_to_sign_in(client, posts):
    response = client.get(f"/needs/{posts['need']}")
    assert response.status_code == 302 and "/sign-in" in response.location
