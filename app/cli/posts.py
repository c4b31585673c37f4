"""`flask posts ...`."""

from __future__ import annotations

import click


@click.group("posts")
def posts_cli() -> None:
    pass
