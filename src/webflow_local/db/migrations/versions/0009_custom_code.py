"""custom code tables

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 16:30:00

The custom_code family's tables (src/webflow_local/api/custom_code/tables.py): registered scripts and the
blocks of scripts applied to a site or page.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import webflow_local.db.types

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "custom_code_scripts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("site_id", sa.String(length=24), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("script_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=128), nullable=False),
        sa.Column("display_name", sa.String(length=50), nullable=False),
        sa.Column("hosted_location", sa.Text(), nullable=False),
        sa.Column("integrity_hash", sa.String(length=200), nullable=True),
        sa.Column("source_code", sa.Text(), nullable=True),
        sa.Column("can_copy", sa.Boolean(), nullable=False),
        sa.Column("created_on", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_updated", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_custom_code_scripts_site_id_sites"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_code_scripts")),
        sa.UniqueConstraint(
            "site_id", "owner", "script_id", "version",
            name=op.f("uq_custom_code_scripts_site_id_owner_script_id_version"),
        ),
    )
    with op.batch_alter_table("custom_code_scripts", schema=None) as batch_op:
        batch_op.create_index("ix_custom_code_scripts_site", ["site_id", "owner", "id"], unique=False)

    op.create_table(
        "custom_code_blocks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("site_id", sa.String(length=24), nullable=False),
        sa.Column("page_id", sa.String(length=24), nullable=True),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("scripts", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("created_on", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_updated", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_custom_code_blocks_site_id_sites"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_code_blocks")),
    )
    with op.batch_alter_table("custom_code_blocks", schema=None) as batch_op:
        batch_op.create_index("ix_custom_code_blocks_site", ["site_id", "owner", "page_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("custom_code_blocks", schema=None) as batch_op:
        batch_op.drop_index("ix_custom_code_blocks_site")

    op.drop_table("custom_code_blocks")
    with op.batch_alter_table("custom_code_scripts", schema=None) as batch_op:
        batch_op.drop_index("ix_custom_code_scripts_site")

    op.drop_table("custom_code_scripts")
