"""The site_config family's tables (declared in its FAMILY; on the one metadata of webflow_local.db.schema).

Every row belongs to a site and goes with it (ON DELETE CASCADE): delete-site needs no code of its own here."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text

from webflow_local.db.schema import ID, metadata
from webflow_local.db.types import JSONType, UTCDateTime

# 301 redirects. A site's fromUrl values are unique; the service checks that (a 2048-character value is
# too long for a unique index on PostgreSQL) while it holds the site's row.
site_redirects = Table(
    "site_redirects",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("from_url", String(2048), nullable=False),
    Column("to_url", String(2048), nullable=False),
    Column("created_on", UTCDateTime(), nullable=False),
    Index("ix_site_redirects_site", "site_id", "created_on"),
)

# Google tags, in their display order (`position`: 0, 1, ... without gaps).
site_google_tags = Table(
    "site_google_tags",
    metadata,
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", String(64), primary_key=True),
    Column("display_name", String(200), nullable=False),
    Column("position", Integer, nullable=False),
)

# robots.txt: its rules [{userAgent, allows, disallows}] in order, and the sitemap URL. No row: never set.
site_robots_txt = Table(
    "site_robots_txt",
    metadata,
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True),
    Column("rules", JSONType, nullable=False),
    Column("sitemap", Text, nullable=True),
    Column("updated_on", UTCDateTime(), nullable=False),
)

# Files served under /.well-known/ (the name as stored: `.noext` already stripped).
site_well_known_files = Table(
    "site_well_known_files",
    metadata,
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True),
    Column("file_name", String(255), primary_key=True),
    Column("content_type", String(32), nullable=False),
    Column("file_data", Text, nullable=False),
    Column("size", Integer, nullable=False),  # bytes of file_data in UTF-8
    Column("updated_on", UTCDateTime(), nullable=False),
)

# llms.txt (beta). No row: none.
site_llms_txt = Table(
    "site_llms_txt",
    metadata,
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True),
    Column("content", Text, nullable=False),
    Column("updated_on", UTCDateTime(), nullable=False),
)

TABLES = (site_redirects, site_google_tags, site_robots_txt, site_well_known_files, site_llms_txt)
