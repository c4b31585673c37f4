"""An analysis run's heartbeat: the process running it says it is alive, so a killed one is noticed

Revision ID: 0004_hard_run_heartbeat
Revises: 0004_speed_status_positions
Create Date: 2026-12-05 11:15:00.000000
"""

from alembic import op
import sqlalchemy as sa

import community.models.types


revision = "0004_hard_run_heartbeat"
down_revision = "0004_speed_status_positions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("analysis_runs") as batch:
        batch.add_column(sa.Column("heartbeat_at", community.models.types.UTCDateTime(timezone=True),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("analysis_runs") as batch:
        batch.drop_column("heartbeat_at")
