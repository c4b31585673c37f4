"""Open Referral UK at city scale (2,000 groups). Budgets: ``/oruk/services?per_page=50`` p95 ≤ 100 ms, and
importing 2,000 ORUK services ≤ 30 s.

    .venv/bin/python benchmarks/oruk.py [PATH_OR_URL] [--runs 200]

PATH_OR_URL is the city demo's database (seeded the first time; default /tmp/weave-bench-city-oruk.sqlite).
1. Asks for ``/oruk/services?per_page=50`` through the Flask test client with a mix of pages, text
   searches and taxonomy terms, timing each whole request.
2. Exports the city's directory (every group, fully nested) and imports it into an empty database holding
   only the Ealing wards and the starter categories, timing ``apply_import`` and its commit; then imports
   it again (every group found by its ORUK id, nothing to change). The empty database is a temporary
   SQLite file, or ``<database>_oruk_import`` beside a PostgreSQL one (created if missing, emptied first).
Exits 1 if either budget is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, text  # noqa: E402

from benchmarks._city_db import SALT, city_engine, percentile  # noqa: E402
from benchmarks._city_db import database_url as city_url  # noqa: E402
from community.db import make_engine, make_sessionmaker, session_scope  # noqa: E402
from community.directory import apply_import, ensure_directory_ids, export_document  # noqa: E402
from community.directory.sources import listings_from_json  # noqa: E402
from community.migrate import upgrade_to_head  # noqa: E402
from community.models import Group  # noqa: E402
from community.places import (  # noqa: E402
    STARTER_CATEGORIES_FILE,
    import_areas,
    import_categories,
    read_category_file,
)

DEFAULT_PATH = "/tmp/weave-bench-city-oruk.sqlite"
LIST_BUDGET_MS, IMPORT_BUDGET_S = 100.0, 30.0
WARDS = Path(__file__).resolve().parent.parent / "community" / "data" / "ealing" / "wards.geojson"


def list_timings(url: str, runs: int) -> tuple[list[float], list[float], int, int]:
    from app import create_app
    from config import TestingConfig

    app = create_app(TestingConfig, DATABASE_URL=url, LOCATION_SALT=SALT)
    client = app.test_client()
    terms = [t["id"] for t in client.get("/oruk/taxonomy_terms?per_page=100").get_json()["contents"]]
    total = client.get("/oruk/services?per_page=50").get_json()["total_items"]
    rng = random.Random(7)
    timings, cpu_times, sizes = [], [], []
    for run in range(runs + 5):
        args: dict[str, object] = {"per_page": 50, "page": rng.choice([1, 1, 2, 3, 5, 10, 20, 40])}
        roll = rng.random()
        if roll < 0.25:
            args["search"] = rng.choice(["help", "food", "club", "ealing", "friends"])
        elif roll < 0.5:
            args["taxonomy_term_id"] = rng.choice(terms)
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get("/oruk/services", query_string=args)
        elapsed = (time.perf_counter() - started) * 1000
        cpu_ms = (time.process_time() - cpu) * 1000
        assert response.status_code == 200, response.get_data(as_text=True)
        if run >= 5:
            timings.append(elapsed)
            cpu_times.append(cpu_ms)
            sizes.append(response.get_json()["size"])
    app.extensions["weave.engine"].dispose()
    return timings, cpu_times, total, round(statistics.mean(sizes))


def empty_import_database(url: str):
    """An empty database beside the city's, at head, with only the Ealing wards and starter categories."""
    if url.startswith("sqlite"):
        target = f"sqlite:///{tempfile.mkdtemp(prefix='weave-oruk-import-')}/import.sqlite"
    else:
        from sqlalchemy import make_url

        from tests.conftest import worker_database

        target = worker_database(url, "oruk_import")
        engine = make_engine(target)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        assert make_url(target).database
    engine = make_engine(target)
    upgrade_to_head(engine)
    with session_scope(make_sessionmaker(engine)) as session:
        import_areas(session, source=WARDS, kind="ward")
        import_categories(session, specs=read_category_file(STARTER_CATEGORIES_FILE))
    return engine


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", default=None, help="SQLite path or database URL")
    parser.add_argument("--runs", type=int, default=200)
    options = parser.parse_args()
    target = options.database or os.environ.get("WEAVE_BENCH_DATABASE") or DEFAULT_PATH
    engine = city_engine(target)
    url = city_url(target)
    dialect = engine.dialect.name
    with session_scope(make_sessionmaker(engine)) as session:
        ensure_directory_ids(session)
    with make_sessionmaker(engine)() as session:
        started = time.perf_counter()
        document = json.loads(json.dumps(export_document(session)))
        export_s = time.perf_counter() - started
    engine.dispose()

    timings, cpu_times, total, size = list_timings(url, options.runs)
    p50, p95 = statistics.median(timings), percentile(timings, 0.95)
    print(f"oruk: {dialect}; {total} published services; {len(timings)} requests of "
          f"/oruk/services?per_page=50 (pages 1–40, a quarter with search, a quarter with a taxonomy term), "
          f"{size} services per page on average")
    print(f"oruk: /oruk/services p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(timings):.1f} ms "
          f"(budget p95 ≤ {LIST_BUDGET_MS:g} ms)")
    print(f"oruk: CPU time of this process p50 {statistics.median(cpu_times):.1f} ms, "
          f"p95 {percentile(cpu_times, 0.95):.1f} ms (with SQLite this includes the database; on a busy "
          f"machine it is the steadier guide)")
    print(f"oruk: exporting all {document['total_items']} services fully nested took {export_s:.1f} s "
          f"({len(json.dumps(document)) / 1e6:.1f} MB of JSON)")

    importer = empty_import_database(url)
    factory = make_sessionmaker(importer)
    listings = listings_from_json(document)
    started = time.perf_counter()
    with session_scope(factory) as session:
        plan = apply_import(session, listings=listings, source="city.json")
    import_s = time.perf_counter() - started
    started = time.perf_counter()
    with session_scope(factory) as session:
        again = apply_import(session, listings=listings, source="city.json")
    again_s = time.perf_counter() - started
    with factory() as session:
        groups = session.scalar(select(func.count()).select_from(Group))
    print(f"oruk: importing {len(listings)} ORUK services into an empty {importer.dialect.name} database: "
          f"{import_s:.1f} s ({plan.count('create')} groups created, {len(plan.unmapped)} things unmapped; "
          f"budget ≤ {IMPORT_BUDGET_S:g} s)")
    print(f"oruk: importing them again: {again_s:.1f} s ({again.count('unchanged')} unchanged, "
          f"{again.count('update')} updated); {groups} groups in the database")
    importer.dispose()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    where = f" {options.database}" if options.database else ""
    print(f"command: .venv/bin/python benchmarks/oruk.py{where} --runs {options.runs}")
    assert groups == len(listings)
    return 0 if p95 <= LIST_BUDGET_MS and import_s <= IMPORT_BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
