"""Map weight: the bytes of the near-me map document with 1,000 and with 100,000 posts in the database,
next to a naive Folium map with one Marker (and popup) per post.

    .venv/bin/python benchmarks/map_weight.py              # 1,000 and 100,000 posts (about a minute)
    .venv/bin/python benchmarks/map_weight.py --sizes 1000 10000

Weave's document carries no posts: they arrive as GeoJSON for the part of the map in view and its zoom,
as counts per cell of the server's grid when there are many (at most 300 cells), one by one only when few
(at most 150). So the document must be the same size at every scale (exit 1 if it grows), and every data
request is bounded by cells, not posts (exit 1 if the first view is over 100 KiB). The naive map holds every
post in the page itself.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import folium  # noqa: E402
from markupsafe import escape  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from community.accounts.passwords import UNUSABLE_PASSWORD
from community.db import make_engine, make_sessionmaker  # noqa: E402
from community.migrate import upgrade_to_head  # noqa: E402
from community.models import Category, Need, Offer, User  # noqa: E402
from community.places.privacy import public_position

CENTRE = (51.5130, -0.3089)
# Roughly the London Borough of Ealing.
SOUTH, NORTH, WEST, EAST = 51.485, 51.560, -0.42, -0.24
SALT = "weave-testing-salt"
# A 2 km view around the centre, as the near-me map first asks for it, and the whole borough.
VIEW_BBOX = "-0.3233,51.5040,-0.2945,51.5220"
BOROUGH_BBOX = f"{WEST},{SOUTH},{EAST},{NORTH}"


def random_posts(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    posts = []
    for n in range(count):
        lat, lng = rng.uniform(SOUTH, NORTH), rng.uniform(WEST, EAST)
        plat, plng = public_position(lat, lng, salt=SALT)
        posts.append({"title": f"Post {n}: help with shopping & a lift <{n}>", "lat": lat, "lng": lng,
                      "public_lat": plat, "public_lng": plng, "kind": "need" if n % 2 else "offer"})
    return posts


def seed_database(url: str, posts: list[dict]) -> int:
    engine = make_engine(url)
    upgrade_to_head(engine)
    with make_sessionmaker(engine)() as session:
        viewer = User(email="viewer@example.test", email_normalised="viewer@example.test",
                      display_name="Viewer", password_hash=UNUSABLE_PASSWORD, role="resident",
                      home_lat=CENTRE[0], home_lng=CENTRE[1])
        poster = User(email="poster@example.test", email_normalised="poster@example.test",
                      display_name="Poster", password_hash=UNUSABLE_PASSWORD, role="resident")
        category = Category(slug="food-and-shopping", name="Food and shopping")
        session.add_all([viewer, poster, category])
        session.flush()
        common = {"category_id": category.id, "body": "Details"}
        where = ("title", "lat", "lng", "public_lat", "public_lng")
        needs = [{**common, **{k: p[k] for k in where}, "requester_id": poster.id, "posted_by_id": poster.id,
                  "urgency": "this_week", "visibility": "public", "status": "open"}
                 for p in posts if p["kind"] == "need"]
        offers = [{**common, **{k: p[k] for k in where}, "user_id": poster.id, "status": "active"}
                  for p in posts if p["kind"] == "offer"]
        if needs:
            session.execute(insert(Need), needs)
        if offers:
            session.execute(insert(Offer), offers)
        session.commit()
        viewer_id = viewer.id
    engine.dispose()
    return viewer_id


def weave_bytes(url: str, viewer_id: int) -> dict:
    from app import create_app
    from config import TestingConfig

    app = create_app(TestingConfig, DATABASE_URL=url)
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = f"{viewer_id}:1"
    document = client.get("/maps/near-me?distance=2")
    assert document.status_code == 200, document.status_code
    started = time.perf_counter()
    view = client.get("/api/v1/map/posts", query_string={"bbox": VIEW_BBOX, "zoom": 14})
    view_seconds = time.perf_counter() - started
    started = time.perf_counter()
    borough = client.get("/api/v1/map/posts", query_string={"bbox": BOROUGH_BBOX, "zoom": 11})
    borough_seconds = time.perf_counter() - started
    assert view.status_code == borough.status_code == 200
    app.extensions["weave.engine"].dispose()
    return {
        "document": len(document.data),
        "view_data": len(view.data),
        "view_features": len(view.get_json()["features"]),
        "view_clustered": view.get_json()["clustered"],
        "view_seconds": view_seconds,
        "borough_data": len(borough.data),
        "borough_features": len(borough.get_json()["features"]),
        "borough_clustered": borough.get_json()["clustered"],
        "borough_seconds": borough_seconds,
    }


def naive_bytes(posts: list[dict]) -> tuple[int, float]:
    """What a map that put every post in the page would weigh (escaped popups, public positions)."""
    started = time.perf_counter()
    m = folium.Map(location=CENTRE, zoom_start=14)
    for post in posts:
        folium.Marker((post["public_lat"], post["public_lng"]),
                      popup=folium.Popup(str(escape(post["title"])))).add_to(m)
    html = m.get_root().render()
    return len(html.encode()), time.perf_counter() - started


def kib(n: int) -> str:
    return f"{n / 1024:,.1f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MiB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    rows = []
    for size in args.sizes:
        posts = random_posts(size, args.seed)
        url = f"sqlite:///{tempfile.mkdtemp(prefix='weave-map-weight-')}/weight.sqlite"
        viewer_id = seed_database(url, posts)
        weave = weave_bytes(url, viewer_id)
        naive, naive_seconds = naive_bytes(posts)
        rows.append((size, weave, naive, naive_seconds))

    print(f"{'posts':>8} | {'Weave document':>14} | {'first view data':>30} | {'whole borough data':>38} | "
          f"{'naive Folium map':>16} | {'naive build':>11}")
    for size, weave, naive, seconds in rows:
        milliseconds = weave["view_seconds"] * 1000
        grouped = " cells" if weave["view_clustered"] else ""
        view = f"{kib(weave['view_data'])} ({weave['view_features']}{grouped} in {milliseconds:.0f} ms)"
        capped = " cells" if weave["borough_clustered"] else ""
        borough = (f"{kib(weave['borough_data'])} ({weave['borough_features']}{capped} in "
                   f"{weave['borough_seconds'] * 1000:.0f} ms)")
        print(f"{size:>8,} | {weave['document']:>8,} bytes | {view:>30} | {borough:>38} | "
              f"{kib(naive):>16} | {seconds:>9.1f} s")
    documents = {weave["document"] for _size, weave, _naive, _seconds in rows}
    if len(documents) != 1:
        print(f"FAIL: the map document's size changed with the number of posts: {sorted(documents)}")
        return 1
    heavy = [size for size, weave, _naive, _seconds in rows if weave["view_data"] > 100 * 1024]
    if heavy:
        print(f"FAIL: the first view's data is over 100 KiB with {heavy} posts")
        return 1
    print("OK: the map document is the same size at every scale, and the first view's data under 100 KiB.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
