"""The custom fonts family's tables (declared in its FAMILY; on the one metadata of webflow_local.db.schema).

Like the assets' files, a font's bytes live in the database (`custom_font_files`), so every process on one
database serves every font and a database backup holds them (docs/deployment.md)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, LargeBinary, String, Table

from webflow_local.db.schema import ID, metadata
from webflow_local.db.types import JSONType, UTCDateTime

# A font's metadata and the file it expects: `file_name`/`file_hash` (MD5 hex, lowercase) name the binary the
# latest create or replace-file registered; its bytes arrive at the assets' upload target.
custom_fonts = Table(
    "custom_fonts",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("font_family", String(256), nullable=False),
    Column("file_name", String(256), nullable=False),
    Column("file_hash", String(32), nullable=False),
    Column("format", String(32), nullable=False),
    Column("weight", Integer, nullable=False),
    Column("italic", Boolean, nullable=False),
    Column("font_display", String(16), nullable=False),
    Column("axes", JSONType, nullable=False),  # [{tag, name?, min, max, defaultValue}] as given
    Column("created_on", UTCDateTime(), nullable=False),
    Column("last_updated", UTCDateTime(), nullable=False),
    Index("ix_custom_fonts_site", "site_id", "created_on", "id"),
)

# The uploaded binary of a font (its MD5 is `file_hash`; a replaced file's row goes when the new one is asked for).
custom_font_files = Table(
    "custom_font_files",
    metadata,
    Column("font_id", String(ID), ForeignKey("custom_fonts.id", ondelete="CASCADE"), primary_key=True),
    Column("data", LargeBinary, nullable=False),
    Column("uploaded_on", UTCDateTime(), nullable=False),
)
