"""A council can run a pilot: its settings, retired categories, suspension, confirmed emails, email links

Revision ID: 0003_pilot_admin
Revises: 0002_notification_targets
Create Date: 2026-11-28 09:00:00.000000

Accounts that exist before this revision were made before email confirmation existed: they count as
confirmed when they were created, so nobody already using Weave is locked out.
"""

from alembic import op
import sqlalchemy as sa

import community.models.types


revision = "0003_pilot_admin"
down_revision = "0002_notification_targets"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "council_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("updated_at", community.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_settings")),
    )
    op.create_table(
        "account_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("new_email", sa.String(length=254), nullable=True),
        sa.Column("created_at", community.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", community.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", community.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "purpose IN ('reset_password', 'confirm_email', 'change_email')",
            name=op.f("ck_account_tokens_purpose_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_account_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_tokens_token_hash")),
    )
    with op.batch_alter_table("account_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_tokens_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("categories", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("retired_at", community.models.types.UTCDateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("email_confirmed_at", community.models.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("suspended_at", community.models.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("suspension_reason", sa.String(length=500), nullable=True))
    users = sa.table(
        "users",
        sa.column("email_confirmed_at", sa.DateTime()),
        sa.column("created_at", sa.DateTime()),
        sa.column("deleted_at", sa.DateTime()),
    )
    op.execute(users.update().where(users.c.deleted_at.is_(None)).values(email_confirmed_at=users.c.created_at))
    for table in ("needs", "offers"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("hidden_while_suspended", sa.Boolean(), nullable=False, server_default=sa.false())
            )


def downgrade() -> None:
    for table in ("offers", "needs"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("hidden_while_suspended")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("suspension_reason")
        batch_op.drop_column("suspended_at")
        batch_op.drop_column("email_confirmed_at")
    with op.batch_alter_table("categories", schema=None) as batch_op:
        batch_op.drop_column("retired_at")
    with op.batch_alter_table("account_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_tokens_user_id"))
    op.drop_table("account_tokens")
    op.drop_table("council_settings")
