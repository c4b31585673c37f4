"""`flask network ...`."""

from __future__ import annotations

import click


@click.group("network")
def network_cli() -> None:
    pass
