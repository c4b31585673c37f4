"""An introduction can carry the connector's personal note

Revision ID: 0004_ux_introduction_note
Revises: 0004_oruk_directory
Create Date: 2026-12-05 11:10:00.000000

Introductions sent before this revision have no note: an empty one.
"""

from alembic import op
import sqlalchemy as sa


revision = "0004_ux_introduction_note"
down_revision = "0004_oruk_directory"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("introductions") as batch:
        batch.add_column(sa.Column("note", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("introductions") as batch:
        batch.drop_column("note")
