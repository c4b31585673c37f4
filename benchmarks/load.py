"""Throughput: 50 signed-in people against gunicorn -w 4, PostgreSQL and Redis with the city demo.

    .venv/bin/python benchmarks/load.py [DATABASE_URL] [--users 50] [--duration 60] [--ramp 20]

Residents (49) sign in through the sign-in form, then browse near me, the map (its document and its
data, as weave-map.js asks for it), needs' pages and their notifications, and now and then ask for help
through the form; one connector looks at coverage and wards. Each user waits 0.1 to 0.5 s between
requests. Locust (its FastHttpUser, run headless from this script) measures; the figures start after every
user has signed in. Prints requests a second, p50/p95/p99 and errors per endpoint, gunicorn's CPU per
request and the load tool's own CPU (on a 2-core machine the load tool competes with the server).
Targets: at least 100 requests a second, p95 at most 300 ms, no errors (exit 1 otherwise).

The database defaults to postgresql+psycopg://postgres@127.0.0.1:5432/bench_speed (seeded with the city
demo the first time, a few minutes); Redis to redis://127.0.0.1:6379/9. Sign-in limits are raised for the
run, since 50 people sign in from one address.
"""

# Locust patches the standard library for gevent: it must be imported first.
import locust  # noqa: F401, I001  isort: skip

import argparse
import html.parser
import itertools
import os
import random
import re
import resource
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import gevent
import psutil
from locust import FastHttpUser, between, task
from locust.env import Environment

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, update  # noqa: E402

from benchmarks._city_db import SALT, city_engine  # noqa: E402
from community.accounts.passwords import hash_password  # noqa: E402
from community.db import make_sessionmaker  # noqa: E402
from community.demo.people import DEMO_PASSWORD  # noqa: E402
from community.models import Area, Category, Need, User  # noqa: E402
from community.places.privacy import public_position  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_speed"
TARGET_RPS, TARGET_P95_MS = 100.0, 300.0
# The near-me map's first view around a point: a 1,000 by 420 pixel frame at zoom 14 and a quarter more on
# every side, in degrees.
HALF_LNG, HALF_LAT = 0.0201, 0.0056


class _Form(html.parser.HTMLParser):
    """The fields of the first form in a page with a CSRF token: name -> value (first option, checked box)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            if a.get("type") in ("radio", "checkbox"):
                if "checked" in a:
                    self.fields[name] = a.get("value") or "y"
                else:
                    self.fields.setdefault(name, "")
            elif a.get("type") != "submit":
                self.fields[name] = a.get("value") or ""
        elif tag == "textarea" and name:
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and a.get("value") and not self.fields[self._select]:
            self.fields[self._select] = a["value"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def form_fields(page: str) -> dict[str, str]:
    parser = _Form()
    parser.feed(page)
    return parser.fields


class World:
    residents: list[tuple[str, float, float]] = []
    connectors: list[str] = []
    need_ids: list[int] = []
    ward_codes: list[str] = []
    category_id: int = 0
    _next = itertools.count()

    @classmethod
    def resident(cls) -> tuple[str, float, float]:
        return cls.residents[next(cls._next) % len(cls.residents)]


class Person(FastHttpUser):
    abstract = True
    wait_time = between(0.1, 0.5)

    def sign_in(self, email: str) -> None:
        page = self.client.get("/sign-in", name="/sign-in").text or ""
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        with self.client.post("/sign-in", name="/sign-in [POST]", catch_response=True, allow_redirects=False,
                              data={"csrf_token": token.group(1) if token else "", "email": email,
                                    "password": DEMO_PASSWORD}) as response:
            if response.status_code != 302:
                response.failure(f"sign-in answered {response.status_code}")


class Resident(Person):
    weight = 49

    def on_start(self) -> None:
        email, lat, lng = World.resident()
        self.lat, self.lng = public_position(lat, lng, salt=SALT)
        self.sign_in(email)

    @task(4)
    def near_me(self) -> None:
        self.client.get("/near-me", name="/near-me")

    @task(1)
    def near_me_needs(self) -> None:
        self.client.get("/near-me?show=needs&within_km=5&sort=newest", name="/near-me?filters")

    @task(2)
    def map_document(self) -> None:
        self.client.get("/maps/near-me", name="/maps/near-me")

    @task(4)
    def map_data(self) -> None:
        lat = self.lat + random.uniform(-0.003, 0.003)
        lng = self.lng + random.uniform(-0.005, 0.005)
        bbox = f"{lng - HALF_LNG:.5f},{lat - HALF_LAT:.5f},{lng + HALF_LNG:.5f},{lat + HALF_LAT:.5f}"
        self.client.get(f"/api/v1/map/posts?bbox={bbox}&zoom=14", name="/api/v1/map/posts")

    @task(3)
    def a_need(self) -> None:
        self.client.get(f"/needs/{random.choice(World.need_ids)}", name="/needs/[id]")

    @task(2)
    def notifications(self) -> None:
        self.client.get("/notifications", name="/notifications")

    @task(1)
    def home(self) -> None:
        self.client.get("/", name="/")

    @task(1)
    def ask_for_help(self) -> None:
        page = self.client.get("/needs/new", name="/needs/new").text or ""
        fields = form_fields(page)
        fields.update({"category_id": str(World.category_id), "title": "Help with a heavy shopping bag",
                       "body": "From the corner shop, this week, please.", "urgency": "this_week",
                       "visibility": "public", "location": "home"})
        fields.pop("sensitive_consent", None)
        with self.client.post("/needs/new", name="/needs/new [POST]", data=fields, allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"posting a need answered {response.status_code}")


class Connector(Person):
    fixed_count = 1

    def on_start(self) -> None:
        self.sign_in(random.choice(World.connectors))

    @task(3)
    def coverage(self) -> None:
        self.client.get("/connectors/coverage", name="/connectors/coverage")

    @task(2)
    def ward(self) -> None:
        self.client.get(f"/connectors/coverage/wards/{random.choice(World.ward_codes)}",
                        name="/connectors/coverage/wards/[code]")

    @task(1)
    def dashboard(self) -> None:
        self.client.get("/connectors/", name="/connectors/")


def load_world(url: str, users: int) -> None:
    """Who signs in and what they look at. The city demo's synthetic residents cannot sign in (only its few
    named accounts can, and the sign-in form refuses their example.test addresses), so the first ``users``
    residents with a home get the demo password and an example.org address, once."""
    engine = city_engine(url)
    with make_sessionmaker(engine)() as session:
        chosen = select(User.id).where(User.role == "resident", User.deleted_at.is_(None),
                                       User.home_lat.is_not(None)).order_by(User.id).limit(users)
        ids = list(session.scalars(chosen))
        session.execute(update(User).where(User.id.in_(ids), User.password_hash.not_like("$argon2%"))
                        .values(password_hash=hash_password(DEMO_PASSWORD)))
        for user_id in ids:
            address = f"load-{user_id}@example.org"
            session.execute(update(User).where(User.id == user_id, User.email.like("%.test"))
                            .values(email=address, email_normalised=address))
        session.commit()
        people = session.execute(
            select(User.email, User.home_lat, User.home_lng).where(User.id.in_(ids)).order_by(User.id)
        ).all()
        World.residents = [(email, lat, lng) for email, lat, lng in people]
        World.connectors = list(session.scalars(
            select(User.email).where(User.role == "connector", User.password_hash.like("$argon2%"))))
        World.need_ids = list(session.scalars(
            select(Need.id).where(Need.status == "open", Need.visibility == "public", Need.hidden.is_(False))
            .order_by(func.random()).limit(2000)))
        World.ward_codes = list(session.scalars(select(Area.code).where(Area.kind == "ward")))
        World.category_id = session.scalar(
            select(Category.id).where(Category.sensitive.is_(False), Category.regulated.is_(False))
            .order_by(Category.id).limit(1)) or 0
    engine.dispose()


def start_gunicorn(url: str, redis_url: str, port: int, workers: int) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url, REDIS_URL=redis_url, WEAVE_CONFIG="development",
               SECRET_KEY="load-benchmark-secret-key-not-for-production", WEAVE_LOCATION_SALT=SALT,
               WEAVE_SIGN_IN_RATE_LIMIT="100000 per minute", WEAVE_REGISTER_RATE_LIMIT="100000 per minute")
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level",
         "warning", "wsgi:app"], cwd=ROOT, env=env, start_new_session=True)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def signed_in_count(env: Environment) -> int:
    return env.stats.get("/sign-in [POST]", "POST").num_requests


def cpu_of(processes) -> float:
    """Seconds of CPU (user and system) the processes have used; those that have ended count nothing."""
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


def server_cpu(server: subprocess.Popen) -> float:
    return cpu_of([psutil.Process(server.pid), *psutil.Process(server.pid).children(recursive=True)])


def database_cpu() -> float:
    """CPU of every PostgreSQL process on this machine (the server shares its two cores with gunicorn)."""
    return cpu_of(p for p in psutil.process_iter(["name"]) if (p.info["name"] or "").startswith("postgres"))


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", default=DEFAULT_DATABASE)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--ramp", type=float, default=300, help="at most this long for everyone to sign in")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8791)
    options = parser.parse_args()

    load_world(options.database, options.users)
    server = start_gunicorn(options.database, options.redis, options.port, options.workers)
    try:
        env = Environment(user_classes=[Resident, Connector], host=f"http://127.0.0.1:{options.port}")
        runner = env.create_local_runner()
        runner.start(options.users, spawn_rate=5)
        # Everyone signs in (Argon2 on purpose costs CPU) before the figures start.
        # (Look the entry up each time: starting the runner replaces the statistics.)
        deadline = time.monotonic() + options.ramp
        while time.monotonic() < deadline and signed_in_count(env) < options.users:
            gevent.sleep(1)
        signed_in = env.stats.get("/sign-in [POST]", "POST")
        sign_in_errors, sign_ins = signed_in.num_failures, signed_in.num_requests
        env.stats.reset_all()
        cpu_server, cpu_tool, started = server_cpu(server), own_cpu(), time.perf_counter()
        cpu_database = database_cpu()
        load_before = os.getloadavg()
        gevent.sleep(options.duration)
        elapsed = time.perf_counter() - started
        cpu_server, cpu_tool = server_cpu(server) - cpu_server, own_cpu() - cpu_tool
        cpu_database = database_cpu() - cpu_database
        runner.quit()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    total = env.stats.total
    rps = total.num_requests / elapsed
    print(f"load: {options.users} users ({len(World.residents)} residents, 1 connector), "
          f"{options.workers} gunicorn workers, {elapsed:.0f} s after {sign_ins} sign-ins "
          f"({sign_in_errors} sign-in errors)")
    print(f"{'endpoint':40} {'requests':>8} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6} {'errors':>6}")
    for (name, _method), entry in sorted(env.stats.entries.items()):
        p50, p95, p99 = (entry.get_response_time_percentile(q) for q in (0.5, 0.95, 0.99))
        rate = entry.num_requests / elapsed
        print(f"{name:40} {entry.num_requests:>8} {rate:>6.1f} {p50:>6.0f} {p95:>6.0f} {p99:>6.0f} "
              f"{entry.num_failures:>6}")
    p95 = total.get_response_time_percentile(0.95)
    print(f"{'all':40} {total.num_requests:>8} {rps:>6.1f} {total.get_response_time_percentile(0.5):>6.0f} "
          f"{p95:>6.0f} {total.get_response_time_percentile(0.99):>6.0f} {total.num_failures:>6}  (ms)")
    for error in list(env.stats.errors.values())[:5]:
        print(f"  error: {error.occurrences} x {error.method} {error.name}: {error.error}")
    per_request = cpu_server / max(total.num_requests, 1) * 1000
    per_query = cpu_database / max(total.num_requests, 1) * 1000
    print(f"gunicorn CPU {cpu_server:.1f} s = {per_request:.1f} ms a request; "
          f"PostgreSQL CPU {cpu_database:.1f} s = {per_query:.1f} ms a request; "
          f"load tool CPU {cpu_tool:.1f} s ({cpu_tool / elapsed * 100:.0f} % of a core)")
    print(f"load average {load_before[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, on "
          f"{os.cpu_count()} CPUs")
    ok = rps >= TARGET_RPS and p95 <= TARGET_P95_MS and total.num_failures == 0 and sign_in_errors == 0
    verdict = "OK" if ok else "MISSED"
    print(f"{verdict}: targets ≥ {TARGET_RPS:g} req/s, p95 ≤ {TARGET_P95_MS:g} ms, 0 errors")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
