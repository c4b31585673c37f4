"""Coverage and the headline figures: indexes that answer their counts without reading the needs table

Revision ID: 0004_speed_coverage_indexes
Revises: 0004_email_alerts
Create Date: 2026-12-05 14:00:00.000000

On the city demo (125,000 needs) the connectors' coverage page and dashboard spent most of their time in
PostgreSQL: coverage read 28,000 needs posted in the last 90 days from the table three times (counts, the
median wait, the helpers of met needs), and "met in the last 30 days" scanned the whole table. With the
window's columns in one index the three are index-only scans, and the headline counts are index ranges.
The helpers of completed responses get a partial index of their own, read instead of the whole table.
"""

import sqlalchemy as sa
from alembic import op


revision = "0004_speed_coverage_indexes"
down_revision = "0004_email_alerts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_needs_coverage_window",
            ["created_at", "area_id", "category_id", "status", "hidden", "first_response_at", "id"],
            unique=False,
        )
        batch_op.create_index("ix_needs_status_met_at", ["status", "met_at"], unique=False)
        batch_op.create_index("ix_needs_status_closed_at", ["status", "closed_at"], unique=False)
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_responses_completed_need_helper", ["need_id", "helper_id"], unique=False,
            sqlite_where=sa.text("status = 'completed'"), postgresql_where=sa.text("status = 'completed'"),
        )


def downgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_responses_completed_need_helper",
            sqlite_where=sa.text("status = 'completed'"), postgresql_where=sa.text("status = 'completed'"),
        )
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.drop_index("ix_needs_status_closed_at")
        batch_op.drop_index("ix_needs_status_met_at")
        batch_op.drop_index("ix_needs_coverage_window")
