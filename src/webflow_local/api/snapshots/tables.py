"""The snapshots family's table.

Snapshots live in the database itself, not in files: the same code on SQLite and PostgreSQL, a restore is
one transaction with the tables it replaces (so every process sees the old world or the new one, never a
mix), and a snapshot taken by one server process can be restored by any other process or host sharing the
database."""

from __future__ import annotations

from sqlalchemy import Column, Integer, LargeBinary, String, Table

from webflow_local.db.schema import metadata
from webflow_local.db.types import UTCDateTime

NAME_MAX = 200

snapshots = Table(
    "snapshots",
    metadata,
    Column("name", String(NAME_MAX), primary_key=True),
    Column("created_on", UTCDateTime(), nullable=False),
    # The schema revision it was taken at: a snapshot restores into that schema only.
    Column("revision", String(32), nullable=False),
    Column("tables", Integer, nullable=False),
    Column("rows", Integer, nullable=False),
    # {table: [[column, ...], [row, ...]]} as JSON (bytes and datetimes as text, see service.py).
    Column("data", LargeBinary, nullable=False),
    # Reset wipes the world, not the snapshots taken of it (a test suite restores one after a reset).
    info={"kept_by_reset": True},
)
