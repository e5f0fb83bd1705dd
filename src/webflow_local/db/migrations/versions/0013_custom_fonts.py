"""custom fonts tables

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 18:54:18

The custom_fonts family"s tables (src/webflow_local/api/custom_fonts/tables.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import webflow_local.db.types

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("custom_fonts",
    sa.Column("id", sa.String(length=24), nullable=False),
    sa.Column("site_id", sa.String(length=24), nullable=False),
    sa.Column("font_family", sa.String(length=256), nullable=False),
    sa.Column("file_name", sa.String(length=256), nullable=False),
    sa.Column("file_hash", sa.String(length=32), nullable=False),
    sa.Column("format", sa.String(length=32), nullable=False),
    sa.Column("weight", sa.Integer(), nullable=False),
    sa.Column("italic", sa.Boolean(), nullable=False),
    sa.Column("font_display", sa.String(length=16), nullable=False),
    sa.Column("axes", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
    sa.Column("created_on", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column("last_updated", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_custom_fonts_site_id_sites"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_fonts"))
    )
    with op.batch_alter_table("custom_fonts", schema=None) as batch_op:
        batch_op.create_index("ix_custom_fonts_site", ["site_id", "created_on", "id"], unique=False)

    op.create_table("custom_font_files",
    sa.Column("font_id", sa.String(length=24), nullable=False),
    sa.Column("data", sa.LargeBinary(), nullable=False),
    sa.Column("uploaded_on", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["font_id"], ["custom_fonts.id"], name=op.f("fk_custom_font_files_font_id_custom_fonts"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("font_id", name=op.f("pk_custom_font_files"))
    )


def downgrade() -> None:
    op.drop_table("custom_font_files")
    with op.batch_alter_table("custom_fonts", schema=None) as batch_op:
        batch_op.drop_index("ix_custom_fonts_site")

    op.drop_table("custom_fonts")
