"""The logs family's tables: the site activity log and the workspace audit log (on the one metadata of
webflow_local.db.schema). Each row goes with its site or workspace (ON DELETE CASCADE)."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text

from webflow_local.db.schema import ID, metadata
from webflow_local.db.types import JSONType, UTCDateTime

# `seq` orders the entries (several share one createdOn under a frozen clock); newest first is seq descending.

site_activity_logs = Table(
    "site_activity_logs",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(ID), nullable=False, unique=True),
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("created_on", UTCDateTime(), nullable=False),
    Column("event", String(64), nullable=False),
    Column("resource_operation", String(32), nullable=False),
    Column("user_json", JSONType, nullable=True),
    Column("resource_id", String(200), nullable=True),
    Column("resource_name", Text, nullable=True),
    Column("previous_value", Text, nullable=True),
    Column("new_value", Text, nullable=True),
    Column("payload", JSONType, nullable=True),
    Index("ix_site_activity_logs_site", "site_id", "seq"),
)

workspace_audit_logs = Table(
    "workspace_audit_logs",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("workspace_id", String(ID), ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False),
    Column("timestamp", UTCDateTime(), nullable=False),
    Column("actor", JSONType, nullable=False),
    Column("event_type", String(32), nullable=False),
    Column("event_sub_type", String(64), nullable=False),
    Column("payload", JSONType, nullable=False),
    Index("ix_workspace_audit_logs_workspace", "workspace_id", "seq"),
)

TABLES = (site_activity_logs, workspace_audit_logs)
