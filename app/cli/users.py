"""`flask users ...`."""

from __future__ import annotations

import click


@click.group("users")
def users_cli() -> None:
    pass
