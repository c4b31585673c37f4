"""The published directory (Open Referral UK): stable ids, imported listings and their claims; API tokens

Revision ID: 0004_oruk_directory
Revises: 0004_email_delivery
Create Date: 2026-12-05 10:47:06.021723

Every group, category of help and ward already in the database is given its published UUID here, once.
"""

import uuid

from alembic import op
import sqlalchemy as sa
import community.models.types


revision = '0004_oruk_directory'
down_revision = '0004_email_delivery'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('directory_ids',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('local_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.CheckConstraint("kind IN ('organization', 'service', 'taxonomy_term', 'area', 'taxonomy')", name=op.f('ck_directory_ids_kind_valid')),
    sa.PrimaryKeyConstraint('kind', 'local_id', name=op.f('pk_directory_ids')),
    sa.UniqueConstraint('uuid', name=op.f('uq_directory_ids_uuid'))
    )
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('created_at', community.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', community.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("scope IN ('read', 'read_write')", name=op.f('ck_api_tokens_scope_valid')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_api_tokens_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('directory_listings',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('imported_at', community.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', community.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_directory_listings_group_id_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', name=op.f('pk_directory_listings'))
    )
    op.create_table('listing_claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', community.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', community.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'approved', 'declined')", name=op.f('ck_listing_claims_status_valid')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_listing_claims_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_listing_claims_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_listing_claims_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_claims'))
    )
    with op.batch_alter_table('listing_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listing_claims_group_id'), ['group_id'], unique=False)
        batch_op.create_index('ix_listing_claims_status', ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_listing_claims_user_id'), ['user_id'], unique=False)

    _give_ids()


def _give_ids() -> None:
    ids = sa.table("directory_ids", sa.column("kind", sa.String), sa.column("local_id", sa.Integer),
                   sa.column("uuid", sa.String))
    connection = op.get_bind()
    rows = [{"kind": "taxonomy", "local_id": 0, "uuid": str(uuid.uuid4())}]
    for table, kinds in (("groups", ("organization", "service")), ("categories", ("taxonomy_term",)),
                         ("areas", ("area",))):
        for (local_id,) in connection.execute(sa.text(f"SELECT id FROM {table}")):
            rows.extend({"kind": kind, "local_id": local_id, "uuid": str(uuid.uuid4())} for kind in kinds)
    op.bulk_insert(ids, rows)


def downgrade() -> None:
    with op.batch_alter_table('listing_claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listing_claims_user_id'))
        batch_op.drop_index('ix_listing_claims_status')
        batch_op.drop_index(batch_op.f('ix_listing_claims_group_id'))

    op.drop_table('listing_claims')
    op.drop_table('directory_listings')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))

    op.drop_table('api_tokens')
    op.drop_table('directory_ids')
