"""`flask groups ...`."""

from __future__ import annotations

import click


@click.group("groups")
def groups_cli() -> None:
    pass
