"""One day's alerts and digests at city scale, and the email sender's speed. Budgets: building ≤ 60 s with a
number of queries that does not grow with the subscribers; sending ≥ 50 messages a second.

    .venv/bin/python benchmarks/digests.py [PATH_OR_URL] [--subscriptions 5000] [--send 1000]
        [--sender-database postgresql+psycopg://user@host/empty_db]

On the city demo (seeded the first time, see benchmarks/_city_db.py) it adds ``--subscriptions`` alert
subscriptions of mixed kinds (needs or offers; around home, in wards or where a group works; any or some kinds
of help; immediately, daily or weekly), then builds one day's immediate and daily alerts with the
coordinators' digests and the week's alerts with the connectors' digests, counting every SQL statement. It
builds them again with a fifth of the subscriptions to show the query count does not follow the number of
subscribers. Then it times the sender: ``--send`` queued emails through SMTP, over ``--connections``
connections, to aiosmtpd in a process of its own, on the demo database and on each ``--sender-database``
(give an empty PostgreSQL one: production runs on PostgreSQL, where the budget applies; SQLite, the
development database, is shown for comparison). Exits 1 if over a budget.
"""

from __future__ import annotations

import argparse
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import delete, event, func, select  # noqa: E402

from benchmarks._city_db import SALT, city_engine, database_url  # noqa: E402
from community.db import make_sessionmaker, session_scope  # noqa: E402
from community.models import (  # noqa: E402
    AlertRun,
    AlertSubscription,
    Area,
    Category,
    Group,
    Need,
    OutboxEmail,
    User,
)

BUILD_BUDGET_S = 60.0
MAX_STATEMENTS = 200
SEND_BUDGET_PER_S = 50.0
DEFAULT_PATH = "/tmp/weave-email-city.sqlite"


class Counter:
    def __init__(self, engine) -> None:
        self.statements = 0
        self.inserts = 0
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, _conn, _cursor, statement, _params, _context, executemany) -> None:
        self.statements += 1
        if statement.lstrip().upper().startswith("INSERT"):
            self.inserts += 1

    def reset(self) -> None:
        self.statements = self.inserts = 0


def add_subscriptions(factory, count: int, *, seed: int, created) -> None:
    rng = random.Random(seed)
    with session_scope(factory) as session:
        people = list(session.execute(select(User.id, User.home_lat).where(User.deleted_at.is_(None))))
        wards = list(session.scalars(select(Area).where(Area.kind == "ward")))
        groups = list(session.scalars(select(Group.id)))
        categories = list(session.scalars(select(Category)))
        rows = []
        for _n in range(count):
            user_id, home = rng.choice(people)
            place = rng.choices(["near_home", "wards", "group_area"], [50, 35, 15])[0]
            if place == "near_home" and home is None:
                place = "wards"
            subscription = AlertSubscription(
                user_id=user_id, post_kind=rng.choices(["needs", "offers"], [70, 30])[0], place=place,
                frequency=rng.choices(["immediate", "daily", "weekly"], [20, 60, 20])[0], created_at=created,
                radius_km=rng.choice([0.5, 1.0, 2.0, 5.0]) if place == "near_home" else None,
                group_id=rng.choice(groups) if place == "group_area" else None,
            )
            if place == "wards":
                subscription.areas = rng.sample(wards, rng.randint(1, 3))
            subscription.categories = rng.sample(categories, rng.choice([0, 0, 1, 2, 3]))
            rows.append(subscription)
        session.add_all(rows)


def build_day(app, factory, counter: Counter, now) -> tuple[float, int, int, int]:
    """The day's immediate alerts, the daily run, the weekly run: (seconds, statements, inserts, emails)."""
    from app.alerts.writer import alert_writer
    from community.alerts import send_alerts

    with session_scope(factory) as session:
        session.execute(delete(AlertRun))
        # The day's immediate alerts in one go (as if the sender had been down all day): the worst case.
        session.add(AlertRun(period="immediate", window_start=now - timedelta(days=1, minutes=1),
                             window_end=now - timedelta(days=1)))
    counter.reset()
    started = time.perf_counter()
    emails = 0
    with app.app_context():
        for period in ("immediate", "daily", "weekly"):
            begun, before = time.perf_counter(), counter.statements
            with session_scope(factory) as session:
                result = send_alerts(session, period=period, write=alert_writer(app), now=now)
            print(f"  {period:>9}: {result.needs:,} needs and {result.offers:,} offers in the window, "
                  f"{result.emails:,} emails, {time.perf_counter() - begun:.1f} s, "
                  f"{counter.statements - before} statements")
            emails += result.emails
    return time.perf_counter() - started, counter.statements, counter.inserts, emails


class SinkProcess:
    """aiosmtpd in a process of its own (``_smtp_sink.py``), as a real mail server would be: in this process
    it would share the interpreter lock with the sender and slow both."""

    def __init__(self) -> None:
        from tests.builders.mail import free_port

        self.port = free_port()
        self.url = f"smtp://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([sys.executable, str(Path(__file__).with_name("_smtp_sink.py")),
                                         str(self.port)], stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None and self.process.stdout.readline().strip() == "ready"

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        out, _err = self.process.communicate(timeout=30)
        return int(out.strip() or 0)


def sender_rate(url: str, count: int, connections: int = 4) -> tuple[float, int, int]:
    """Queue ``count`` emails in the database at ``url`` and time one pass of the SMTP sender to a local
    aiosmtpd; returns (messages a second, sent, arrived)."""
    inbox = SinkProcess()
    from app import create_app
    from app.email.sender import send_outbox
    from community.db import make_engine
    from community.migrate import upgrade_to_head
    from config import TestingConfig

    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    app = create_app(TestingConfig, DATABASE_URL=url, EMAIL_BACKEND="smtp", SMTP_URL=inbox.url,
                     EMAIL_SENDER_THREAD=False, BASE_URL="https://weave.example")
    factory = app.extensions["weave.sessionmaker"]
    with session_scope(factory) as session:
        session.execute(delete(OutboxEmail))
        session.add_all(OutboxEmail(to_address=f"person{n}@example.com", subject="A test",
                                    body="Hello\n" * 20) for n in range(count))
    started = time.perf_counter()
    result = send_outbox(app, limit=count, connections=connections)
    elapsed = time.perf_counter() - started
    with session_scope(factory) as session:
        session.execute(delete(OutboxEmail))
    app.extensions["weave.engine"].dispose()
    return (result.sent / elapsed if elapsed else 0.0), result.sent, inbox.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", default=DEFAULT_PATH, help="SQLite path or database URL")
    parser.add_argument("--subscriptions", type=int, default=5000)
    parser.add_argument("--send", type=int, default=1000)
    parser.add_argument("--connections", type=int, default=8, help="SMTP connections the sender opens")
    parser.add_argument("--sender-database", action="append", default=[], metavar="URL",
                        help="Also time the sender on this (empty) database, e.g. PostgreSQL")
    options = parser.parse_args()
    print("$ .venv/bin/python " + " ".join(sys.argv))
    engine = city_engine(options.database)
    factory = make_sessionmaker(engine)
    with session_scope(factory) as session:
        now = session.scalar(select(func.max(Need.created_at))) + timedelta(minutes=1)
        session.execute(delete(AlertSubscription))
        session.execute(delete(OutboxEmail))
        people = session.scalar(select(func.count(User.id)))
        needs = session.scalar(select(func.count(Need.id)))
    print(f"City demo: {people:,} people, {needs:,} needs; the day ends {now:%Y-%m-%d %H:%M} UTC")

    from app import create_app
    from config import TestingConfig

    app = create_app(TestingConfig, DATABASE_URL=database_url(options.database), LOCATION_SALT=SALT,
                     EMAIL_SENDER_THREAD=False, BASE_URL="https://weave.example")
    app_engine = app.extensions["weave.engine"]
    app_factory = app.extensions["weave.sessionmaker"]
    counter = Counter(app_engine)
    ok = True

    small = options.subscriptions // 5
    add_subscriptions(app_factory, small, seed=1, created=now - timedelta(days=8))
    seconds_small, statements_small, inserts_small, emails_small = build_day(app, app_factory, counter, now)
    print(f"With {small:,} subscriptions: {seconds_small:.1f} s, {statements_small - inserts_small} queries "
          f"+ {inserts_small} INSERT statements, {emails_small:,} emails")

    add_subscriptions(app_factory, options.subscriptions - small, seed=2, created=now - timedelta(days=8))
    with session_scope(app_factory) as session:
        session.execute(delete(OutboxEmail))
    seconds, statements, inserts, emails = build_day(app, app_factory, counter, now)
    print(f"With {options.subscriptions:,} subscriptions: {seconds:.1f} s (budget {BUILD_BUDGET_S:.0f} s), "
          f"{statements - inserts} queries + {inserts} INSERT statements, {emails:,} emails")
    if seconds > BUILD_BUDGET_S:
        print("  OVER BUDGET")
        ok = False
    # Bounded: the same queries whatever the number of subscribers (the eager loads of subscriptions' wards
    # and kinds of help go 500 ids at a time, so they add one query per 500 subscriptions, not per one).
    if statements > MAX_STATEMENTS:
        print(f"  More than {MAX_STATEMENTS} statements")
        ok = False

    for url in [database_url(options.database), *options.sender_database]:
        rate, sent, arrived = sender_rate(url, options.send, options.connections)
        where = "SQLite" if url.startswith("sqlite") else "PostgreSQL"
        print(f"Sender on {where}, {options.connections} connections: {sent:,} messages to a local aiosmtpd "
              f"at {rate:.0f} messages/s "
              f"(budget ≥ {SEND_BUDGET_PER_S:.0f}); {arrived:,} arrived")
        if arrived != sent or (rate < SEND_BUDGET_PER_S and not url.startswith("sqlite")):
            print("  UNDER BUDGET")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
