"""The "near me" list page on the city demo, through the Flask test client. Budget: p95 ≤ 100 ms.

    .venv/bin/python benchmarks/near_me.py [PATH_OR_URL] [--runs 200]

Signs in as the demo resident and asks for the page with a mix of filters (distance 1–10 km, needs or
offers or both, a category or none, nearest or newest, first or later pages), timing the whole request:
routing, the query, presenting each post for the viewer and rendering the template. Exits 1 if over budget.
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

from sqlalchemy import select  # noqa: E402

from benchmarks._city_db import SALT, city_engine, database_url, percentile  # noqa: E402
from community.db import make_sessionmaker  # noqa: E402
from community.models import Category, User  # noqa: E402

BUDGET_MS = 100.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", help="SQLite path or database URL (seeded if empty)")
    parser.add_argument("--runs", type=int, default=200)
    options = parser.parse_args()
    engine = city_engine(options.database)
    with make_sessionmaker(engine)() as session:
        viewer = session.scalar(select(User).where(User.home_lat.is_not(None), User.role == "resident")
                                .order_by(User.id).limit(1))
        category_ids = list(session.scalars(select(Category.id)))
    engine.dispose()

    from app import create_app
    from config import TestingConfig

    app = create_app(TestingConfig, DATABASE_URL=database_url(options.database), LOCATION_SALT=SALT)
    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie["_user_id"], cookie["_fresh"] = viewer.get_id(), True
    rng = random.Random(11)
    timings, cpu_times, results = [], [], []
    for run in range(options.runs + 5):
        args = {"within_km": rng.choice([1, 2, 2, 5, 10]), "show": rng.choice(["both", "needs", "offers"]),
                "sort": rng.choice(["distance", "newest"]), "page": rng.choice([1, 1, 1, 2, 3])}
        if rng.random() < 0.5:
            args["category_id"] = rng.choice(category_ids)
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get("/near-me", query_string=args)
        elapsed = (time.perf_counter() - started) * 1000
        cpu_ms = (time.process_time() - cpu) * 1000
        assert response.status_code == 200, response.status_code
        if run >= 5:
            timings.append(elapsed)
            cpu_times.append(cpu_ms)
            results.append(response.get_data(as_text=True).count('<tr class="govuk-table__row">') - 1)
    p50, p95 = statistics.median(timings), percentile(timings, 0.95)
    print(f"near_me: {engine.dialect.name}, viewer {viewer.display_name}; {len(timings)} pages, "
          f"{statistics.mean(results):.1f} rows per page on average")
    print(f"near_me: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(timings):.1f} ms "
          f"(budget p95 ≤ {BUDGET_MS:g} ms)")
    print(f"near_me: CPU time of this process p50 {statistics.median(cpu_times):.1f} ms, "
          f"p95 {percentile(cpu_times, 0.95):.1f} ms (with SQLite this includes the database; on a busy "
          f"machine it is the steadier guide)")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    where = f" {options.database}" if options.database else ""
    print(f"command: .venv/bin/python benchmarks/near_me.py{where} --runs {options.runs}")
    app.extensions["weave.engine"].dispose()
    return 0 if p95 <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
