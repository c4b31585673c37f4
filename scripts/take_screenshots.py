"""Take the README's screenshots: the home page signed out, and signed in as a council connector.

    .venv/bin/python scripts/take_screenshots.py        (after `make assets`)

Runs Weave against a throwaway SQLite database with a handful of made-up records, in a local thread,
and drives Debian's Chromium through Playwright. Writes docs/screenshots/home.png and home-connector.png.
"""

from __future__ import annotations

import sys
import tempfile
import threading
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from app import create_app  # noqa: E402
from community.accounts.passwords import hash_password  # noqa: E402
from community.db import make_engine, make_sessionmaker, utcnow  # noqa: E402
from community.migrate import upgrade_to_head  # noqa: E402
from community.models import Category, Group, Membership, Need, User  # noqa: E402
from config import DevelopmentConfig  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PASSWORD = "screenshot pass phrase"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def seed(url: str) -> None:
    engine = make_engine(url)
    upgrade_to_head(engine)
    now = utcnow()
    with make_sessionmaker(engine)() as session:
        connector = User(email="sam@example.com", email_normalised="sam@example.com",
                         display_name="Sam Okafor", password_hash=hash_password(PASSWORD), role="connector")
        resident = User(email="ana@example.com", email_normalised="ana@example.com", display_name="Ana",
                        password_hash=hash_password(PASSWORD))
        session.add_all([connector, resident])
        category = Category(slug="shopping", name="Shopping")
        session.add(category)
        for n, (name, assured_days) in enumerate(
            [("Acton Mutual Aid", 40), ("Southall Community Kitchen", 500), ("Hanwell Tenants", None)]
        ):
            group = Group(name=name, name_normalised=name.lower(), slug=f"group-{n}", kind="mutual_aid",
                          assured_at=None if assured_days is None else now - timedelta(days=assured_days))
            session.add(group)
            session.flush()
            session.add(
                Membership(user_id=connector.id, group_id=group.id, role="coordinator", status="active")
            )
        session.flush()
        for n, status in enumerate(["open"] * 7 + ["in_progress"] * 3 + ["met"] * 12):
            session.add(Need(requester_id=resident.id, posted_by_id=resident.id, category_id=category.id,
                             title=f"Need {n}", lat=51.513, lng=-0.309, public_lat=51.515, public_lng=-0.306,
                             status=status, met_at=now - timedelta(days=n) if status == "met" else None))
        session.commit()
    engine.dispose()


def main() -> None:
    url = f"sqlite:///{tempfile.mkdtemp(prefix='weave-screenshots-')}/weave.sqlite"
    seed(url)
    app = create_app(DevelopmentConfig, DATABASE_URL=url, RATELIMIT_ENABLED=False)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.goto(base + "/")
            page.screenshot(path=OUT / "home.png", full_page=True)
            page.goto(base + "/sign-in")
            page.fill("[name=email]", "sam@example.com")
            page.fill("[name=password]", PASSWORD)
            page.locator("main form [type=submit]").click()
            page.wait_for_url(base + "/")
            page.screenshot(path=OUT / "home-connector.png", full_page=True)
            browser.close()
    finally:
        server.shutdown()
    print(f"Wrote {OUT / 'home.png'} and {OUT / 'home-connector.png'}")


if __name__ == "__main__":
    main()
