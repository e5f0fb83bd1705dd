"""custom code tables

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 16:30:00

The custom_code family's tables (src/webflow_local/api/custom_code/tables.py).
"""

from __future__ import annotations

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
