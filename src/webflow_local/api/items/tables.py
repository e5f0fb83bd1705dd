"""The items family's tables (declared in its FAMILY; on the one metadata of webflow_local.db.schema)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from webflow_local.db.schema import ID, metadata
from webflow_local.db.types import JSONType, UTCDateTime

# An item is a group with one id across locales ...
items = Table(
    "items",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("collection_id", String(ID), ForeignKey("collections.id", ondelete="CASCADE"), nullable=False),
    Column("created_on", UTCDateTime(), nullable=False),
    Index("ix_items_collection", "collection_id"),
)


# ... and each (item, locale) has a staged variant and at most one live variant.
item_variants = Table(
    "item_variants",
    metadata,
    Column("item_id", String(ID), ForeignKey("items.id", ondelete="CASCADE"), primary_key=True),
    Column("cms_locale_id", String(ID), primary_key=True),
    Column("stage", String(8), primary_key=True),  # staged | live
    Column("collection_id", String(ID), ForeignKey("collections.id", ondelete="CASCADE"), nullable=False),
    Column("name", Text, nullable=False),
    Column("slug", String(256), nullable=False),
    Column("field_data", JSONType, nullable=False),
    Column("is_draft", Boolean, nullable=False),
    Column("is_archived", Boolean, nullable=False),
    Column("created_on", UTCDateTime(), nullable=False),
    Column("last_updated", UTCDateTime(), nullable=False),
    Column("last_published", UTCDateTime(), nullable=True),
    UniqueConstraint("collection_id", "cms_locale_id", "stage", "slug"),
    Index("ix_variants_list", "collection_id", "stage", "cms_locale_id", "created_on", "item_id"),
)


# How many variants each (collection, stage, locale) has, kept with every insert and delete of variants in
# the same transaction: an unfiltered list's `pagination.total` reads it instead of counting the collection.
variant_counts = Table(
    "variant_counts",
    metadata,
    Column("collection_id", String(ID), ForeignKey("collections.id", ondelete="CASCADE"), primary_key=True),
    Column("stage", String(8), primary_key=True),
    Column("cms_locale_id", String(ID), primary_key=True),
    Column("n", Integer, nullable=False),
)
