"""INSERT ... ON CONFLICT for both dialects."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

# Built once per shape: constructing an upsert and computing its cache key cost more than running it.
_STATEMENTS: dict[tuple[str, str, tuple[str, ...], tuple[str, ...], bool], Insert] = {}


def upsert_statement(dialect: str, table: Table, keys: Sequence[str], update_cols: Sequence[str], add: bool) -> Insert:
    """The upsert with one bound parameter per column, to execute with a dict (or a list of them)."""
    shape = (dialect, table.name, tuple(keys), tuple(update_cols), add)
    stmt = _STATEMENTS.get(shape)
    if stmt is None:
        mod: Any = postgresql if dialect == "postgresql" else sqlite
        ins = mod.insert(table)
        new = {c: table.c[c] + ins.excluded[c] if add else ins.excluded[c] for c in update_cols}
        stmt = _STATEMENTS[shape] = ins.on_conflict_do_update(index_elements=list(keys), set_=new)
    return stmt


def upsert(
    conn: Connection,
    table: Table,
    values: dict[str, Any] | list[dict[str, Any]],
    keys: Sequence[str],
    update_cols: Sequence[str],
    add: bool = False,
) -> None:
    """Inserts, or on a key conflict sets (or with add=True, adds to) `update_cols`. A list of rows is one
    executemany; the rows must all have the same columns."""
    if isinstance(values, list) and not values:
        return
    conn.execute(upsert_statement(conn.dialect.name, table, keys, update_cols, add), values)
