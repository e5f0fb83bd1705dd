"""site config tables

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 16:30:00

The site_config family's tables (src/webflow_local/api/site_config/tables.py): redirects, Google tags,
robots.txt, well-known files and llms.txt.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import webflow_local.db.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _site_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f(f"fk_{table}_site_id_sites"),
                                   ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "site_redirects",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("site_id", sa.String(length=24), nullable=False),
        sa.Column("from_url", sa.String(length=2048), nullable=False),
        sa.Column("to_url", sa.String(length=2048), nullable=False),
        sa.Column("created_on", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
        _site_fk("site_redirects"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_redirects")),
    )
    with op.batch_alter_table("site_redirects", schema=None) as batch_op:
        batch_op.create_index("ix_site_redirects_site", ["site_id", "created_on"], unique=False)

    op.create_table(
        "site_google_tags",
        sa.Column("site_id", sa.String(length=24), nullable=False),
        sa.Column("tag_id", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _site_fk("site_google_tags"),
        sa.PrimaryKeyConstraint("site_id", "tag_id", name=op.f("pk_site_google_tags")),
    )
    op.create_table(
        "site_robots_txt",
        sa.Column("site_id", sa.String(length=24), nullable=False),
        sa.Column("rules", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("sitemap", sa.Text(), nullable=True),
        sa.Column("updated_on", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
        _site_fk("site_robots_txt"),
        sa.PrimaryKeyConstraint("site_id", name=op.f("pk_site_robots_txt")),
    )
    op.create_table(
        "site_well_known_files",
        sa.Column("site_id", sa.String(length=24), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=32), nullable=False),
        sa.Column("file_data", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("updated_on", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
        _site_fk("site_well_known_files"),
        sa.PrimaryKeyConstraint("site_id", "file_name", name=op.f("pk_site_well_known_files")),
    )
    op.create_table(
        "site_llms_txt",
        sa.Column("site_id", sa.String(length=24), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("updated_on", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
        _site_fk("site_llms_txt"),
        sa.PrimaryKeyConstraint("site_id", name=op.f("pk_site_llms_txt")),
    )


def downgrade() -> None:
    op.drop_table("site_llms_txt")
    op.drop_table("site_well_known_files")
    op.drop_table("site_robots_txt")
    op.drop_table("site_google_tags")
    with op.batch_alter_table("site_redirects", schema=None) as batch_op:
        batch_op.drop_index("ix_site_redirects_site")
    op.drop_table("site_redirects")
