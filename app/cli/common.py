"""What every command shares: a unit of work, and one plain error line with a non-zero exit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click
from sqlalchemy.orm import Session

from app.database import session_factory
from community.db import session_scope
from community.errors import DomainError, ValidationFailed


def fail(message: str) -> NoReturn:
    """Exit with status 1 after printing one plain line to stderr."""
    raise click.ClickException(message)


def read_file(path: Path, what: str) -> bytes:
    """The file's bytes, or one plain line saying why it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        fail(f"There is no file called {path}")
    except IsADirectoryError:
        fail(f"{path} is a folder, not {what}")
    except OSError as error:
        fail(f"Could not read {path}: {error.strerror}")


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
