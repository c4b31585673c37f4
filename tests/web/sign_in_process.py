"""Sign-in attempts made by a web process of their own, for the tests that limits are shared through Redis.

The limiter is one module-level object, as it is in a real web process, where it serves one app for the
process's life. The tests build many apps in one process, and what earlier tests left in that object could
make two apps there count apart (the full suite showed it, isolated runs never did); a second web process
is modelled truthfully only by a second process. ``attempts_in_a_new_process`` starts one (spawned: nothing
of this process is inherited), builds the app there and makes the attempts."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor


class Attempts(list):
    """The statuses, with what the limiter logged while the attempts were made (to say why, if they are not
    what a test expects)."""

    log: list[str]


def _attempts(settings: dict, attempts: list[tuple[str, str, str]]) -> tuple[list[int], list[str]]:
    import logging

    from app import create_app
    from config import TestingConfig

    said: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            said.append(f"{record.levelname} {record.getMessage()} {record.exc_text or ''}".strip())

    keep = Keep(level=logging.INFO)
    keep.setFormatter(logging.Formatter())
    logging.getLogger("flask-limiter").addHandler(keep)
    logging.getLogger("flask-limiter").setLevel(logging.INFO)
    app = create_app(TestingConfig, **settings)
    try:
        statuses = []
        for email, password, address in attempts:
            response = app.test_client().post("/sign-in", data={"email": email, "password": password},
                                              environ_base={"REMOTE_ADDR": address})
            statuses.append(response.status_code)
            said.append(f"{response.status_code} remaining={response.headers.get('X-RateLimit-Remaining')}")
        return statuses, said
    finally:
        app.extensions["weave.engine"].dispose()


def attempts_in_a_new_process(settings: dict, attempts: list[tuple[str, str, str]]) -> Attempts:
    """The status of each attempt (email, password, address), each from a new browser, made in a new process
    by an app built with ``settings``."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        statuses, said = pool.submit(_attempts, settings, attempts).result(timeout=120)
    result = Attempts(statuses)
    result.log = said
    return result
