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
        settle(engine)
    return engine


def settle(engine) -> None:
    """VACUUM ANALYZE a freshly seeded PostgreSQL database, as autovacuum would an hour later: without
    statistics and a visibility map, plans and index-only scans are not yet what a running council's are
    (the first load benchmark on a new machine gave 72 req/s against 95 after this)."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def note_backend(dbapi_connection, backends: set[int]) -> None:
    """Remember the server process behind a PostgreSQL connection, if it runs on this machine (psycopg's
    ``info.backend_pid``; SQLite has none: its work is this process's own CPU time)."""
    pid = getattr(getattr(dbapi_connection, "info", None), "backend_pid", None)
    if pid and Path(f"/proc/{pid}/schedstat").exists():
        backends.add(pid)


def backend_cpu(backends: set[int]) -> float:
    """Seconds of CPU those server processes have used. On a shared machine a request's CPU time, here and
    in the database, is a steadier measure than its wall time. (schedstat counts nanoseconds; the clock
    ticks of /proc/<pid>/stat are too coarse for one request.)"""
    total = 0
    for pid in backends:
        try:
            total += int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue
    return total / 1e9
