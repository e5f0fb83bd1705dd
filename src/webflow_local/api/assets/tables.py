"""The assets family's tables (declared in its FAMILY; on the one metadata of webflow_local.db.schema).

The uploaded bytes live in `asset_files` (a blob per asset) in the same database as everything else, so every
server process on one database serves every asset and a database backup holds the files (docs/deployment.md)."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, LargeBinary, String, Table, Text, UniqueConstraint

from webflow_local.db.schema import ID, metadata
from webflow_local.db.types import UTCDateTime

# Folders: names are unique among the folders of one parent (`parent_key` is the parent's id, "" at the root,
# so the constraint also holds at the root where `parent_id` is NULL).
asset_folders = Table(
    "asset_folders",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("parent_id", String(ID), ForeignKey("asset_folders.id", ondelete="CASCADE"), nullable=True),
    Column("parent_key", String(ID), nullable=False),
    Column("display_name", String(255), nullable=False),
    Column("created_on", UTCDateTime(), nullable=False),
    Column("last_updated", UTCDateTime(), nullable=False),
    UniqueConstraint("site_id", "parent_key", "display_name"),
    Index("ix_asset_folders_site", "site_id", "created_on"),
)

# Asset metadata. `file_hash` (MD5 hex, lowercase) is unique per site: the same file is the same asset.
# `size` and `uploaded_on` are set when the bytes arrive at the upload target.
assets = Table(
    "assets",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("folder_id", String(ID), ForeignKey("asset_folders.id", ondelete="SET NULL"), nullable=True),
    Column("file_name", String(100), nullable=False),
    Column("display_name", String(255), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("file_hash", String(32), nullable=False),
    Column("size", Integer, nullable=False),
    Column("uploaded_on", UTCDateTime(), nullable=True),
    Column("created_on", UTCDateTime(), nullable=False),
    Column("last_updated", UTCDateTime(), nullable=False),
    UniqueConstraint("site_id", "file_hash"),
    Index("ix_assets_site", "site_id", "created_on", "id"),
    Index("ix_assets_folder", "folder_id"),
)

# Alt text per site locale (the locale's `id`, as `localeId` names it).
asset_alt_texts = Table(
    "asset_alt_texts",
    metadata,
    Column("asset_id", String(ID), ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True),
    Column("locale_id", String(ID), ForeignKey("locales.id", ondelete="CASCADE"), primary_key=True),
    Column("alt_text", Text, nullable=False),
)

# The uploaded bytes, one row per asset (its MD5 is the asset's file_hash).
asset_files = Table(
    "asset_files",
    metadata,
    Column("asset_id", String(ID), ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True),
    Column("data", LargeBinary, nullable=False),
    Column("uploaded_on", UTCDateTime(), nullable=False),
)
