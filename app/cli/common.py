"""What every command shares: a unit of work, and one plain error line with a non-zero exit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy.orm import Session

from app.database import session_factory
from community.db import session_scope
from community.errors import DomainError, ValidationFailed


def fail(message: str) -> None:
    """Exit with status 1 after printing one plain line to stderr."""
    raise click.ClickException(message)


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """Commit when the command succeeds; on a domain error roll back and print one line."""
    try:
        with session_scope(session_factory()) as session:
            yield session
    except ValidationFailed as error:
        fail(" ".join(error.errors.values()))
    except DomainError as error:
        fail(error.message or error.__class__.__name__)
