"""The platform's tables (workspaces, sites and their locales and domains, tokens, control state, rate counters) and
the one metadata. Each family's own tables live in api/<family>/tables.py on this metadata and are declared in its
FAMILY; `all_tables()` in webflow_local.runtime lists them all. SQL lives in the repositories."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from webflow_local.db.types import JSONType, UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = 24  # ObjectId hex length

workspaces = Table(
    "workspaces",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("slug", String(200), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("created_on", UTCDateTime(), nullable=False),
    # starter, core, growth, agency, freelancer or enterprise: Enterprise-only operations answer 403 on the others.
    Column("plan", String(16), nullable=False, server_default="enterprise"),
)

sites = Table(
    "sites",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("workspace_id", String(ID), ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False),
    Column("display_name", String(200), nullable=False),
    Column("short_name", String(200), nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("parent_folder_id", String(ID), nullable=True),
    Column("data_collection_enabled", Boolean, nullable=False),
    Column("data_collection_type", String(16), nullable=False),
    Column("created_on", UTCDateTime(), nullable=False),
    Column("last_updated", UTCDateTime(), nullable=False),
    Column("last_published", UTCDateTime(), nullable=True),
    Index("ix_sites_workspace", "workspace_id"),
)

locales = Table(
    "locales",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("cms_locale_id", String(ID), nullable=False, unique=True),
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("is_primary", Boolean, nullable=False),
    Column("position", Integer, nullable=False),
    Column("display_name", String(200), nullable=False),
    Column("tag", String(64), nullable=False),
    Column("subdirectory", String(64), nullable=False),
    Column("enabled", Boolean, nullable=False),
    Column("redirect", Boolean, nullable=False),
    Column("display_image_id", String(ID), nullable=True),
    UniqueConstraint("site_id", "tag"),
    Index("ix_locales_site", "site_id", "position"),
)

custom_domains = Table(
    "custom_domains",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("url", String(255), nullable=False),
    Column("last_published", UTCDateTime(), nullable=True),
    UniqueConstraint("site_id", "url"),
)

# The people of a workspace (Webflow's users): the user behind a token, comment authors, ID tokens.
users = Table(
    "users",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("workspace_id", String(ID), ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False),
    Column("email", String(254), nullable=False),
    Column("first_name", String(200), nullable=False),
    Column("last_name", String(200), nullable=False),
    Column("role", String(32), nullable=False),
    Column("created_on", UTCDateTime(), nullable=False),
    UniqueConstraint("workspace_id", "email"),
)

tokens = Table(
    "tokens",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),  # site | workspace
    Column("workspace_id", String(ID), ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False),
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), nullable=True),
    Column("scopes", Text, nullable=False),  # comma-separated, normalised
    Column("label", String(200), nullable=True),
    Column("user_json", JSONType, nullable=False),
    # The user the token acts for, when it was issued for one (user_json then holds that user's wire form).
    Column("user_id", String(ID), ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    # The OAuth app an app token was granted to (the apps family's `apps.id`; no foreign key: a platform
    # table does not point into a family's).
    Column("app_id", String(ID), nullable=True),
    Column("rate_limit", Integer, nullable=True),
    Column("created_on", UTCDateTime(), nullable=False),
    Column("last_used", UTCDateTime(), nullable=True),
    Column("revoked_on", UTCDateTime(), nullable=True),
)


# The control plane's shared settings (clock, id seed, faults): in the database so that every
# server process sees the same.
control_state = Table(
    "control_state",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", JSONType, nullable=False),
)

rate_counters = Table(
    "rate_counters",
    metadata,
    Column("token_id", String(ID), primary_key=True),
    Column("window", Integer, primary_key=True),  # epoch minute
    Column("n", Integer, nullable=False),
)


