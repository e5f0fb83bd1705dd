"""Transactions: one per request, owned by the request boundary, never by services.

A transaction that wrote a table behind the per-process caches (kit/cache.py CACHED_TABLES) replaces the
cache generation as its last statement, so every process drops its caches on its next request. The write
is noticed by an engine event (track_cached_writes), whatever code path made it: API, control plane, CLI."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.sql.dml import UpdateBase

from webflow_local.db.schema import control_state
from webflow_local.db.upsert import upsert
from webflow_local.kit.cache import CACHED_TABLES

GENERATION_KEY = "generation"
_DIRTY = "webflow_local.cached_tables_written"


@contextmanager
def transaction(engine: Engine, *, write: bool = True) -> Iterator[Connection]:
    with engine.connect() as conn:
        if not write and engine.dialect.name == "sqlite":
            conn = conn.execution_options(sqlite_begin="DEFERRED")
        with conn.begin():
            conn.info.pop(_DIRTY, None)
            yield conn
            if conn.info.pop(_DIRTY, False):
                # Last, so the row lock it takes on PostgreSQL is held only until the commit that follows.
                replace_generation(conn)


def replace_generation(conn: Connection) -> None:
    upsert(conn, control_state, {"key": GENERATION_KEY, "value": secrets.token_hex(8)}, ["key"], ["value"])


def track_cached_writes(engine: Engine) -> None:
    """Marks the connection when a statement inserts, updates or deletes rows of a cached table."""

    @event.listens_for(engine, "after_execute")
    def _after(conn: Connection, clause: Any, *_: Any) -> None:
        if isinstance(clause, UpdateBase):
            table = getattr(clause, "table", None)
            if table is not None and getattr(table, "name", None) in CACHED_TABLES:
                conn.info[_DIRTY] = True
