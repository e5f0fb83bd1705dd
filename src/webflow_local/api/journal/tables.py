"""The request journal's table (on the one metadata of webflow_local.db.schema).

An observation log, like the access log: it is not part of the world, so the "nothing changed" checks leave
it out (`info["not_state"]`; a refused request is recorded too)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Float, Integer, String, Table, Text

from webflow_local.db.schema import metadata
from webflow_local.db.types import UTCDateTime

request_journal = Table(
    "request_journal",
    metadata,
    # Allocated by the database: one order across every process that writes the journal.
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("at", UTCDateTime(), nullable=False),
    Column("method", String(16), nullable=False),
    Column("path", Text, nullable=False),
    Column("query", Text, nullable=False),
    Column("operation_id", String(100), nullable=True),
    Column("status", Integer, nullable=False),
    Column("token_id", String(64), nullable=True),
    Column("duration_ms", Float, nullable=False),
    Column("request_body", Text, nullable=True),
    Column("request_truncated", Boolean, nullable=False),
    Column("response_body", Text, nullable=True),
    Column("response_truncated", Boolean, nullable=False),
    # Row counts that mean "nothing changed" skip tables marked so.
    info={"not_state": True},
)
