"""pages tables

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 16:30:00

The pages family's tables (src/webflow_local/api/pages/tables.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import webflow_local.db.types

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TS = webflow_local.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "pages",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("site_id", sa.String(length=24), nullable=False),
        sa.Column("parent_id", sa.String(length=24), nullable=True),
        sa.Column("collection_id", sa.String(length=24), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("draft", sa.Boolean(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("can_branch", sa.Boolean(), nullable=False),
        sa.Column("is_branch", sa.Boolean(), nullable=False),
        sa.Column("branch_id", sa.String(length=24), nullable=True),
        sa.Column("created_on", TS, nullable=False),
        sa.Column("last_updated", TS, nullable=False),
        sa.Column("last_published", TS, nullable=True),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_pages_site_id_sites"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["parent_id"], ["pages.id"], name=op.f("fk_pages_parent_id_pages"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["collection_id"], ["collections.id"],
                                name=op.f("fk_pages_collection_id_collections"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pages")),
    )
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.create_index("ix_pages_site", ["site_id", "created_on", "id"], unique=False)

    op.create_table(
        "page_locales",
        sa.Column("page_id", sa.String(length=24), nullable=False),
        sa.Column("locale_id", sa.String(length=24), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("slug", sa.String(length=200), nullable=True),
        sa.Column("seo_title", sa.Text(), nullable=True),
        sa.Column("seo_description", sa.Text(), nullable=True),
        sa.Column("og_title", sa.Text(), nullable=True),
        sa.Column("og_title_copied", sa.Boolean(), nullable=True),
        sa.Column("og_description", sa.Text(), nullable=True),
        sa.Column("og_description_copied", sa.Boolean(), nullable=True),
        sa.Column("published_path", sa.Text(), nullable=True),
        sa.Column("dom_last_updated", TS, nullable=True),
        sa.ForeignKeyConstraint(["page_id"], ["pages.id"], name=op.f("fk_page_locales_page_id_pages"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["locale_id"], ["locales.id"], name=op.f("fk_page_locales_locale_id_locales"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("page_id", "locale_id", name=op.f("pk_page_locales")),
    )

    op.create_table(
        "page_nodes",
        sa.Column("page_id", sa.String(length=24), nullable=False),
        sa.Column("node_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("attributes", JSON, nullable=False),
        sa.Column("content", JSON, nullable=False),
        sa.ForeignKeyConstraint(["page_id"], ["pages.id"], name=op.f("fk_page_nodes_page_id_pages"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("page_id", "node_id", name=op.f("pk_page_nodes")),
    )
    with op.batch_alter_table("page_nodes", schema=None) as batch_op:
        batch_op.create_index("ix_page_nodes_order", ["page_id", "position"], unique=False)

    op.create_table(
        "page_node_locales",
        sa.Column("page_id", sa.String(length=24), nullable=False),
        sa.Column("node_id", sa.String(length=36), nullable=False),
        sa.Column("locale_id", sa.String(length=24), nullable=False),
        sa.Column("content", JSON, nullable=False),
        sa.ForeignKeyConstraint(["page_id"], ["pages.id"], name=op.f("fk_page_node_locales_page_id_pages"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["locale_id"], ["locales.id"],
                                name=op.f("fk_page_node_locales_locale_id_locales"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("page_id", "node_id", "locale_id", name=op.f("pk_page_node_locales")),
    )


def downgrade() -> None:
    op.drop_table("page_node_locales")
    with op.batch_alter_table("page_nodes", schema=None) as batch_op:
        batch_op.drop_index("ix_page_nodes_order")

    op.drop_table("page_nodes")
    op.drop_table("page_locales")
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.drop_index("ix_pages_site")

    op.drop_table("pages")
