"""All tables. SQL lives in each family's repository; this module only describes the storage."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    true,
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
    Column("rate_limit", Integer, nullable=True),
    Column("created_on", UTCDateTime(), nullable=False),
    Column("last_used", UTCDateTime(), nullable=True),
    Column("revoked_on", UTCDateTime(), nullable=True),
)

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

# Webhook registrations (api/webhooks). `signing_key` signs deliveries: the secretKey handed out at
# creation, an app's client secret (control plane), or NULL for unsigned (dashboard-style) webhooks.
webhooks = Table(
    "webhooks",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("workspace_id", String(ID), nullable=False),
    Column("trigger_type", String(64), nullable=False),
    Column("url", Text, nullable=False),
    Column("filter", JSONType, nullable=True),
    Column("signing_key", String(256), nullable=True),
    Column("created_on", UTCDateTime(), nullable=False),
    Column("last_triggered", UTCDateTime(), nullable=True),
    # Deactivated after settings.webhook_deactivate_after deliveries in a row failed for good; the control
    # plane re-enables it. Not on the Data API's wire (Webflow's webhook has no such field).
    Column("active", Boolean, nullable=False, server_default=true()),
    Column("consecutive_failures", Integer, nullable=False, server_default="0"),
    Column("deactivated_on", UTCDateTime(), nullable=True),
    Index("ix_webhooks_site_trigger", "site_id", "trigger_type", "created_on"),
)

# The outbox: one row per (event, webhook), written in the transaction that caused the event.
# `next_attempt_at` is on the shared (freezable) clock; `claimed_until` is a wall-clock lease so a
# crashed dispatcher's claims are taken over.
webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    # Our own ids (not Webflow's): insertion order is the order events go out.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("webhook_id", String(ID), ForeignKey("webhooks.id", ondelete="CASCADE"), nullable=False),
    Column("trigger_type", String(64), nullable=False),
    Column("body", Text, nullable=False),  # the exact JSON bytes sent (and signed)
    Column("status", String(16), nullable=False),  # pending | delivered | failed | cancelled
    Column("attempts", Integer, nullable=False),
    Column("created_on", UTCDateTime(), nullable=False),
    Column("next_attempt_at", UTCDateTime(), nullable=False),
    Column("claimed_until", UTCDateTime(), nullable=True),
    Column("claimed_by", String(64), nullable=True),
    Column("delivered_on", UTCDateTime(), nullable=True),
    Column("resend_of", Integer, nullable=True),
    Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    Index("ix_webhook_deliveries_webhook", "webhook_id", "created_on"),
)

webhook_attempts = Table(
    "webhook_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("delivery_id", Integer, ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), nullable=False),
    Column("attempted_on", UTCDateTime(), nullable=False),
    Column("status_code", Integer, nullable=True),
    Column("latency_ms", Integer, nullable=False),
    Column("error", Text, nullable=True),
    Column("worker", String(64), nullable=False),
    Index("ix_webhook_attempts_delivery", "delivery_id", "id"),
)

# The built-in receiver (/_admin/sinks/{name}): its configuration and what it was sent. In the
# database so that every server process answers alike.
webhook_sinks = Table(
    "webhook_sinks",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("status", Integer, nullable=False),  # answered while failing (or always, without fail_times)
    Column("fail_times", Integer, nullable=True),
    Column("delay_seconds", Float, nullable=False),
    Column("received", Integer, nullable=False),
)

webhook_sink_requests = Table(
    "webhook_sink_requests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sink", String(200), ForeignKey("webhook_sinks.name", ondelete="CASCADE"), nullable=False),
    Column("received_on", UTCDateTime(), nullable=False),
    Column("answered", Integer, nullable=False),
    Column("headers", JSONType, nullable=False),
    Column("body", Text, nullable=False),
    Index("ix_webhook_sink_requests_sink", "sink", "id"),
)
