"""A person's data as a whole, across every feature: deleting (anonymising) an account.

The web app and the maps import from here; modules inside ``community`` import the module that
defines a name."""

from __future__ import annotations

from community.personal_data.erasure import (
    delete_account,
)

__all__ = [
    "delete_account",
]
