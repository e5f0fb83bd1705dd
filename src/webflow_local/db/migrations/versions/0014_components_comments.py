"""components and comments

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 18:58:16

Components (their nodes and properties per branch; in the pages family's tables.py) and comment threads
with their replies (api/comments/tables.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import webflow_local.db.types

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table('components',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('site_id', sa.String(length=24), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('group', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('readonly', sa.Boolean(), nullable=False),
    sa.Column('branches', JSON, nullable=False),
    sa.Column('created_on', webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_components_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_components'))
    )
    with op.batch_alter_table('components', schema=None) as batch_op:
        batch_op.create_index('ix_components_site', ['site_id', 'created_on', 'id'], unique=False)

    op.create_table('component_nodes',
    sa.Column('component_id', sa.String(length=36), nullable=False),
    sa.Column('branch', sa.String(length=24), nullable=False),
    sa.Column('node_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('attributes', JSON, nullable=False),
    sa.Column('content', JSON, nullable=False),
    sa.Column('locales', JSON, nullable=False),
    sa.ForeignKeyConstraint(['component_id'], ['components.id'], name=op.f('fk_component_nodes_component_id_components'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('component_id', 'branch', 'node_id', name=op.f('pk_component_nodes'))
    )
    op.create_table('component_properties',
    sa.Column('component_id', sa.String(length=36), nullable=False),
    sa.Column('branch', sa.String(length=24), nullable=False),
    sa.Column('property_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('text', JSON, nullable=False),
    sa.Column('locales', JSON, nullable=False),
    sa.ForeignKeyConstraint(['component_id'], ['components.id'], name=op.f('fk_component_properties_component_id_components'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('component_id', 'branch', 'property_id', name=op.f('pk_component_properties'))
    )
    op.create_table('comment_threads',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('comment_id', sa.String(length=24), nullable=False),
    sa.Column('site_id', sa.String(length=24), nullable=False),
    sa.Column('page_id', sa.String(length=24), nullable=False),
    sa.Column('locale_id', sa.String(length=24), nullable=True),
    sa.Column('item_id', sa.String(length=24), nullable=True),
    sa.Column('breakpoint', sa.String(length=32), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('is_resolved', sa.Boolean(), nullable=False),
    sa.Column('author', JSON, nullable=False),
    sa.Column('mentioned', JSON, nullable=False),
    sa.Column('created_on', webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_updated', webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['locale_id'], ['locales.id'], name=op.f('fk_comment_threads_locale_id_locales'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['page_id'], ['pages.id'], name=op.f('fk_comment_threads_page_id_pages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_comment_threads_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_threads'))
    )
    with op.batch_alter_table('comment_threads', schema=None) as batch_op:
        batch_op.create_index('ix_comment_threads_site', ['site_id', 'created_on', 'id'], unique=False)

    op.create_table('comment_replies',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('thread_id', sa.String(length=24), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('author', JSON, nullable=False),
    sa.Column('mentioned', JSON, nullable=False),
    sa.Column('created_on', webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_updated', webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['thread_id'], ['comment_threads.id'], name=op.f('fk_comment_replies_thread_id_comment_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_replies'))
    )
    with op.batch_alter_table('comment_replies', schema=None) as batch_op:
        batch_op.create_index('ix_comment_replies_thread', ['thread_id', 'created_on', 'id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('comment_replies', schema=None) as batch_op:
        batch_op.drop_index('ix_comment_replies_thread')

    op.drop_table('comment_replies')
    with op.batch_alter_table('comment_threads', schema=None) as batch_op:
        batch_op.drop_index('ix_comment_threads_site')

    op.drop_table('comment_threads')
    op.drop_table('component_properties')
    op.drop_table('component_nodes')
    with op.batch_alter_table('components', schema=None) as batch_op:
        batch_op.drop_index('ix_components_site')

    op.drop_table('components')
