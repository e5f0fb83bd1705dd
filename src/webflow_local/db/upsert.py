"""INSERT ... ON CONFLICT for both dialects."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def upsert(
    conn: Connection,
    table: Table,
    values: dict[str, Any] | list[dict[str, Any]],
    keys: Sequence[str],
    update_cols: Sequence[str],
    add: bool = False,
) -> None:
    """Inserts, or on a key conflict sets (or with add=True, adds to) `update_cols`."""
    mod: Any = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = mod.insert(table).values(values)
    new = {c: table.c[c] + stmt.excluded[c] for c in update_cols} if add else {c: stmt.excluded[c] for c in update_cols}
    conn.execute(stmt.on_conflict_do_update(index_elements=list(keys), set_=new))
