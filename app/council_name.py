"""The council's name in every page's footer, read once a minute rather than once a page.

It is one more query on every page under load, for a value an admin sets once. A change made in this
process (the admin page, a CLI command, a test) is seen at once: any write to the settings row moves a
generation counter that every cached value is checked against. A change made in another process (another
gunicorn worker, ``flask council setup``) shows within ``TTL_SECONDS``.
"""

from __future__ import annotations

import itertools
import time

from flask import current_app
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError

from app.database import db_session
from community.models import CouncilSettings
from community.places import council_name

TTL_SECONDS = 60.0
KEY = "weave.council_name"

_generations = itertools.count(1)
_generation = 0


def _changed(*_args) -> None:
    global _generation
    _generation = next(_generations)


for _kind in ("after_insert", "after_update", "after_delete"):
    event.listen(CouncilSettings, _kind, _changed)


def cached_council_name() -> str | None:
    """The council's name (None before one is set, or while the database is unreachable)."""
    now = time.monotonic()
    cached = current_app.extensions.get(KEY)
    if cached is not None and cached[1] == _generation and cached[2] > now:
        return cached[0]
    generation = _generation
    try:
        name = council_name(db_session())
    except SQLAlchemyError:
        # An error page for a database that has gone away still draws its footer; nothing is cached.
        return None
    current_app.extensions[KEY] = (name, generation, now + TTL_SECONDS)
    return name
