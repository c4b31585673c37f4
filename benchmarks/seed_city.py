"""Wall time of `flask demo seed --scale city`: 30,000 people, 2,000 groups, 100,000 needs and offers.

    python benchmarks/seed_city.py                      # a fresh SQLite file in a temporary folder
    python benchmarks/seed_city.py postgresql+psycopg://postgres@127.0.0.1:5432/weave_bench --reset

A PostgreSQL URL comes from the argument or DATABASE_URL. The seed refuses a database that already has
people or groups; ``--reset`` first drops and recreates that database's ``public`` schema, so only ever
point it at a scratch database. Exits 1 when seeding takes longer than the three-minute budget.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

from community.db import make_engine, make_sessionmaker, session_scope  # noqa: E402
from community.demo import seed_demo  # noqa: E402
from community.errors import DomainError  # noqa: E402
from community.migrate import upgrade_to_head  # noqa: E402

BUDGET_SECONDS = 180.0


def _url(argument: str | None) -> tuple[str, str | None]:
    url = argument or os.environ.get("DATABASE_URL")
    if not url:
        folder = tempfile.mkdtemp(prefix="weave-seed-city-")
        return f"sqlite:///{folder}/city.sqlite", folder
    for old in ("postgres://", "postgresql://"):
        if url.startswith(old):
            url = "postgresql+psycopg://" + url[len(old):]
    return url, None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?", help="database URL (default: DATABASE_URL, else new SQLite)")
    parser.add_argument("--reset", action="store_true", help="drop and recreate a PostgreSQL public schema")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()

    url, scratch = _url(options.url)
    engine = make_engine(url)
    if options.reset and engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade_to_head(engine)
    print(f"seed_city: {engine.dialect.name} at {engine.url.render_as_string(hide_password=True)}")

    now = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    started = time.perf_counter()
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            summary = seed_demo(session, scale="city", seed=options.seed, now=now,
                                location_salt="benchmark-salt", progress=lambda m: print(f"  {m}"))
    except DomainError as error:
        print(f"seed_city: {error.message}", file=sys.stderr)
        return 1
    wall = time.perf_counter() - started
    engine.dispose()

    counts = summary.counts
    posts = counts["needs"] + counts["offers"]
    print(f"seed_city: {counts['people']:,} people, {counts['groups']:,} groups, {posts:,} needs and offers, "
          f"{counts['responses']:,} responses, {counts['memberships']:,} memberships")
    print(f"seed_city: wall time {wall:.1f} s including commit (budget {BUDGET_SECONDS:.0f} s)")
    if scratch:
        Path(scratch, "city.sqlite").unlink(missing_ok=True)
        Path(scratch).rmdir()
    return 0 if wall <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
