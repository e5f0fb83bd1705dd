"""site config tables

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 16:30:00

The site_config family's tables (src/webflow_local/api/site_config/tables.py).
"""

from __future__ import annotations

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
