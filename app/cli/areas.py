"""`flask areas ...`."""

from __future__ import annotations

import click


@click.group("areas")
def areas_cli() -> None:
    pass
