"""The webhooks family's tables (declared in its FAMILY; on the one metadata of webflow_local.db.schema)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, ForeignKey, Index, Integer, String, Table, Text, true

from webflow_local.db.schema import ID, metadata
from webflow_local.db.types import JSONType, UTCDateTime

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
