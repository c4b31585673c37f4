"""Fixtures shared by every test: a real database (SQLite, or PostgreSQL from TEST_DATABASE_URL),
migrated once per run and emptied after each test, and the app, client and CLI runner on top of it.

Under pytest-xdist (``-n 2``) each worker is a process with a database of its own: SQLite is a file in the
worker's own temporary folder, and on PostgreSQL worker gw0 uses ``<database>_gw0``, created beside the
database TEST_DATABASE_URL names. Tests that use Redis share one worker (``xdist_group("redis")`` with
``--dist loadgroup``, set in pyproject.toml), so they never flush each other's keys."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from flask import request_finished
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import Session

from community.db import Base, make_engine, make_sessionmaker
from community.migrate import upgrade_to_head
from config import TestingConfig
from tests import api_contract, oruk_contract


def _database_url(tmp_root: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        # A file, not :memory:, so that threads (live server, concurrency tests) share one database.
        return f"sqlite:///{tmp_root / 'weave-test.sqlite'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return worker_database(url, worker) if worker else url


def worker_database(url: str, worker: str) -> str:
    """The URL of ``<database>_<worker>`` on the same server, created if it is missing.

    CREATE DATABASE goes through a connection to the database ``url`` names, under an advisory lock, so
    that workers (or two runs) creating databases at once never trip over each other.
    """
    given = make_url(url)
    name = f"{given.database}_{worker}"
    engine = create_engine(given, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(hashtext('weave-test-databases'))"))
            try:
                exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                           {"name": name})
                if not exists:
                    connection.execute(text(f'CREATE DATABASE "{name}"'))
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(hashtext('weave-test-databases'))"))
    finally:
        engine.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url() -> str:
    tmp_root = Path(tempfile.mkdtemp(prefix="weave-test-"))
    return _database_url(tmp_root)


@pytest.fixture(scope="session")
def is_postgres(database_url: str) -> bool:
    return database_url.startswith("postgresql")


@pytest.fixture(scope="session")
def engine(database_url: str):
    engine = make_engine(database_url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade_to_head(engine)
    yield engine
    engine.dispose()


def empty_database(engine) -> None:
    # DELETE, not TRUNCATE: on PostgreSQL truncating twenty small tables costs ~0.4 s a test.
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture()
def db(engine):
    """An empty database for this test; emptied again afterwards whatever the test committed."""
    yield engine
    empty_database(engine)


@pytest.fixture()
def session(db) -> Session:
    """A session for service tests. Services flush; tests commit when they need to."""
    s = make_sessionmaker(db)()
    yield s
    s.rollback()
    s.close()


@pytest.fixture()
def app(db, database_url):
    from app import create_app

    app = create_app(TestingConfig, DATABASE_URL=database_url)
    yield app
    app.extensions["weave.engine"].dispose()


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner(app):
    return app.test_cli_runner()


@pytest.fixture()
def app_session(app):
    """The app's own request-scoped session, inside an app context."""
    from app.database import db_session

    with app.app_context():
        yield db_session()


def pytest_collection_modifyitems(config, items):
    on_postgres = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set TEST_DATABASE_URL)")
    for item in items:
        if "postgres_only" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)


# --- the API document: every /api/v1 response is checked against it (tests/api_contract.py) ---------


@pytest.fixture(scope="session", autouse=True)
def api_responses_match_the_document():
    request_finished.connect(api_contract.record_response)
    request_finished.connect(oruk_contract.record_response)
    yield
    request_finished.disconnect(oruk_contract.record_response)
    request_finished.disconnect(api_contract.record_response)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    api_contract.forget_exchanges()
    oruk_contract.forget_exchanges()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    mismatches = api_contract.take_mismatches()
    if mismatches:
        listed = "\n  ".join(mismatches)
        pytest.fail(f"API responses that /api/v1/openapi.json does not describe:\n  {listed}", pytrace=False)
    oruk = oruk_contract.take_mismatches()
    if oruk:
        listed = "\n  ".join(oruk)
        pytest.fail(f"/oruk/ responses that break the Open Referral UK profile:\n  {listed}", pytrace=False)
    return result


@pytest.fixture()
def private_redis():
    """A redis-server of this test's own (``tests.private_redis``), killed afterwards."""
    import shutil

    from tests.private_redis import PrivateRedis

    if shutil.which("redis-server") is None:
        if os.environ.get("WEAVE_TEST_REDIS_URL"):
            pytest.fail("redis-server is not installed, and WEAVE_TEST_REDIS_URL says Redis tests must run")
        pytest.skip("redis-server is not installed")
    server = PrivateRedis()
    server.start()
    yield server
    server.kill()
