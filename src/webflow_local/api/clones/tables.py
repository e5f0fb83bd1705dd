"""The clones family's tables (declared in its FAMILY; on the one metadata of webflow_local.db.schema)."""

from __future__ import annotations

from sqlalchemy import Column, Index, String, Table

from webflow_local.db.schema import ID, metadata
from webflow_local.db.types import JSONType, UTCDateTime

# Where an interrupted `pull` of a site stopped: one row per (source server, site), deleted when it ends.
clone_checkpoints = Table(
    "clone_checkpoints",
    metadata,
    Column("source", String(512), primary_key=True),  # base URL of the server pulled from
    Column("site_id", String(ID), primary_key=True),
    Column("state", JSONType, nullable=False),
    Column("updated_on", UTCDateTime(), nullable=False),
)

# What `push` made on a target: a local id (collection, field, item, locale) -> the target's id, with a digest
# of what was sent, so a re-run sends only what changed.
clone_id_map = Table(
    "clone_id_map",
    metadata,
    Column("target", String(512), primary_key=True),  # base URL and site id of the target
    Column("kind", String(16), primary_key=True),
    Column("local_id", String(ID), primary_key=True),
    Column("target_id", String(ID), nullable=False),
    Column("digest", String(64), nullable=True),
    Index("ix_clone_id_map_target_id", "target", "kind", "target_id"),
)
