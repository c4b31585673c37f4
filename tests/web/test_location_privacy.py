"""Location privacy, proven the way an attacker would look: read everything, collect every coordinate.

A stranger (a signed-in resident who is neither poster nor helper, and an anonymous visitor) crawls every
page and API response they can reach from the home page, the near-me list, the maps and the APIs. Every
number pair that looks like a position in west London — in HTML, data attributes, inline scripts, URLs
and JSON — must lie at least 100 m from the true place of every post and from every poster's home.

The same crawl as the poster, the accepted helper and a connector DOES find the exact points, which
proves the crawl and the coordinate collection would catch a leak.
"""

from __future__ import annotations

import html
import json
import random
import re
import statistics
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from community.db import make_sessionmaker
from community.models import User
from community.places.privacy import MAX_METRES, MIN_METRES, metres_between, public_position
from community.posts.claims import accept_response, offer_help
from community.posts.needs import NeedDetails, post_need
from community.posts.offers import OfferDetails, post_offer
from community.posts.posting import LocationChoice
from config import TestingConfig
from tests.builders.groups import make_group, make_membership
from tests.builders.people import make_user
from tests.builders.places import BBOX, make_category, make_ward
from tests.builders.posts import SALT
from tests.conftest import empty_database
from tests.web.conftest import sign_in

# Points with distinctive decimals, inside the test ward (centre 51.5130, -0.3089, ±0.01°).
HOME_A = (51.516371, -0.304123)
HOME_B = (51.508842, -0.312377)
ELSEWHERE = (51.519263, -0.311947)
STRANGER_HOME = (51.512210, -0.301550)
HELPER_HOME = (51.507931, -0.306654)

SAFE_METRES = 100
MAX_PAGES = 400
NUMBER = re.compile(r"-?\d{1,3}\.\d{3,}")


@dataclass
class World:
    ward_id: int
    poster_a: int
    poster_b: int
    helper: int
    stranger: int
    connector: int
    member: int
    # name → (lat, lng) of every private point a stranger must never get near.
    secrets: dict[str, tuple[float, float]] = field(default_factory=dict)
    need_ids: list[int] = field(default_factory=list)
    offer_ids: list[int] = field(default_factory=list)
    # Posts a stranger may see, with their true points: the crawl must find their public points.
    visible_to_strangers: dict[str, tuple[float, float]] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)


def resident(session, home, **extra) -> User:
    return make_user(session, home=home, **extra)


def need(session, poster, category, title, *, at=None, ward_id=None, **extra):
    location = LocationChoice() if at is None else LocationChoice(use_home=False, area_id=ward_id,
                                                                   lat=at[0], lng=at[1])
    details = NeedDetails(category_id=category.id, title=title, body=f"Details of {title}",
                          urgency="this_week", location=location, **extra)
    return post_need(session, poster=poster, details=details, salt=SALT)


def offer(session, helper, category, title):
    details = OfferDetails(category_id=category.id, title=title, body=f"Details of {title}", radius_km=3)
    return post_offer(session, helper=helper, details=details, salt=SALT)


def build_world(session) -> World:
    ward = make_ward(session, name="Walpole")
    shopping = make_category(session, slug="food-and-shopping")
    health = make_category(session, slug="health-support", sensitive=True)
    a = resident(session, HOME_A, area_id=ward.id, name="Ada Poster")
    b = resident(session, HOME_B, area_id=ward.id, name="Bea Poster")
    helper = resident(session, HELPER_HOME, area_id=ward.id, name="Hal Helper")
    stranger = resident(session, STRANGER_HOME, area_id=ward.id, name="Sam Stranger")
    member = resident(session, None, area_id=ward.id, name="Mo Member")
    connector = resident(session, None, role="connector", name="Cat Connector")
    make_membership(session, user=member, group=make_group(session, coordinator=b))
    session.flush()

    at_home = need(session, a, shopping, "Shopping from home")
    elsewhere = need(session, a, shopping, "Lift from the station", at=ELSEWHERE, ward_id=ward.id)
    groups_only = need(session, a, shopping, "Groups only please", visibility="groups")
    sensitive = need(session, a, health, "Prescription pick-up", sensitive_consent=True, visibility="public")
    helped = need(session, b, shopping, "Help with a form")
    home_offer = offer(session, a, shopping, "Spare bread")
    response = offer_help(session, need_id=helped.id, helper=helper, message="I can come on Tuesday")
    accept_response(session, response_id=response.id, actor=b)
    session.commit()

    world = World(ward_id=ward.id, poster_a=a.id, poster_b=b.id, helper=helper.id, stranger=stranger.id,
                  connector=connector.id, member=member.id)
    world.secrets = {
        "Ada's home": HOME_A,
        "Bea's home": HOME_B,
        "Hal's home": HELPER_HOME,
        "the station lift": ELSEWHERE,
    }
    for post in (at_home, elsewhere, groups_only, sensitive, helped, home_offer):
        world.secrets[post.title] = (post.lat, post.lng)
    world.need_ids = [at_home.id, elsewhere.id, groups_only.id, sensitive.id, helped.id]
    world.offer_ids = [home_offer.id]
    world.visible_to_strangers = {p.title: (p.lat, p.lng) for p in (at_home, elsewhere, home_offer)}
    world.ids = {"at_home": at_home.id, "helped": helped.id, "elsewhere": elsewhere.id}
    return world


# The world is built once for the module and each kind of visitor crawls it once: the tests only read.
# They use these module fixtures, never ``db``, ``app`` or ``session``, which empty the database after
# each test; the world is emptied when the module is done.


@pytest.fixture(scope="module")
def world(engine) -> World:
    empty_database(engine)
    with make_sessionmaker(engine)() as session:
        built = build_world(session)
    yield built
    empty_database(engine)


@pytest.fixture(scope="module")
def privacy_app(world, database_url):
    from app import create_app

    app = create_app(TestingConfig, DATABASE_URL=database_url)
    yield app
    app.extensions["weave.engine"].dispose()


@pytest.fixture(scope="module")
def crawl_as(privacy_app, world):
    """``crawl_as("stranger")``: that visitor's crawl from the seeds (None: anonymous), made once."""
    crawls: dict[str | None, dict[str, tuple[int, str]]] = {}

    def crawled(who: str | None) -> dict[str, tuple[int, str]]:
        if who not in crawls:
            client = privacy_app.test_client()
            if who is not None:
                sign_in(client, _user(getattr(world, who)))
            crawls[who] = crawl(client, seeds(world))
        return crawls[who]

    return crawled


# --- reading everything a visitor can reach -----------------------------------------------------------


def seeds(world: World) -> list[str]:
    urls = ["/", "/near-me", "/near-me?distance=10", "/maps/near-me", "/maps/near-me?distance=10",
            f"/api/v1/map/posts?bbox={BBOX}", f"/api/v1/map/posts?bbox={BBOX}&kind=needs",
            "/api/v1/needs", "/api/v1/offers", f"/api/v1/needs?area={world.ward_id}", "/groups",
            "/maps/groups", "/notifications", "/my-activity"]
    urls += [f"/needs/{i}" for i in world.need_ids] + [f"/api/v1/needs/{i}" for i in world.need_ids]
    urls += [f"/offers/{i}" for i in world.offer_ids] + [f"/api/v1/offers/{i}" for i in world.offer_ids]
    return urls


def links(url: str, response) -> list[str]:
    text = response.get_data(as_text=True)
    found: list[str] = []
    if response.mimetype == "text/html":
        page = BeautifulSoup(text, "html.parser")
        found += [tag["href"] for tag in page.find_all("a", href=True)]
        found += [tag["src"] for tag in page.find_all("iframe", src=True)]
        # A map document's data comes from the URLs in its configuration, asked for a view's box.
        config = page.find("script", id="weave-map-config")
        for layer in json.loads(config.string)["layers"] if config else []:
            joiner = "&" if "?" in layer["url"] else "?"
            found += [layer["url"], f"{layer['url']}{joiner}bbox={BBOX}"]
    elif response.is_json:
        found += [s for s in re.findall(r'"(/[^"\s]*)"', text)]
    out = []
    for link in found:
        absolute = urlsplit(urljoin(url, link))
        if absolute.netloc not in ("", "localhost") or absolute.path.startswith("/static/"):
            continue
        out.append(absolute.path + (f"?{absolute.query}" if absolute.query else ""))
    return out


def crawl(client, start: list[str]) -> dict[str, tuple[int, str]]:
    """GET every same-site page and JSON response reachable from ``start``: url → (status, body)."""
    seen: dict[str, tuple[int, str]] = {}
    queue = list(start)
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = (response.status_code, response.get_data(as_text=True))
        if response.status_code == 200:
            queue += [link for link in links(url, response) if link not in seen]
    assert len(seen) < MAX_PAGES, "The crawl did not finish: raise MAX_PAGES or skip a looping link"
    return seen


def coordinate_pairs(text: str) -> set[tuple[float, float]]:
    """Every (lat, lng) two nearby numbers could stand for, in either order, in raw and decoded text."""
    pairs = set()
    for variant in (text, html.unescape(unquote(text))):
        numbers = [float(n) for n in NUMBER.findall(variant)]
        for i, first in enumerate(numbers):
            for second in numbers[i + 1 : i + 3]:
                for lat, lng in ((first, second), (second, first)):
                    if 50 < lat < 53 and -2 < lng < 1:
                        pairs.add((lat, lng))
    return pairs


def leaks(pages: dict[str, tuple[int, str]], secrets: dict[str, tuple[float, float]]) -> list[str]:
    found = []
    for url, (_status, body) in pages.items():
        for lat, lng in coordinate_pairs(body):
            for name, point in secrets.items():
                metres = metres_between(lat, lng, *point)
                if metres < SAFE_METRES:
                    found.append(f"{url}: ({lat}, {lng}) is {metres:.0f} m from {name}")
    return found


def nearest(pages, point) -> float:
    pairs = set().union(*(coordinate_pairs(body) for _status, body in pages.values()))
    return min((metres_between(*pair, *point) for pair in pairs), default=float("inf"))


def ok(pages, url) -> bool:
    return pages.get(url, (0, ""))[0] == 200


# --- the proofs -----------------------------------------------------------------------------------------


def test_a_stranger_never_receives_a_point_near_a_post_or_a_home(crawl_as, world):
    pages = crawl_as("stranger")

    assert leaks(pages, world.secrets) == []
    # The crawl reached what a stranger can see: pages, the map and its data, the APIs.
    for url in ("/near-me", "/maps/near-me", f"/api/v1/map/posts?bbox={BBOX}", "/api/v1/needs",
                "/api/v1/offers", f"/needs/{world.ids['at_home']}", f"/api/v1/needs/{world.ids['at_home']}",
                f"/offers/{world.offer_ids[0]}"):
        assert ok(pages, url), f"{url} answered {pages.get(url, ('not fetched',))[0]}"
    # And it did collect coordinates: each post a stranger may see shows up at its public point.
    for title, point in world.visible_to_strangers.items():
        distance = nearest(pages, point)
        assert MIN_METRES * 0.99 <= distance <= MAX_METRES, f"{title}: nearest position {distance:.0f} m"


def test_an_anonymous_visitor_never_receives_a_point_near_a_post_or_a_home(crawl_as, world):
    pages = crawl_as(None)

    assert ok(pages, "/")
    assert leaks(pages, world.secrets) == []


def test_a_group_member_sees_groups_only_needs_but_never_their_place(crawl_as, world):
    pages = crawl_as("member")

    assert leaks(pages, world.secrets) == []
    assert "Groups only please" in "".join(body for _status, body in pages.values())


def test_the_exact_point_does_reach_the_poster_the_accepted_helper_and_connectors(crawl_as):
    # The same crawl finds the exact points for those allowed them, so the tests above can fail.
    allowed = {
        "poster_a": {"Ada's need at home": HOME_A, "Ada's need elsewhere": ELSEWHERE},
        "poster_b": {"Bea's need": HOME_B},
        "helper": {"the need Hal helps with": HOME_B},
        "connector": {"Ada's need at home": HOME_A, "Ada's need elsewhere": ELSEWHERE},
    }
    for who, points in allowed.items():
        pages = crawl_as(who)
        for name, point in points.items():
            assert nearest(pages, point) < 1, f"{who} was not shown {name} exactly"


def test_a_post_always_lands_on_the_same_public_point(privacy_app, world):
    client = sign_in(privacy_app.test_client(), _user(world.stranger))
    url = f"/api/v1/map/posts?bbox={BBOX}"

    first, second = client.get(url).get_json(), client.get(url).get_json()

    assert first == second
    # Two posts from the same home share one public point, so many posts cannot be averaged back to it.
    points = {tuple(f["geometry"]["coordinates"]) for f in first["features"]
              if f["properties"]["title"] in ("Shopping from home", "Spare bread")}
    assert len(points) == 1
    assert public_position(*HOME_A, salt=SALT) == public_position(*HOME_A, salt=SALT)


def test_public_points_are_200_to_500_m_away_and_250_m_or_more_on_average():
    rng = random.Random(20240611)
    salt = "a-salt-for-this-test"
    distances = []
    for _ in range(20_000):
        lat, lng = rng.uniform(51.48, 51.56), rng.uniform(-0.42, -0.24)
        distances.append(metres_between(lat, lng, *public_position(lat, lng, salt=salt)))

    assert min(distances) >= MIN_METRES - 0.5
    assert max(distances) <= MAX_METRES + 0.5
    assert statistics.mean(distances) >= 250
    # Spread over the ring, not bunched at an edge, and not guessable without the salt.
    assert statistics.median(distances) > 300
    assert public_position(51.5, -0.3, salt="one") != public_position(51.5, -0.3, salt="two")


def test_the_coordinate_collector_reads_json_attributes_scripts_and_urls():
    sample = (
        '<div data-lat="51.516371" data-lng="-0.304123"></div>'
        '<script>var c = {"coordinates": [-0.311947, 51.519263]};</script>'
        '<a href="/x?bbox=-0.3100%2C51.5080">x</a>'
        + json.dumps({"lat": 51.508842, "distance": 1.5, "lng": -0.312377})
    )

    pairs = coordinate_pairs(sample)

    for point in (HOME_A, ELSEWHERE, HOME_B, (51.508, -0.31)):
        assert min(metres_between(*pair, *point) for pair in pairs) < 1


def _user(user_id: int) -> User:
    # sign_in only needs the id and session version the app will load.
    user = User(id=user_id, session_version=1)
    return user
