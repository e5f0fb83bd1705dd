"""assets tables

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 16:30:00

The assets family's tables (src/webflow_local/api/assets/tables.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import webflow_local.db.types

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("asset_folders",
    sa.Column("id", sa.String(length=24), nullable=False),
    sa.Column("site_id", sa.String(length=24), nullable=False),
    sa.Column("parent_id", sa.String(length=24), nullable=True),
    sa.Column("parent_key", sa.String(length=24), nullable=False),
    sa.Column("display_name", sa.String(length=255), nullable=False),
    sa.Column("created_on", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column("last_updated", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["parent_id"], ["asset_folders.id"], name=op.f("fk_asset_folders_parent_id_asset_folders"), ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_asset_folders_site_id_sites"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_folders")),
    sa.UniqueConstraint("site_id", "parent_key", "display_name", name=op.f("uq_asset_folders_site_id_parent_key_display_name"))
    )
    with op.batch_alter_table("asset_folders", schema=None) as batch_op:
        batch_op.create_index("ix_asset_folders_site", ["site_id", "created_on"], unique=False)

    op.create_table("assets",
    sa.Column("id", sa.String(length=24), nullable=False),
    sa.Column("site_id", sa.String(length=24), nullable=False),
    sa.Column("folder_id", sa.String(length=24), nullable=True),
    sa.Column("file_name", sa.String(length=100), nullable=False),
    sa.Column("display_name", sa.String(length=255), nullable=False),
    sa.Column("content_type", sa.String(length=100), nullable=False),
    sa.Column("file_hash", sa.String(length=32), nullable=False),
    sa.Column("size", sa.Integer(), nullable=False),
    sa.Column("uploaded_on", webflow_local.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column("created_on", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column("last_updated", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["folder_id"], ["asset_folders.id"], name=op.f("fk_assets_folder_id_asset_folders"), ondelete="SET NULL"),
    sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_assets_site_id_sites"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_assets")),
    sa.UniqueConstraint("site_id", "file_hash", name=op.f("uq_assets_site_id_file_hash"))
    )
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.create_index("ix_assets_folder", ["folder_id"], unique=False)
        batch_op.create_index("ix_assets_site", ["site_id", "created_on", "id"], unique=False)

    op.create_table("asset_alt_texts",
    sa.Column("asset_id", sa.String(length=24), nullable=False),
    sa.Column("locale_id", sa.String(length=24), nullable=False),
    sa.Column("alt_text", sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(["asset_id"], ["assets.id"], name=op.f("fk_asset_alt_texts_asset_id_assets"), ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["locale_id"], ["locales.id"], name=op.f("fk_asset_alt_texts_locale_id_locales"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("asset_id", "locale_id", name=op.f("pk_asset_alt_texts"))
    )
    op.create_table("asset_files",
    sa.Column("asset_id", sa.String(length=24), nullable=False),
    sa.Column("data", sa.LargeBinary(), nullable=False),
    sa.Column("uploaded_on", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["asset_id"], ["assets.id"], name=op.f("fk_asset_files_asset_id_assets"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("asset_id", name=op.f("pk_asset_files"))
    )


def downgrade() -> None:
    op.drop_table("asset_files")
    op.drop_table("asset_alt_texts")
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.drop_index("ix_assets_site")
        batch_op.drop_index("ix_assets_folder")

    op.drop_table("assets")
    with op.batch_alter_table("asset_folders", schema=None) as batch_op:
        batch_op.drop_index("ix_asset_folders_site")

    op.drop_table("asset_folders")
