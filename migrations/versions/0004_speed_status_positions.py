"""Open needs and active offers in a box: indexes with the status first

Revision ID: 0004_speed_status_positions
Revises: 0004_council_rollup
Create Date: 2026-12-05 12:10:00.000000

Near me and the map's clusters ask for open needs (and active offers) whose public position is in a box.
On the city demo the box alone matched 20,000 of 65,000 needs, of which 4,700 are open, and PostgreSQL
intersected two bitmaps to find them; with the status leading, it reads only the open ones in the box.
"""

from alembic import op


revision = "0004_speed_status_positions"
down_revision = "0004_council_rollup"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.create_index("ix_needs_status_public_position", ["status", "public_lat", "public_lng"],
                              unique=False)
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index("ix_offers_status_public_position", ["status", "public_lat", "public_lng"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index("ix_offers_status_public_position")
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.drop_index("ix_needs_status_public_position")
