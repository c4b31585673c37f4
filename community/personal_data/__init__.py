"""A person's data as a whole, across every feature: the subject access export, erasure and retention.

Every table says how its personal data is exported and erased in ``community.personal_data.registry``
(registrations live in ``community.personal_data.tables``). The web app and the CLI import from here;
modules inside ``community`` import the module that defines a name."""

from __future__ import annotations

from community.personal_data.erasure import delete_account, erase_account, erase_person
from community.personal_data.export import EXPORT_FORMAT, export_person
from community.personal_data.registry import NOT_PERSONAL, REGISTRY, Erasure, no_personal_data, register
from community.personal_data.retention import (
    AUDIT_YEARS,
    CLOSED_POSTS_YEARS,
    RetentionResult,
    apply_retention,
)

__all__ = [
    "AUDIT_YEARS",
    "CLOSED_POSTS_YEARS",
    "EXPORT_FORMAT",
    "Erasure",
    "NOT_PERSONAL",
    "REGISTRY",
    "RetentionResult",
    "apply_retention",
    "delete_account",
    "erase_account",
    "erase_person",
    "export_person",
    "no_personal_data",
    "register",
]
