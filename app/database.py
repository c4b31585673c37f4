"""One SQLAlchemy session per request (or CLI command), closed when the app context ends."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from flask import Flask, current_app, g
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from community.db import make_engine, make_sessionmaker

T = TypeVar("T")
log = logging.getLogger(__name__)


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
        close_quietly(session)


def close_quietly(session: Session) -> None:
    """Close ``session`` whatever state its connection is in; never raises.

    When the database cut the connection mid-request (a restart, a failover, ``pg_terminate_backend``),
    closing rolls back on a dead socket and raises: raised from teardown that would replace the page the
    user should see with the server's bare error. The connection is thrown away instead (the pool's
    pre-ping then gives the next request a fresh one).
    """
    try:
        session.close()
    except Exception:
        log.warning("Closing the database session failed; discarding its connection", exc_info=True)
        try:
            session.invalidate()
        except Exception:
            log.warning("Discarding the session's connection failed too", exc_info=True)
