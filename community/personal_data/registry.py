"""Where every table says what it holds about a person: how it is exported, and how it is erased.

Each table in ``Base.metadata`` is registered exactly once (``tests/community/personal_data`` fails on a
table that is not), in one of two ways:

``register(table, export=..., erase=..., free_text=(...))``
    The table holds personal data. ``export(session, user)`` returns the person's rows as JSON-ready dicts
    for the subject access export (its section is named after the table); ``erase(session, erasure)``
    deletes or anonymises the person's own rows; ``free_text`` names the columns where anyone may have
    written the person's name, address or phone number (a message, a notice, an email, an audit detail):
    erasure scrubs those columns in *every* row, not only the person's. Leave ``export`` out only for what
    must never be handed out (a token's digest) or what another section already carries, and say so in
    ``note``.
``no_personal_data(table, why=...)``
    The table holds nothing about anyone (boundaries, categories), with the reason.

A feature with a new table adds its registration to a module of this package (``community.personal_data``
sits above every feature, so it may import their models) and imports it from ``tables/__init__.py``; the
erasure scan test then fails until erasure really reaches it. See docs/architecture.md, "People's data".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import Table, func, or_, select, update
from sqlalchemy.orm import Session

from community.accounts.users import DELETED_NAME
from community.db import Base
from community.models import User

__all__ = [
    "Erasure",
    "PersonalTable",
    "REGISTRY",
    "NOT_PERSONAL",
    "register",
    "no_personal_data",
    "row_dict",
    "scrub_column",
]

Exporter = Callable[[Session, User], list[dict[str, Any]]]
Eraser = Callable[[Session, "Erasure"], None]


@dataclass(frozen=True, slots=True)
class PersonalTable:
    table: str
    export: Exporter | None = None
    erase: Eraser | None = None
    free_text: tuple[str, ...] = ()
    note: str = ""
    # Lower runs first; the person's own account row is anonymised last, after everything has read it.
    order: int = 50


REGISTRY: dict[str, PersonalTable] = {}
NOT_PERSONAL: dict[str, str] = {}


def _check_new(table: str) -> None:
    if table in REGISTRY or table in NOT_PERSONAL:
        raise ValueError(f"{table} is registered twice")
    if table not in Base.metadata.tables:
        raise ValueError(f"There is no table called {table}")


def register(
    table: str, *, export: Exporter | None = None, erase: Eraser | None = None,
    free_text: Iterable[str] = (), note: str = "", order: int = 50,
) -> PersonalTable:
    """Declare how ``table``'s personal data is exported and erased (see the module's docstring)."""
    _check_new(table)
    columns = tuple(free_text)
    missing = [c for c in columns if c not in Base.metadata.tables[table].c]
    if missing:
        raise ValueError(f"{table} has no column {', '.join(missing)}")
    entry = PersonalTable(table, export, erase, columns, note, order)
    REGISTRY[table] = entry
    return entry


def no_personal_data(*tables: str, why: str) -> None:
    for table in tables:
        _check_new(table)
        NOT_PERSONAL[table] = why


@dataclass
class Erasure:
    """One person being erased: who, when, and what identified them (read before anything changed)."""

    user: User
    now: datetime
    identifiers: tuple[str, ...] = field(default=())
    replacement: str = DELETED_NAME

    @classmethod
    def of(cls, user: User, now: datetime) -> Erasure:
        found = [user.display_name, user.email, user.email_normalised, user.phone]
        # Very short names ("Al") would scrub ordinary words: a name is matched as a whole word, and
        # anything under three characters is left alone.
        unique = dict.fromkeys(text.strip() for text in found if text and len(text.strip()) >= 3)
        return cls(user=user, now=now, identifiers=tuple(unique))

    def _pattern(self) -> re.Pattern[str] | None:
        if not self.identifiers:
            return None
        alternatives = sorted(self.identifiers, key=len, reverse=True)
        either = "|".join(re.escape(i) for i in alternatives)
        return re.compile(r"(?<!\w)(?:" + either + r")(?!\w)", re.IGNORECASE)

    def scrub(self, text: str) -> str:
        """``text`` with every mention of the person replaced.

        >>> from community.models import User
        >>> erasure = Erasure.of(User(display_name="Ada Byron", email="ada@example.com",
        ...                           email_normalised="ada@example.com", phone=None), datetime.now())
        >>> erasure.scrub("Ada Byron (ADA@example.com) offered; Adaline did not")
        'Deleted user (Deleted user) offered; Adaline did not'
        """
        pattern = self._pattern()
        return pattern.sub(self.replacement, text) if pattern is not None and text else text


def _like(text: str) -> str:
    return "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def scrub_column(session: Session, table: Table, column: str, erasure: Erasure) -> int:
    """Scrub the person from one text column in every row; returns how many rows changed.

    The database finds the candidate rows (case-insensitive LIKE) and Python decides, word by word.
    """
    if not erasure.identifiers:
        return 0
    target = table.c[column]
    key = list(table.primary_key.columns)
    maybe = or_(*(func.lower(target).like(_like(text), escape="\\") for text in erasure.identifiers))
    changed = 0
    for row in session.execute(select(*key, target).where(maybe)).all():
        *ids, value = row
        scrubbed = erasure.scrub(value)
        if scrubbed != value:
            where = [c == v for c, v in zip(key, ids, strict=True)]
            session.execute(update(table).where(*where).values({column: scrubbed}))
            changed += 1
    return changed


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def row_dict(row: Any, *, leave_out: Iterable[str] = ()) -> dict[str, Any]:
    """A model row as JSON-ready values, column by column, less ``leave_out``."""
    skip = set(leave_out)
    return {c.key: _plain(getattr(row, c.key)) for c in row.__table__.columns if c.key not in skip}
