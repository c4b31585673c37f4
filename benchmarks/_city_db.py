"""A city-scale demo database for the residents' benchmarks: seeded once, then reused by path.

    python benchmarks/matching.py                 # seeds /tmp/weave-bench-city.sqlite the first time
    python benchmarks/matching.py PATH_OR_URL     # reuse (or seed) that database
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from community.db import make_engine, make_sessionmaker, session_scope  # noqa: E402
from community.demo import seed_demo  # noqa: E402
from community.demo.seed import has_council_data  # noqa: E402
from community.migrate import upgrade_to_head  # noqa: E402

DEFAULT_PATH = "/tmp/weave-bench-city.sqlite"
SALT = "benchmark-salt"


def database_url(argument: str | None) -> str:
    target = argument or os.environ.get("WEAVE_BENCH_DATABASE") or DEFAULT_PATH
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).resolve()}"


def city_engine(argument: str | None):
    """An engine on a city-scale demo database, seeding it first if it has no people yet."""
    url = database_url(argument)
    engine = make_engine(url)
    upgrade_to_head(engine)
    factory = make_sessionmaker(engine)
    with factory() as session:
        ready = has_council_data(session)
    if not ready:
        where = engine.url.render_as_string(hide_password=True)
        print(f"Seeding the city demo into {where} (a few minutes)…")
        started = time.perf_counter()
        with session_scope(factory) as session:
            seed_demo(session, scale="city", seed=1, now=datetime.now(UTC).replace(microsecond=0),
                      location_salt=SALT, progress=lambda m: print(f"  {m}"))
        print(f"Seeded in {time.perf_counter() - started:.0f} s")
    return engine


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]
