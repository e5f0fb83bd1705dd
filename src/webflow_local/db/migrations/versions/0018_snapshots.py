"""snapshots

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 19:39:27

Named snapshots of the whole store (the snapshots family).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import webflow_local.db.types

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('snapshots',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_on', webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.String(length=32), nullable=False),
    sa.Column('tables', sa.Integer(), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_snapshots')),
    )


def downgrade() -> None:
    op.drop_table('snapshots')
