"""`flask ...` commands: thin click wrappers over the same services the web app calls."""

from __future__ import annotations

from flask import Flask


def register_cli(app: Flask) -> None:
    from app.cli.areas import areas_cli
    from app.cli.db import db_cli
    from app.cli.demo import demo_cli
    from app.cli.users import users_cli

    for group in (db_cli, users_cli, areas_cli, demo_cli):
        app.cli.add_command(group)
