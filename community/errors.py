"""Domain errors. Services raise these; the web layer, CLI and API turn them into messages."""

from __future__ import annotations

__all__ = ["DomainError", "NotFound", "PermissionDenied", "ValidationFailed", "Conflict"]


class DomainError(Exception):
    """Base class for errors a user can be told about."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    pass


class PermissionDenied(DomainError):
    pass


class Conflict(DomainError):
    """The action is valid in general but not in the object's current state (e.g. already claimed)."""


class ValidationFailed(DomainError):
    """One message per field, keyed by the form field's name; ``""`` for the whole form."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors
