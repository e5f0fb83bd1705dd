"""The ecommerce family's tables (declared in its FAMILY; on the one metadata of webflow_local.db.schema).

Products and SKUs themselves are CMS items of the site's Products and SKUs collections (the items family
stores them); these tables hold what is not an item: a site's ecommerce settings, each SKU's product and
inventory, and the orders that checkouts make."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String, Table, Text

from webflow_local.db.schema import ID, metadata
from webflow_local.db.types import JSONType, UTCDateTime

ecommerce_sites = Table(
    "ecommerce_sites",
    metadata,
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True),
    Column("default_currency", String(3), nullable=False),
    Column("created_on", UTCDateTime(), nullable=False),
    # The collections the enable call made (the CMS items of products, SKUs and categories live there).
    Column("products_collection_id", String(ID), nullable=False),
    Column("skus_collection_id", String(ID), nullable=False),
    Column("categories_collection_id", String(ID), nullable=False),
    # The last order number handed out: bumped with an UPDATE, so concurrent checkouts get distinct numbers.
    Column("order_seq", Integer, nullable=False),
)


ecommerce_skus = Table(
    "ecommerce_skus",
    metadata,
    Column("sku_id", String(ID), primary_key=True),
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("product_id", String(ID), nullable=False),
    Column("position", Integer, nullable=False),  # creation order within the product (the default SKU is 0)
    Column("inventory_type", String(16), nullable=False),  # finite | infinite
    # Units in stock (finite); a checkout takes units with a conditional UPDATE, never below zero.
    Column("quantity", BigInteger, nullable=False),
    Index("ix_ecommerce_skus_product", "product_id", "position"),
)


ecommerce_orders = Table(
    "ecommerce_orders",
    metadata,
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True),
    Column("order_id", String(32), primary_key=True),  # Webflow's short order ids ("fc7-128")
    Column("seq", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("comment", Text, nullable=False),
    Column("order_comment", Text, nullable=False),
    Column("accepted_on", UTCDateTime(), nullable=False),
    Column("fulfilled_on", UTCDateTime(), nullable=True),
    Column("refunded_on", UTCDateTime(), nullable=True),
    Column("disputed_on", UTCDateTime(), nullable=True),
    Column("dispute_updated_on", UTCDateTime(), nullable=True),
    Column("dispute_last_status", String(32), nullable=True),
    Column("shipping_provider", Text, nullable=True),
    Column("shipping_tracking", Text, nullable=True),
    Column("shipping_tracking_url", Text, nullable=True),
    Column("refund_reason", String(16), nullable=True),
    # What the checkout fixed: customer, addresses, purchased items, totals and payment details, as JSON
    # in their wire shape (they never change after the checkout).
    Column("checkout", JSONType, nullable=False),
    Index("ix_ecommerce_orders_site", "site_id", "seq"),
)
