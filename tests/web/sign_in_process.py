"""Sign-in attempts made by a web process of their own, for the tests that limits are shared through Redis.

The limiter is one module-level object, as it is in a real web process, where it serves one app for the
process's life. The tests build many apps in one process, and what earlier tests left in that object could
make two apps there count apart (the full suite showed it, isolated runs never did); a second web process
is modelled truthfully only by a second process. ``attempts_in_a_new_process`` starts one (spawned: nothing
of this process is inherited), builds the app there and makes the attempts."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def _attempts(settings: dict, attempts: list[tuple[str, str, str]]) -> list[int]:
    from app import create_app
    from config import TestingConfig

    app = create_app(TestingConfig, **settings)
    try:
        return [
            app.test_client().post("/sign-in", data={"email": email, "password": password},
                                   environ_base={"REMOTE_ADDR": address}).status_code
            for email, password, address in attempts
        ]
    finally:
        app.extensions["weave.engine"].dispose()


def attempts_in_a_new_process(settings: dict, attempts: list[tuple[str, str, str]]) -> list[int]:
    """The status of each attempt (email, password, address), each from a new browser, made in a new process
    by an app built with ``settings``."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(_attempts, settings, attempts).result(timeout=120)
