"""The custom code family's tables (declared in its FAMILY; on the one metadata of webflow_local.db.schema).

Both belong to an owner: the caller that registered or applied them (see service.owner_of)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from webflow_local.db.schema import ID, metadata
from webflow_local.db.types import JSONType, UTCDateTime

# Registered scripts: one row per script version. `script_id` is the slug of the display name; a name and
# version, once registered, never change. Inline scripts keep their source; hosted ones only the location.
custom_code_scripts = Table(
    "custom_code_scripts",
    metadata,
    # Our own ids (not Webflow's): registration order.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("owner", String(64), nullable=False),
    Column("script_id", String(64), nullable=False),
    Column("version", String(128), nullable=False),
    Column("display_name", String(50), nullable=False),
    Column("hosted_location", Text, nullable=False),
    Column("integrity_hash", String(200), nullable=True),
    Column("source_code", Text, nullable=True),
    Column("can_copy", Boolean, nullable=False),
    Column("created_on", UTCDateTime(), nullable=False),
    Column("last_updated", UTCDateTime(), nullable=False),
    UniqueConstraint("site_id", "owner", "script_id", "version"),
    Index("ix_custom_code_scripts_site", "site_id", "owner", "id"),
)


# Applied scripts: one block per owner and target (the site when page_id is NULL, else that page). A PUT
# replaces the block's whole list; a block without scripts is not kept.
custom_code_blocks = Table(
    "custom_code_blocks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("page_id", String(ID), nullable=True),
    Column("owner", String(64), nullable=False),
    Column("scripts", JSONType, nullable=False),  # [{id, version, location, attributes}] in request order
    Column("created_on", UTCDateTime(), nullable=False),
    Column("last_updated", UTCDateTime(), nullable=False),
    Index("ix_custom_code_blocks_site", "site_id", "owner", "page_id"),
)
