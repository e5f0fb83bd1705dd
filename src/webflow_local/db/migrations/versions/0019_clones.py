"""clones

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 19:50:00

`webflow-local pull` checkpoints and `push` id maps.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import webflow_local.db.types

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('clone_checkpoints',
    sa.Column('source', sa.String(length=512), nullable=False),
    sa.Column('site_id', sa.String(length=24), nullable=False),
    sa.Column('state', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('updated_on', webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('source', 'site_id', name=op.f('pk_clone_checkpoints'))
    )
    op.create_table('clone_id_map',
    sa.Column('target', sa.String(length=512), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('local_id', sa.String(length=24), nullable=False),
    sa.Column('target_id', sa.String(length=24), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('target', 'kind', 'local_id', name=op.f('pk_clone_id_map'))
    )
    op.create_index('ix_clone_id_map_target_id', 'clone_id_map', ['target', 'kind', 'target_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_clone_id_map_target_id', table_name='clone_id_map')
    op.drop_table('clone_id_map')
    op.drop_table('clone_checkpoints')
