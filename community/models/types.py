"""Column types and constraint helpers shared by the models."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import CheckConstraint, DateTime, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

__all__ = ["UTCDateTime", "StringEnum", "one_of", "values_of"]


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend.

    SQLite has no timezone type and hands back naive values; comparing those with aware ``now()`` raises,
    so values are stored as naive UTC there and always come back aware.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use datetime.now(UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


E = TypeVar("E", bound=StrEnum)


class StringEnum(TypeDecorator[E]):
    """A ``StrEnum`` kept in a plain VARCHAR as its value; a ``one_of`` CHECK lists the allowed values.

    Rows come back as members of the enum. Plain strings are still accepted when writing and are stored
    as given: the CHECK constraint, as before, is what refuses a value outside the enum.
    """

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int) -> None:
        super().__init__(length)
        self.enum = enum
        self.length = length
        # A dict lookup per row instead of the enum's own (slower) call.
        self._members: dict[str, E] = {member.value: member for member in enum}

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> str | None:
        # The driver always gets a plain str, never an enum member.
        return value.value if isinstance(value, StrEnum) else value

    def process_result_value(self, value: Any, dialect: Dialect) -> E | None:
        return None if value is None else self._members[value]


def values_of(enum: type[StrEnum]) -> tuple[str, ...]:
    """The enum's values as plain strings, in the order they are declared."""
    return tuple(member.value for member in enum)


def one_of(column: str, values: Iterable[str], name: str | None = None) -> CheckConstraint:
    """A named CHECK that ``column`` holds one of ``values`` (our enums are stored as plain strings)."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name or f"{column}_valid")
