"""Snapshots: every table of the store (runtime.all_tables) saved under a name, restored in one
transaction.

A restore deletes every row and inserts the saved ones, then replaces the cache generation, so every
server process sharing the database drops its caches on its next request (kit/cache.py). The rows are kept
as JSON: datetimes as ISO-8601 text, bytes as base64, turned back by the column's type on restore."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

import orjson
from sqlalchemy import Column, Connection, LargeBinary, Table

from webflow_local.api.snapshots.repository import SnapshotRepository
from webflow_local.api.snapshots.schemas import SnapshotIn
from webflow_local.api.snapshots.tables import snapshots
from webflow_local.context import Ctx
from webflow_local.db import migrate
from webflow_local.db.session import GENERATION_KEY, replace_generation
from webflow_local.db.types import UTCDateTime
from webflow_local.errors import Conflict, NotFound
from webflow_local.kit.timefmt import iso


@cache
def snapshot_tables() -> tuple[Table, ...]:
    """Every table but the snapshots' own, parents before children."""
    from webflow_local.runtime import all_tables

    # Not the snapshots themselves, nor what records requests rather than holds the world (the journal).
    return tuple(t for t in all_tables() if t is not snapshots and not t.info.get("not_state"))


def _encoder(col: Column[Any]) -> Callable[[Any], Any] | None:
    if isinstance(col.type, LargeBinary):
        return lambda v: None if v is None else base64.b64encode(v).decode()
    return None


def _decoder(col: Column[Any]) -> Callable[[Any], Any] | None:
    if isinstance(col.type, LargeBinary):
        return lambda v: None if v is None else base64.b64decode(v)
    if isinstance(col.type, UTCDateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    return None


# A store's rows: table name -> (column names, rows as lists of values as the database answers them).
World = dict[str, tuple[list[str], list[list[Any]]]]


def read_world(conn: Connection) -> World:
    """Every row of the store (the snapshots and the request journal excepted), as it is."""
    repo = SnapshotRepository(conn)
    out: World = {}
    for t in snapshot_tables():
        rows = [list(r) for r in repo.read_table(t)]
        if t.name == "control_state":
            # The cache generation is the database's, not the world's: a restore replaces it.
            rows = [r for r in rows if r[0] != GENERATION_KEY]
        out[str(t.name)] = ([str(c.name) for c in t.columns], rows)
    return out


def write_world(conn: Connection, world: World) -> None:
    """Every table's rows replaced by the world's in the caller's transaction; then every process drops its
    caches on its next request (whatever the tables written)."""
    repo = SnapshotRepository(conn)
    tables = snapshot_tables()
    repo.clear(tables)
    for t in tables:
        names, rows = world.get(t.name, ([], []))
        if any(n not in t.c for n in names):  # pragma: no cover - same revision, same columns
            raise Conflict(f"Conflict: the snapshot does not match the table {t.name}")
        repo.insert(t, [dict(zip(names, r, strict=True)) for r in _parents_first(t, names, rows)])
    repo.restart_sequences(tables)
    replace_generation(conn)


def _dump(world: World) -> tuple[dict[str, Any], int]:
    """The world as JSON values (bytes as base64; datetimes become ISO text when serialised)."""
    out: dict[str, Any] = {}
    for t in snapshot_tables():
        names, rows = world.get(t.name, ([], []))
        encoders = [_encoder(t.c[n]) for n in names]
        if any(encoders):
            rows = [[v if enc is None else enc(v) for v, enc in zip(r, encoders, strict=True)] for r in rows]
        out[str(t.name)] = [names, rows]
    return out, sum(len(rows) for _, rows in world.values())


def _load(data: dict[str, Any]) -> World:
    """The JSON values back into the columns' types."""
    out: World = {}
    for t in snapshot_tables():
        names, rows = data.get(t.name, [[], []])
        for i, n in enumerate(names):
            dec = _decoder(t.c[n]) if n in t.c else None
            if dec is not None:
                for r in rows:
                    r[i] = dec(r[i])
        out[str(t.name)] = (names, rows)
    return out


def _wire(row: Any) -> dict[str, Any]:
    return {"name": row.name, "createdOn": iso(row.created_on), "revision": row.revision, "tables": row.tables,
            "rows": row.rows}


def save(ctx: Ctx, body: SnapshotIn) -> dict[str, Any]:
    started = time.perf_counter()
    repo = SnapshotRepository(ctx.conn)
    if not body.replace and repo.get(body.name) is not None:
        raise Conflict("Conflict: Resource already exists",
                       details=[{"param": "name", "description": f"a snapshot named {body.name!r} exists "
                                                                 "(send replace: true to replace it)"}])
    data, count = _dump(read_world(ctx.conn))
    blob = orjson.dumps(data, option=orjson.OPT_NAIVE_UTC)
    repo.save({"name": body.name, "created_on": ctx.now(), "revision": migrate.HEAD, "tables": len(data),
               "rows": count, "data": blob})
    found = repo.get(body.name)
    return {**_wire(found), "bytes": len(blob), "durationMs": _ms(started)}


def list_snapshots(ctx: Ctx) -> dict[str, Any]:
    return {"snapshots": [_wire(r) for r in SnapshotRepository(ctx.conn).summaries()]}


def delete(ctx: Ctx, name: str) -> dict[str, Any]:
    if not SnapshotRepository(ctx.conn).delete(name):
        raise NotFound.of("The snapshot cannot be found")
    return {"name": name, "deleted": True}


def _parents_first(table: Table, names: list[str], rows: list[list[Any]]) -> list[list[Any]]:
    """Rows of a table that references itself (pages, asset folders) ordered so that each row's parent is
    inserted before it: foreign keys are checked per statement on PostgreSQL."""
    key = [names.index(c.name) for c in table.primary_key.columns]
    refs = [names.index(fk.parent.name) for fk in table.foreign_keys if fk.column.table is table]
    if not refs or len(key) != 1:
        return rows
    k = key[0]
    present = {r[k] for r in rows}
    done: set[Any] = set()
    out: list[list[Any]] = []
    pending = rows
    while pending:
        later = []
        for r in pending:
            if all(r[i] is None or r[i] not in present or r[i] in done or r[i] == r[k] for i in refs):
                out.append(r)
                done.add(r[k])
            else:
                later.append(r)
        if len(later) == len(pending):  # a cycle cannot be saved from a consistent store; keep the rest as is
            out.extend(later)
            break
        pending = later
    return out


def restore(ctx: Ctx, name: str) -> dict[str, Any]:
    started = time.perf_counter()
    repo = SnapshotRepository(ctx.conn)
    row = repo.get(name)
    if row is None:
        raise NotFound.of("The snapshot cannot be found")
    if row.revision != migrate.HEAD:
        raise Conflict(f"Conflict: the snapshot was taken at schema revision {row.revision}, the database is "
                       f"at {migrate.HEAD}")
    write_world(ctx.conn, _load(orjson.loads(row.data)))
    ctx.runtime.faults.invalidate()
    return {**_wire(row), "restored": True, "durationMs": _ms(started)}


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
