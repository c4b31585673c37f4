"""One visibility rule: for every kind of viewer and every kind of need, the near-me list, the map's
GeoJSON, the needs API and the need's own page agree about who may see it."""

from __future__ import annotations

from bs4 import BeautifulSoup

from community.models import Need
from community.posts import visibility
from tests.builders import committed
from tests.builders.places import BBOX, WARD_CENTRE, make_ward
from tests.builders.visibility import VIEWER_KINDS, build_world, listed
from tests.web.conftest import sign_in


def _near_me_titles(client) -> set[str]:
    titles: set[str] = set()
    for page in range(1, 4):  # 24 needs at most, 20 a page
        response = client.get("/near-me", query_string={"within_km": 1, "show": "needs", "page": page})
        assert response.status_code == 200
        titles |= {a.text.strip() for a in BeautifulSoup(response.get_data(as_text=True), "html.parser")
                   .select("tbody a")}
    return titles


def _map_titles(client) -> set[str]:
    response = client.get("/api/v1/map/posts", query_string={"bbox": BBOX, "kind": "needs"})
    assert response.status_code == 200
    return {f["properties"]["title"] for f in response.get_json()["features"]
            if f["properties"]["kind"] == "need"}


def _api_titles(client) -> set[str]:
    response = client.get("/api/v1/needs", query_string={"per_page": 100})
    assert response.status_code == 200
    return {item["title"] for item in response.get_json()["items"]}


def disagreements(app, world, kinds=VIEWER_KINDS) -> list[tuple[str, str, str]]:
    """(viewer, need, where) for every place that does not follow from the need's own page."""
    found = []
    for kind in kinds:
        client = sign_in(app.test_client(), world.viewers[kind])
        seen = {title: client.get(f"/needs/{need.id}").status_code for title, need in world.needs.items()}
        assert set(seen.values()) <= {200, 403, 404}, (kind, seen)
        near_me, on_map, in_api = _near_me_titles(client), _map_titles(client), _api_titles(client)
        for title, need in world.needs.items():
            visible = seen[title] == 200
            in_lists = listed(kind, need, visible)
            own = kind in ("poster", "requester")
            # The API lists open needs, a viewer's own even when hidden.
            in_api_expected = visible and need.status == "open" and (own or not need.hidden)
            for where, shown, expected in (("near me", title in near_me, in_lists),
                                           ("map", title in on_map, in_lists),
                                           ("api", title in in_api, in_api_expected)):
                if shown != expected:
                    found.append((kind, title, where))
    return found


def _world(db):
    def build(session):
        make_ward(session, name="Walpole")
        return build_world(session, at=WARD_CENTRE)

    return committed(db, build)


def test_list_map_api_and_page_agree_for_every_viewer_and_need(app, db):
    world = _world(db)
    assert disagreements(app, world) == []


def test_the_need_a_viewers_group_holds_is_on_the_list_the_map_and_its_page(app, db):
    # The case the near-me list and the map used to disagree on.
    world = _world(db)
    need = world.needs["connectors open shown held"]
    for kind, sees in (("holder_member", True), ("stranger", False), ("group_member", False)):
        client = sign_in(app.test_client(), world.viewers[kind])
        assert (client.get(f"/needs/{need.id}").status_code == 200) is sees, kind
        assert (need.title in _near_me_titles(client)) is sees, kind
        assert (need.title in _map_titles(client)) is sees, kind


def test_nobody_signed_out_sees_any_of_it(app, db):
    world = _world(db)
    client = app.test_client()
    assert client.get("/near-me").status_code == 302
    assert client.get("/api/v1/map/posts", query_string={"bbox": BBOX}).status_code == 401
    assert client.get("/api/v1/needs").status_code == 401
    assert {client.get(f"/needs/{need.id}").status_code for need in world.needs.values()} == {302}


def test_the_comparison_catches_a_list_rule_that_differs_from_the_page(app, db, monkeypatch):
    # Positive control: put back the near-me list's old rule (the holding group not counted) and the
    # comparison must find the needs a member's group holds.
    world = _world(db)
    right = visibility.visible_needs_clause

    def old_rule(viewer):
        return right(viewer) & (Need.group_id.is_(None) | (Need.visibility != "connectors"))

    monkeypatch.setattr(visibility, "visible_needs_clause", old_rule)
    found = disagreements(app, world, kinds=("holder_member",))
    assert ("holder_member", "connectors open shown held", "near me") in found
    assert ("holder_member", "connectors open shown held", "map") in found
