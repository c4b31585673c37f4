"""Email is really sent: each outbox row has a status, attempts, a claim and the reason it failed

Revision ID: 0004_email_delivery
Revises: 0003_pilot_admin
Create Date: 2026-12-05 10:00:00.000000

Rows already marked sent stay sent; every other row is queued and goes out once a sender runs.
"""

from alembic import op
import sqlalchemy as sa

import community.models.types


revision = "0004_email_delivery"
down_revision = "0003_pilot_admin"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_emails", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("status", sa.String(length=16), nullable=False, server_default="queued")
        )
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("next_attempt_at", community.models.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("claimed_at", community.models.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("claim_token", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("last_error", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("unsubscribe", sa.String(length=60), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_emails_user_id_users"), "users", ["user_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_outbox_emails_status_valid"), "status IN ('queued', 'sending', 'sent', 'failed')"
        )
        batch_op.create_index(batch_op.f("ix_outbox_emails_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            "ix_outbox_emails_status_next_attempt", ["status", "next_attempt_at"], unique=False
        )
    op.execute("UPDATE outbox_emails SET status = 'sent' WHERE sent_at IS NOT NULL")
    with op.batch_alter_table("outbox_emails", schema=None) as batch_op:
        batch_op.alter_column("status", server_default=None)
        batch_op.alter_column("attempts", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("outbox_emails", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_emails_status_next_attempt")
        batch_op.drop_index(batch_op.f("ix_outbox_emails_user_id"))
        batch_op.drop_constraint(batch_op.f("ck_outbox_emails_status_valid"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_outbox_emails_user_id_users"), type_="foreignkey")
        for column in ("unsubscribe", "last_error", "claim_token", "claimed_at", "next_attempt_at",
                       "attempts", "status", "user_id"):
            batch_op.drop_column(column)
