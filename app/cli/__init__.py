"""`flask ...` commands: thin click wrappers over the same services the web app calls."""

from __future__ import annotations

from flask import Flask


def register_cli(app: Flask) -> None:
    from app.cli.alerts import alerts_cli
    from app.cli.areas import areas_cli
    from app.cli.categories import categories_cli
    from app.cli.council import council_cli
    from app.cli.db import db_cli
    from app.cli.demo import demo_cli
    from app.cli.directory import directory_cli
    from app.cli.groups import groups_cli
    from app.cli.network import network_cli
    from app.cli.outbox import outbox_cli
    from app.cli.postcodes import postcodes_cli
    from app.cli.posts import posts_cli
    from app.cli.retention import retention_cli
    from app.cli.users import users_cli

    groups = (db_cli, users_cli, council_cli, areas_cli, categories_cli, demo_cli, postcodes_cli, posts_cli,
              groups_cli, network_cli, retention_cli, outbox_cli, directory_cli, alerts_cli)
    for group in groups:
        app.cli.add_command(group)
