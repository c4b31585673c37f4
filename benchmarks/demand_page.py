"""The demand-management page's queries on the city demo. Budget: p95 ≤ 100 ms.

    .venv/bin/python benchmarks/demand_page.py [PATH_OR_URL] [--runs 100]

Refreshes the rollup of the needs once (``flask council evidence``, scheduled every 10 minutes; its time is
printed), then times ``demand_evidence`` (every query the page makes: the rollup, referrals, escalations,
unit costs) for a mix of what people ask for: the last 6, 12 or
24 months, all wards or one, every kind of help or one. Prints p50 and p95 and exits 1 if p95 is over
budget. Works on SQLite (a path) and PostgreSQL (a URL); the city demo is seeded into an empty database
first (a few minutes).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from benchmarks._city_db import city_engine, percentile  # noqa: E402
from community.council.evidence import EvidenceFilter, demand_evidence, refresh_demand_rollup  # noqa: E402
from community.db import make_sessionmaker  # noqa: E402
from community.models import Area, Category, Need  # noqa: E402

BUDGET_MS = 100.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", help="SQLite path or database URL (seeded if empty)")
    parser.add_argument("--runs", type=int, default=100)
    options = parser.parse_args()
    engine = city_engine(options.database)
    rng = random.Random(5)
    samples = []
    with make_sessionmaker(engine)() as session:
        needs = session.scalar(select(func.count(Need.id)))
        wards = list(session.scalars(select(Area.id).where(Area.kind == "ward")))
        categories = list(session.scalars(select(Category.id)))
        started = time.perf_counter()
        rows = refresh_demand_rollup(session)  # what `flask council evidence` does every 10 minutes
        session.commit()
        refresh_ms = (time.perf_counter() - started) * 1000
        demand_evidence(session, flt=EvidenceFilter.last(12), by_cell=False)  # warm, as a running server is
        for _ in range(options.runs):
            flt = EvidenceFilter.last(rng.choice((6, 12, 12, 24)),
                                      area_id=rng.choice([None, None, *wards]),
                                      category_id=rng.choice([None, None, *categories]))
            started = time.perf_counter()
            demand_evidence(session, flt=flt, by_cell=False)
            samples.append((time.perf_counter() - started) * 1000)
    where = engine.url.render_as_string(hide_password=True)
    p95 = percentile(samples, 0.95)
    print(f"{engine.dialect.name}: {where}, {needs:,} needs")
    print(f"refreshing the rollup (flask council evidence): {refresh_ms:.0f} ms, {rows:,} rows")
    print(f"{options.runs} runs: p50 {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms, "
          f"max {max(samples):.1f} ms (budget p95 ≤ {BUDGET_MS:.0f} ms)")
    return 0 if p95 <= BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
