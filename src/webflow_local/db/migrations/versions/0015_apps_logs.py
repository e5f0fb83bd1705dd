"""apps_logs

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 18:59:00

OAuth apps, their subscriptions, authorization codes, consents and ID tokens; the app of an app token; the
site activity log and the workspace audit log.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import webflow_local.db.types

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('apps',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('client_id', sa.String(length=200), nullable=False),
    sa.Column('client_secret', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('homepage', sa.String(length=2048), nullable=False),
    sa.Column('scopes', sa.Text(), nullable=False),
    sa.Column('redirect_uri', sa.String(length=2048), nullable=False),
    sa.Column('auto_approve', sa.Boolean(), nullable=False),
    sa.Column('created_on', webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_apps')),
    sa.UniqueConstraint('client_id', name=op.f('uq_apps_client_id'))
    )
    op.create_table('app_subscriptions',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('app_id', sa.String(length=24), nullable=False),
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('grant_type', sa.String(length=16), nullable=False),
    sa.Column('grant_id', sa.String(length=24), nullable=False),
    sa.Column('price_value', sa.Integer(), nullable=False),
    sa.Column('price_unit', sa.String(length=8), nullable=False),
    sa.Column('price_interval', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('starts_at', webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_on', webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['app_id'], ['apps.id'], name=op.f('fk_app_subscriptions_app_id_apps'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_app_subscriptions_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_subscriptions'))
    )
    with op.batch_alter_table('app_subscriptions', schema=None) as batch_op:
        batch_op.create_index('ix_app_subscriptions_app', ['app_id', 'workspace_id'], unique=False)

    op.create_table('oauth_consents',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('app_id', sa.String(length=24), nullable=False),
    sa.Column('csrf_hash', sa.String(length=64), nullable=False),
    sa.Column('scopes', sa.Text(), nullable=False),
    sa.Column('state', sa.Text(), nullable=True),
    sa.Column('redirect_uri', sa.String(length=2048), nullable=False),
    sa.Column('expires_on', webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_on', webflow_local.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['app_id'], ['apps.id'], name=op.f('fk_oauth_consents_app_id_apps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oauth_consents'))
    )
    op.create_table('workspace_audit_logs',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('timestamp', webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('event_type', sa.String(length=32), nullable=False),
    sa.Column('event_sub_type', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_workspace_audit_logs_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_workspace_audit_logs'))
    )
    with op.batch_alter_table('workspace_audit_logs', schema=None) as batch_op:
        batch_op.create_index('ix_workspace_audit_logs_workspace', ['workspace_id', 'seq'], unique=False)

    op.create_table('id_tokens',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.String(length=24), nullable=False),
    sa.Column('site_id', sa.String(length=24), nullable=False),
    sa.Column('created_on', webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_on', webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_id_tokens_site_id_sites'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_id_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_id_tokens'))
    )
    op.create_table('oauth_codes',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('app_id', sa.String(length=24), nullable=False),
    sa.Column('workspace_id', sa.String(length=24), nullable=False),
    sa.Column('site_id', sa.String(length=24), nullable=True),
    sa.Column('user_id', sa.String(length=24), nullable=True),
    sa.Column('scopes', sa.Text(), nullable=False),
    sa.Column('redirect_uri', sa.String(length=2048), nullable=True),
    sa.Column('created_on', webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_on', webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_on', webflow_local.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['app_id'], ['apps.id'], name=op.f('fk_oauth_codes_app_id_apps'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_oauth_codes_site_id_sites'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_oauth_codes_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_oauth_codes_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('code_hash', name=op.f('pk_oauth_codes'))
    )
    op.create_table('site_activity_logs',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('site_id', sa.String(length=24), nullable=False),
    sa.Column('created_on', webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('event', sa.String(length=64), nullable=False),
    sa.Column('resource_operation', sa.String(length=32), nullable=False),
    sa.Column('user_json', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=True),
    sa.Column('resource_id', sa.String(length=200), nullable=True),
    sa.Column('resource_name', sa.Text(), nullable=True),
    sa.Column('previous_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('payload', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=True),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_site_activity_logs_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_site_activity_logs')),
    sa.UniqueConstraint('id', name=op.f('uq_site_activity_logs_id'))
    )
    with op.batch_alter_table('site_activity_logs', schema=None) as batch_op:
        batch_op.create_index('ix_site_activity_logs_site', ['site_id', 'seq'], unique=False)

    with op.batch_alter_table('tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('app_id', sa.String(length=24), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('tokens', schema=None) as batch_op:
        batch_op.drop_column('app_id')

    with op.batch_alter_table('site_activity_logs', schema=None) as batch_op:
        batch_op.drop_index('ix_site_activity_logs_site')

    op.drop_table('site_activity_logs')
    op.drop_table('oauth_codes')
    op.drop_table('id_tokens')
    with op.batch_alter_table('workspace_audit_logs', schema=None) as batch_op:
        batch_op.drop_index('ix_workspace_audit_logs_workspace')

    op.drop_table('workspace_audit_logs')
    op.drop_table('oauth_consents')
    with op.batch_alter_table('app_subscriptions', schema=None) as batch_op:
        batch_op.drop_index('ix_app_subscriptions_app')

    op.drop_table('app_subscriptions')
    op.drop_table('apps')
