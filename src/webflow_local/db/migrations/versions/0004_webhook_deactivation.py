"""webhook deactivation

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 09:00:00

A webhook whose deliveries keep failing is deactivated: `active`, the count of deliveries in a row that
failed for good, and when it was deactivated. Existing webhooks start active with no failures.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import webflow_local.db.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("webhooks", sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False))
    op.add_column("webhooks", sa.Column("consecutive_failures", sa.Integer(), server_default="0", nullable=False))
    op.add_column("webhooks", sa.Column("deactivated_on", webflow_local.db.types.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("webhooks") as batch:
        batch.drop_column("deactivated_on")
        batch.drop_column("consecutive_failures")
        batch.drop_column("active")
