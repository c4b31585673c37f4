"""Revision 0002 turns the links stored on notices into targets, and back, on SQLite and PostgreSQL.

It runs on a scratch database: a new SQLite file, or on PostgreSQL a schema of its own inside a
transaction that is rolled back, so the test database the other tests share is never touched.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import command

from community.db import make_engine
from community.migrate import alembic_config

LINKS = {
    "/needs/4": ("need", 4, None),
    "/needs/4/renew": ("need", 4, "renew"),
    "/offers/5": ("offer", 5, None),
    "/groups/6": ("group", 6, None),
    "/groups/6/members": ("group", 6, "members"),
    "/groups/6/partners": ("group", 6, "partners"),
    "/groups/6/board": ("group", 6, "board"),
    "/groups/6/confirm-details": ("group", 6, "confirm-details"),
    "/introductions/7": ("introduction", 7, None),
    "/connectors/introductions": ("introduction", None, "sent"),
}


@contextmanager
def scratch(engine, tmp_path) -> Iterator[sa.Connection]:
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            transaction = connection.begin()
            connection.execute(sa.text("CREATE SCHEMA weave_migration_check"))
            connection.execute(sa.text("SET LOCAL search_path TO weave_migration_check"))
            try:
                yield connection
            finally:
                transaction.rollback()
    else:
        scratch_engine = make_engine(f"sqlite:///{tmp_path / 'migration.sqlite'}")
        with scratch_engine.begin() as connection:
            yield connection
        scratch_engine.dispose()


def migrate(connection, revision: str, *, down: bool = False) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    (command.downgrade if down else command.upgrade)(config, revision)


def columns(connection) -> set[str]:
    return {column["name"] for column in sa.inspect(connection).get_columns("notifications")}


def test_links_become_targets_and_targets_links_again(engine, tmp_path):
    with scratch(engine, tmp_path) as connection:
        migrate(connection, "0001_initial")
        connection.execute(sa.text(
            "INSERT INTO users (id, email, email_normalised, display_name, password_hash, role, "
            "session_version, created_at, is_demo) VALUES (1, 'a@example.com', 'a@example.com', 'A', 'x', "
            "'resident', 1, CURRENT_TIMESTAMP, false)"
        ))
        stored = [*LINKS, "/somewhere/else", None]
        for number, link in enumerate(stored, start=1):
            connection.execute(
                sa.text("INSERT INTO notifications (id, user_id, kind, message, link, created_at) "
                        "VALUES (:id, 1, 'k', 'm', :link, CURRENT_TIMESTAMP)"),
                {"id": number, "link": link},
            )

        migrate(connection, "0002_notification_targets")

        assert "link" not in columns(connection)
        rows = connection.execute(sa.text(
            "SELECT id, target_kind, target_id, target_action FROM notifications ORDER BY id")).all()
        targets = {number: tuple(row) for number, *row in rows}
        for number, link in enumerate(stored, start=1):
            assert targets[number] == LINKS.get(link, (None, None, None)), link

        migrate(connection, "0001_initial", down=True)

        assert not {"target_kind", "target_id", "target_action"} & columns(connection)
        links = dict(connection.execute(sa.text("SELECT id, link FROM notifications")).all())
        # Every link Weave wrote comes back; one it never wrote was dropped on the way up.
        assert links == {number: link if link in LINKS else None for number, link in enumerate(stored, 1)}
