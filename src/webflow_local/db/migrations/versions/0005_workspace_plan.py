"""workspace plans

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 16:20:00

Workspaces have a plan; Enterprise-only operations answer 403 on the others. Existing workspaces are
Enterprise, so everything that worked keeps working.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        batch.add_column(sa.Column("plan", sa.String(length=16), server_default="enterprise", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("plan")
