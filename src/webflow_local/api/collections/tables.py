"""The collections family's tables (declared in its FAMILY; on the one metadata of webflow_local.db.schema)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint

from webflow_local.db.schema import ID, metadata
from webflow_local.db.types import JSONType, UTCDateTime

collections = Table(
    "collections",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("display_name", String(200), nullable=False),
    Column("name_key", String(200), nullable=False),  # lower-cased display name, for uniqueness
    Column("singular_name", String(200), nullable=False),
    Column("slug", String(200), nullable=False),
    Column("created_on", UTCDateTime(), nullable=False),
    Column("last_updated", UTCDateTime(), nullable=False),
    UniqueConstraint("site_id", "slug"),
    UniqueConstraint("site_id", "name_key"),
)


fields = Table(
    "fields",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("collection_id", String(ID), ForeignKey("collections.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("slug", String(200), nullable=False),
    Column("display_name", String(200), nullable=False),
    Column("type", String(32), nullable=False),
    Column("is_required", Boolean, nullable=False),
    Column("is_editable", Boolean, nullable=False),
    Column("help_text", Text, nullable=True),
    Column("validations", JSONType, nullable=True),
    UniqueConstraint("collection_id", "slug"),
)
