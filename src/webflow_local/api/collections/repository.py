from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Table, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from webflow_local.api.collections.tables import collections, fields


def _insert_new(conn: Connection, table: Table, rows: dict[str, Any] | list[dict[str, Any]]) -> int:
    """INSERT that leaves out rows breaking a unique constraint (no SAVEPOINT needed to carry on); returns
    how many rows were written."""
    mod: Any = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = mod.insert(table).on_conflict_do_nothing().execution_options(preserve_rowcount=True)
    return int(conn.execute(stmt, rows).rowcount)


class CollectionRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, collection_id: str) -> Row[Any] | None:
        return self.conn.execute(select(collections).where(collections.c.id == collection_id)).first()

    def for_site(self, site_id: str) -> list[Row[Any]]:
        q = select(collections).where(collections.c.site_id == site_id).order_by(
            collections.c.created_on, collections.c.id
        )
        return list(self.conn.execute(q))

    def insert(self, row: dict[str, Any]) -> bool:
        """False when the site already has a collection of that name or slug (a constraint says so)."""
        return _insert_new(self.conn, collections, row) == 1

    def delete(self, collection_id: str) -> None:
        self.conn.execute(collections.delete().where(collections.c.id == collection_id))

    def touch(self, collection_id: str, now: datetime) -> None:
        self.conn.execute(update(collections).where(collections.c.id == collection_id).values(last_updated=now))

    def fields_of(self, collection_ids: Sequence[str]) -> list[Row[Any]]:
        q = (
            select(fields)
            .where(fields.c.collection_id.in_(collection_ids))
            .order_by(fields.c.collection_id, fields.c.position)
        )
        return list(self.conn.execute(q))

    def next_position(self, collection_id: str) -> int:
        q = select(func.coalesce(func.max(fields.c.position), -1)).where(fields.c.collection_id == collection_id)
        return int(self.conn.execute(q).scalar_one()) + 1

    def insert_fields(self, rows: list[dict[str, Any]]) -> bool:
        """False when a field slug is taken in that collection (the rows that were free are then written:
        the caller fails the request, and its rollback takes them back)."""
        return _insert_new(self.conn, fields, rows) == len(rows)

    def update_field(self, field_id: str, values: dict[str, Any]) -> None:
        self.conn.execute(update(fields).where(fields.c.id == field_id).values(**values))

    def delete_field(self, field_id: str) -> None:
        self.conn.execute(fields.delete().where(fields.c.id == field_id))

