"""All SQL of snapshots: the saved snapshots, and reading or replacing every table of the store."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Integer, Row, Table, select

from webflow_local.api.snapshots.tables import snapshots


class SnapshotRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, name: str) -> Row[Any] | None:
        return self.conn.execute(select(snapshots).where(snapshots.c.name == name)).first()

    def summaries(self) -> list[Row[Any]]:
        cols = [c for c in snapshots.c if c.name != "data"]
        return list(self.conn.execute(select(*cols).order_by(snapshots.c.created_on, snapshots.c.name)))

    def save(self, row: dict[str, Any]) -> None:
        self.delete(row["name"])
        self.conn.execute(snapshots.insert().values(**row))

    def delete(self, name: str) -> bool:
        return bool(self.conn.execute(snapshots.delete().where(snapshots.c.name == name)).rowcount)

    def read_table(self, table: Table) -> list[Row[Any]]:
        # Primary-key order: a restore inserts the rows back in the same order.
        return list(self.conn.execute(select(table).order_by(*table.primary_key.columns)))

    def clear(self, tables: Sequence[Table]) -> None:
        # Children first; row DELETEs rather than TRUNCATE for the reason AdminRepository.wipe gives.
        for t in reversed(tables):
            self.conn.execute(t.delete())

    def insert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.conn.execute(table.insert(), rows)

    def restart_sequences(self, tables: Sequence[Table]) -> None:
        """PostgreSQL: serial keys continue after the restored rows (inserting explicit ids does not move a
        sequence). SQLite takes max(rowid) + 1 by itself."""
        if self.conn.dialect.name != "postgresql":
            return
        for t in tables:
            for col in t.primary_key.columns:
                if isinstance(col.type, Integer) and col.autoincrement is True:
                    self.conn.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{t.name}', '{col.name}'), "
                        f"COALESCE((SELECT MAX({col.name}) FROM {t.name}), 0) + 1, false)")
