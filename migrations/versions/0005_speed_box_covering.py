"""Near me and the map read open needs and active offers in a box from the index alone

Revision ID: 0005_speed_box_covering
Revises: 0004_speed_coverage_indexes
Create Date: 2026-12-05 17:00:00.000000

The box indexes (status, public position) found the rows, but PostgreSQL then read every one from the
table to check who may see it: on the city demo, 1,456 offers in a 2 km box were 763 table pages and
2.2 ms, for the busiest page and the map's busiest call. With the columns those checks and the list's
ordering use carried in the index (INCLUDE, so the key stays the box), it is an index-only scan: 0.5 ms,
24 pages. SQLite has no INCLUDE and keeps the plain index.
"""

from alembic import op


revision = "0005_speed_box_covering"
down_revision = "0004_speed_coverage_indexes"
branch_labels = None
depends_on = None

BOX = ["status", "public_lat", "public_lng"]
NEEDS_CARRIED = ["id", "hidden", "posted_by_id", "requester_id", "visibility", "group_id", "category_id",
                 "urgency", "created_at"]
OFFERS_CARRIED = ["id", "hidden", "user_id", "category_id", "created_at"]


def _replace(table: str, name: str, carried: list[str] | None) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_index(name)
        batch_op.create_index(name, BOX, unique=False, postgresql_include=carried or [])


def upgrade() -> None:
    _replace("needs", "ix_needs_status_public_position", NEEDS_CARRIED)
    _replace("offers", "ix_offers_status_public_position", OFFERS_CARRIED)


def downgrade() -> None:
    _replace("offers", "ix_offers_status_public_position", None)
    _replace("needs", "ix_needs_status_public_position", None)
