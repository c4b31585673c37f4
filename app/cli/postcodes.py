"""`flask postcodes ...`."""

from __future__ import annotations

import click


@click.group("postcodes")
def postcodes_cli() -> None:
    pass
