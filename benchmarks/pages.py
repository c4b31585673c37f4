"""Each main page's own server time at city scale: p50/p95 and SQL queries per page, through the test client.

    .venv/bin/python benchmarks/pages.py [DATABASE_URL] [--runs 30] [--profile PATH]

Signs in a resident with a home (and a connector for the connectors' pages) on the city demo database
(postgresql+psycopg://postgres@127.0.0.1:5432/bench_speed by default, seeded the first time), asks for
each page ``--runs`` times after two warm-ups, and prints wall time (what a request costs the server, with
no network in between), CPU time (of this process, and of the PostgreSQL backends serving it when the
database is on this machine: ``/proc/<pid>/schedstat``) and the number of SQL statements. Budget: every
page p95 ≤ 100 ms (exit 1 otherwise). ``--profile PATH`` runs one page (a path) under pyinstrument and
prints where the time goes, and the SQL statements of one request.
On a shared machine wall times are pessimistic: the load average is printed with the figures, and the
CPU time of a request (Python plus database) is the truer measure of what it costs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, select  # noqa: E402

from benchmarks._city_db import SALT, backend_cpu, city_engine, note_backend, percentile  # noqa: E402
from community.db import make_sessionmaker  # noqa: E402
from community.models import Area, Need, Offer, User  # noqa: E402

DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_speed"
BUDGET_MS = 100.0


def pages(session) -> tuple[list[tuple[str, str]], int, int]:
    resident = session.scalar(select(User).where(User.role == "resident", User.home_lat.is_not(None),
                                                 User.email == "resident@demo.example.org"))
    resident = resident or session.scalar(select(User).where(User.role == "resident",
                                                             User.home_lat.is_not(None)).limit(1))
    connector = session.scalar(select(User).where(User.role == "connector").order_by(User.id).limit(1))
    need = session.scalar(select(Need.id).where(Need.status == "open", Need.visibility == "public",
                                                Need.posted_by_id != resident.id).limit(1))
    offer = session.scalar(select(Offer.id).where(Offer.status == "active", Offer.user_id != resident.id)
                           .limit(1))
    ward = session.scalar(select(Area.code).where(Area.kind == "ward").limit(1))
    lat, lng = resident.home_lat, resident.home_lng
    bbox = f"{lng - 0.02:.5f},{lat - 0.0056:.5f},{lng + 0.02:.5f},{lat + 0.0056:.5f}"
    as_resident = [
        ("/", "home"),
        ("/near-me", "near me"),
        ("/near-me?show=needs&within_km=5&sort=newest", "near me, 5 km, needs, newest"),
        ("/maps/near-me", "near-me map document"),
        (f"/api/v1/map/posts?bbox={bbox}&zoom=14", "map data, first view"),
        (f"/needs/{need}", "a need"),
        (f"/offers/{offer}", "an offer"),
        ("/needs/new", "ask for help (form)"),
        ("/notifications", "notifications"),
        ("/your-activity", "your activity"),
        ("/groups", "groups"),
        ("/account", "account"),
    ]
    as_connector = [
        ("/connectors/", "connectors' dashboard"),
        ("/connectors/coverage", "coverage"),
        (f"/connectors/coverage/wards/{ward}", "a ward's coverage"),
        ("/connectors/demand", "demand"),
    ]
    return ([(p, n) for p, n in as_resident] + [(p, n) for p, n in as_connector], resident.id, connector.id)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", default=DEFAULT_DATABASE)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile", help="a path to profile instead")
    options = parser.parse_args()
    engine = city_engine(options.database)
    with make_sessionmaker(engine)() as session:
        wanted, resident_id, connector_id = pages(session)
        connector_paths = {p for p, _n in wanted[-4:]}
    engine.dispose()

    from app import create_app
    from config import DevelopmentConfig

    app = create_app(DevelopmentConfig, DATABASE_URL=options.database, LOCATION_SALT=SALT,
                     SECRET_KEY="pages-benchmark-secret-key-not-for-production", WTF_CSRF_ENABLED=False)
    statements = []
    event.listen(app.extensions["weave.engine"], "before_cursor_execute",
                 lambda _conn, _cursor, statement, *args: statements.append(statement))
    backends: set[int] = set()
    event.listen(app.extensions["weave.engine"], "connect",
                 lambda dbapi, _record: note_backend(dbapi, backends))
    clients = {}
    for who, user_id in (("resident", resident_id), ("connector", connector_id)):
        client = app.test_client()
        with client.session_transaction() as flask_session:
            flask_session["_user_id"] = _user_key(app, user_id)
        clients[who] = client

    if options.profile:
        from pyinstrument import Profiler

        client = clients["connector" if options.profile in connector_paths else "resident"]
        for _ in range(2):
            client.get(options.profile)
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(options.runs):
            client.get(options.profile)
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False))
        statements.clear()
        client.get(options.profile)
        print(f"{len(statements)} SQL statements for one request:")
        for statement in statements:
            print("  " + " ".join(statement.split())[:160])
        return 0

    print(f"pages: {engine.dialect.name}, {options.runs} requests each after 2 warm-ups; times in ms")
    print(f"{'page':32} {'status':>6} {'p50':>6} {'p95':>6} {'CPU p95':>8} {'DB CPU':>7} {'both':>6} "
          f"{'queries':>7} {'KiB':>6}")
    over = []
    for path, name in wanted:
        client = clients["connector" if path in connector_paths else "resident"]
        for _ in range(2):
            client.get(path)
        walls, cpus, db_cpus, both, counts = [], [], [], [], []
        for _ in range(options.runs):
            statements.clear()
            db_cpu = backend_cpu(backends)
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            walls.append((time.perf_counter() - started) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            db_cpus.append((backend_cpu(backends) - db_cpu) * 1000)
            both.append(cpus[-1] + db_cpus[-1])
            counts.append(len(statements))
        p95 = percentile(walls, 0.95)
        if p95 > BUDGET_MS or response.status_code != 200:
            over.append(name)
        print(f"{name:32} {response.status_code:>6} {statistics.median(walls):>6.1f} {p95:>6.1f} "
              f"{percentile(cpus, 0.95):>8.1f} {_shown(db_cpus, backends)} {_shown(both, backends, 6)} "
              f"{max(counts):>7} {len(response.data) / 1024:>6.1f}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if over:
        print(f"MISSED: p95 over {BUDGET_MS:g} ms (or not 200): {', '.join(over)}")
        return 1
    print(f"OK: every page p95 ≤ {BUDGET_MS:g} ms")
    return 0


def _shown(samples: list[float], backends: set[int], width: int = 7) -> str:
    return f"{percentile(samples, 0.95):>{width}.1f}" if backends else f"{'-':>{width}}"


def _user_key(app, user_id: int) -> str:
    """The session's user key as the app's user loader expects it (the id, or id:session version)."""
    with app.app_context():
        from community.db import make_sessionmaker as _maker

        with _maker(app.extensions["weave.engine"])() as session:
            user = session.get(User, user_id)
            return user.get_id() if user is not None else str(user_id)


if __name__ == "__main__":
    sys.exit(main())
