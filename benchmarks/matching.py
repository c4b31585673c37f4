"""Matching on the city demo: the top ten helpers for a new need. Budget: p95 ≤ 20 ms.

    .venv/bin/python benchmarks/matching.py [PATH_OR_URL] [--runs 300]

Each run posts a need (category, ward, point and urgency drawn at random from the demo's own) inside a
transaction that is rolled back, and times ``suggest_helpers`` alone: the query with its bounding box on
indexed columns, then ranking in Python. Exits 1 if p95 is over budget.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from benchmarks._city_db import SALT, backend_cpu, city_engine, note_backend, percentile  # noqa: E402
from community.db import make_sessionmaker  # noqa: E402
from community.models import Area, Category, Need, Offer, User  # noqa: E402
from community.places.privacy import public_position
from community.posts.matching import suggest_helpers

BUDGET_MS = 20.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", help="SQLite path or database URL (seeded if empty)")
    parser.add_argument("--runs", type=int, default=300)
    options = parser.parse_args()
    engine = city_engine(options.database)
    rng = random.Random(7)
    with make_sessionmaker(engine)() as session:
        offers = session.scalar(select(func.count(Offer.id)))
        needs = session.scalar(select(func.count(Need.id)))
        print(f"matching: {engine.dialect.name}, {offers:,} offers and {needs:,} needs in the database")
        categories = session.scalars(select(Category)).all()
        wards = session.scalars(select(Area).where(Area.kind == "ward")).all()
        poster = session.scalar(select(User).order_by(User.id).limit(1))
        backends: set[int] = set()
        note_backend(session.connection().connection.dbapi_connection, backends)
        timings, cpu_times, db_times, found = [], [], [], []
        for run in range(options.runs + 10):
            ward = rng.choice(wards)
            lat = ward.centre_lat + rng.uniform(-0.004, 0.004)
            lng = ward.centre_lng + rng.uniform(-0.006, 0.006)
            plat, plng = public_position(lat, lng, salt=SALT)
            need = Need(requester_id=poster.id, posted_by_id=poster.id,
                        category_id=rng.choice(categories).id, title="Benchmark need", body="",
                        urgency=rng.choice(["today", "this_week", "no_rush"]),
                        lat=lat, lng=lng, public_lat=plat, public_lng=plng, area_id=ward.id,
                        visibility="public", status="open")
            session.add(need)
            session.flush()
            db_cpu = backend_cpu(backends)
            started, cpu = time.perf_counter(), time.process_time()
            suggestions = suggest_helpers(session, need=need)
            elapsed = (time.perf_counter() - started) * 1000
            cpu_ms = (time.process_time() - cpu) * 1000
            db_ms = (backend_cpu(backends) - db_cpu) * 1000
            session.rollback()
            if run >= 10:  # the first few warm the caches and the connection
                timings.append(elapsed)
                cpu_times.append(cpu_ms)
                db_times.append(db_ms)
                found.append(len(suggestions))
    p50, p95 = statistics.median(timings), percentile(timings, 0.95)
    print(f"matching: {len(timings)} new needs, {statistics.mean(found):.1f} suggestions on average "
          f"(max {max(found)})")
    print(f"matching: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(timings):.1f} ms "
          f"(budget p95 ≤ {BUDGET_MS:g} ms)")
    print(f"matching: CPU time of this process p50 {statistics.median(cpu_times):.1f} ms, "
          f"p95 {percentile(cpu_times, 0.95):.1f} ms (with SQLite this includes the database; on a busy "
          f"machine it is the steadier guide)")
    if backends:
        both = [c + d for c, d in zip(cpu_times, db_times, strict=True)]
        print(f"matching: CPU time of the database server p50 {statistics.median(db_times):.1f} ms, "
              f"p95 {percentile(db_times, 0.95):.1f} ms; both together p50 {statistics.median(both):.1f} ms, "
              f"p95 {percentile(both, 0.95):.1f} ms")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    where = f" {options.database}" if options.database else ""
    print(f"command: .venv/bin/python benchmarks/matching.py{where} --runs {options.runs}")
    return 0 if p95 <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
