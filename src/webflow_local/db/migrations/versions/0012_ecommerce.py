"""ecommerce tables

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 19:40:00

The ecommerce family's tables (src/webflow_local/api/ecommerce/tables.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import webflow_local.db.types

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ecommerce_orders",
        sa.Column("site_id", sa.String(length=24), nullable=False),
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("order_comment", sa.Text(), nullable=False),
        sa.Column("accepted_on", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("fulfilled_on", webflow_local.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("refunded_on", webflow_local.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("disputed_on", webflow_local.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("dispute_updated_on", webflow_local.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("dispute_last_status", sa.String(length=32), nullable=True),
        sa.Column("shipping_provider", sa.Text(), nullable=True),
        sa.Column("shipping_tracking", sa.Text(), nullable=True),
        sa.Column("shipping_tracking_url", sa.Text(), nullable=True),
        sa.Column("refund_reason", sa.String(length=16), nullable=True),
        sa.Column("checkout", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_ecommerce_orders_site_id_sites"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("site_id", "order_id", name=op.f("pk_ecommerce_orders")),
    )
    with op.batch_alter_table("ecommerce_orders", schema=None) as batch_op:
        batch_op.create_index("ix_ecommerce_orders_site", ["site_id", "seq"], unique=False)

    op.create_table(
        "ecommerce_sites",
        sa.Column("site_id", sa.String(length=24), nullable=False),
        sa.Column("default_currency", sa.String(length=3), nullable=False),
        sa.Column("created_on", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("products_collection_id", sa.String(length=24), nullable=False),
        sa.Column("skus_collection_id", sa.String(length=24), nullable=False),
        sa.Column("categories_collection_id", sa.String(length=24), nullable=False),
        sa.Column("order_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_ecommerce_sites_site_id_sites"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("site_id", name=op.f("pk_ecommerce_sites")),
    )
    op.create_table(
        "ecommerce_skus",
        sa.Column("sku_id", sa.String(length=24), nullable=False),
        sa.Column("site_id", sa.String(length=24), nullable=False),
        sa.Column("product_id", sa.String(length=24), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("inventory_type", sa.String(length=16), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_ecommerce_skus_site_id_sites"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("sku_id", name=op.f("pk_ecommerce_skus")),
    )
    with op.batch_alter_table("ecommerce_skus", schema=None) as batch_op:
        batch_op.create_index("ix_ecommerce_skus_product", ["product_id", "position"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ecommerce_skus", schema=None) as batch_op:
        batch_op.drop_index("ix_ecommerce_skus_product")

    op.drop_table("ecommerce_skus")
    op.drop_table("ecommerce_sites")
    with op.batch_alter_table("ecommerce_orders", schema=None) as batch_op:
        batch_op.drop_index("ix_ecommerce_orders_site")

    op.drop_table("ecommerce_orders")
