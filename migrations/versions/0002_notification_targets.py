"""Notices say what they link to (a kind, an id, an action), not a URL: the web app builds the link

Revision ID: 0002_notification_targets
Revises: 0001_initial
Create Date: 2026-11-27 09:00:00.000000

Existing ``link`` paths are read into targets; a path that matches none of the patterns below (there
should be none) leaves its notice without a link. Downgrading writes the paths back from the targets.
"""

import re

from alembic import op
import sqlalchemy as sa


revision = "0002_notification_targets"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

# The paths the domain used to write, as of revision 0001, and the target each one means.
PATHS = [
    (re.compile(r"^/needs/(\d+)$"), "need", None),
    (re.compile(r"^/needs/(\d+)/renew$"), "need", "renew"),
    (re.compile(r"^/offers/(\d+)$"), "offer", None),
    (re.compile(r"^/groups/(\d+)$"), "group", None),
    (re.compile(r"^/groups/(\d+)/members$"), "group", "members"),
    (re.compile(r"^/groups/(\d+)/partners$"), "group", "partners"),
    (re.compile(r"^/groups/(\d+)/board$"), "group", "board"),
    (re.compile(r"^/groups/(\d+)/confirm-details$"), "group", "confirm-details"),
    (re.compile(r"^/introductions/(\d+)$"), "introduction", None),
    (re.compile(r"^/connectors/introductions$"), "introduction", "sent"),
]
WRITE_BACK = {
    ("need", None): "/needs/{id}",
    ("need", "renew"): "/needs/{id}/renew",
    ("offer", None): "/offers/{id}",
    ("group", None): "/groups/{id}",
    ("group", "members"): "/groups/{id}/members",
    ("group", "partners"): "/groups/{id}/partners",
    ("group", "board"): "/groups/{id}/board",
    ("group", "confirm-details"): "/groups/{id}/confirm-details",
    ("introduction", None): "/introductions/{id}",
    ("introduction", "sent"): "/connectors/introductions",
}

notifications = sa.table(
    "notifications",
    sa.column("id", sa.Integer()),
    sa.column("link", sa.String()),
    sa.column("target_kind", sa.String()),
    sa.column("target_id", sa.Integer()),
    sa.column("target_action", sa.String()),
)


def target_for(link):
    """(kind, id, action) for a stored path, or None."""
    for pattern, kind, action in PATHS:
        match = pattern.match(link or "")
        if match:
            return kind, int(match.group(1)) if match.groups() else None, action
    return None


def upgrade() -> None:
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("target_kind", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("target_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("target_action", sa.String(length=20), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(notifications.c.id, notifications.c.link).where(notifications.c.link.is_not(None))
    ).all()
    updates = [
        {"notice_id": notice_id, "kind": target[0], "target": target[1], "action": target[2]}
        for notice_id, link in rows
        if (target := target_for(link)) is not None
    ]
    if updates:
        connection.execute(
            notifications.update()
            .where(notifications.c.id == sa.bindparam("notice_id"))
            .values(target_kind=sa.bindparam("kind"), target_id=sa.bindparam("target"),
                    target_action=sa.bindparam("action")),
            updates,
        )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_column("link")


def downgrade() -> None:
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("link", sa.String(length=255), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(notifications.c.id, notifications.c.target_kind, notifications.c.target_id,
                  notifications.c.target_action).where(notifications.c.target_kind.is_not(None))
    ).all()
    updates = [
        {"notice_id": notice_id, "path": WRITE_BACK[(kind, action)].format(id=target_id)}
        for notice_id, kind, target_id, action in rows
        if (kind, action) in WRITE_BACK
    ]
    if updates:
        connection.execute(
            notifications.update()
            .where(notifications.c.id == sa.bindparam("notice_id"))
            .values(link=sa.bindparam("path")),
            updates,
        )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_column("target_action")
        batch_op.drop_column("target_id")
        batch_op.drop_column("target_kind")
