"""One SQLAlchemy session per request (or CLI command), closed when the app context ends."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from flask import Flask, current_app, g
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from community.db import make_engine, make_sessionmaker

T = TypeVar("T")


def init_app(app: Flask) -> None:
    url = app.config["DATABASE_URL"]
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    app.extensions["weave.engine"] = engine
    app.extensions["weave.sessionmaker"] = make_sessionmaker(engine)
    app.teardown_appcontext(_close_session)


def engine() -> Engine:
    return current_app.extensions["weave.engine"]


def session_factory() -> sessionmaker[Session]:
    return current_app.extensions["weave.sessionmaker"]


def db_session() -> Session:
    """The session for this app context; services only flush, ``in_transaction`` commits it."""
    if "db_session" not in g:
        g.db_session = session_factory()()
    return g.db_session


def in_transaction(action: Callable[[Session], T]) -> T:
    """Run ``action(session)`` on this request's session and commit; on any error roll back and re-raise.

    The one place a request's work is committed: the form, confirm and API helpers (``app.forms``,
    ``app.api.common``) call it, and ``tests/test_transactions.py`` fails if a view commits for itself.
    """
    session = db_session()
    try:
        result = action(session)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return result


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
