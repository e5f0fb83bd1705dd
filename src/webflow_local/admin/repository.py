from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, select

from webflow_local.db.schema import metadata, workspaces


class AdminRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def wipe(self) -> None:
        tables = list(reversed(metadata.sorted_tables))
        if self.conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            self.conn.exec_driver_sql(f"TRUNCATE {names} CASCADE")
            return
        for t in tables:
            self.conn.execute(t.delete())

    def insert_workspace(self, row: dict[str, Any]) -> None:
        self.conn.execute(workspaces.insert().values(**row))

    def workspaces(self) -> list[Row[Any]]:
        return list(self.conn.execute(select(workspaces).order_by(workspaces.c.created_on, workspaces.c.id)))

    def workspace(self, ref: str) -> Row[Any] | None:
        q = select(workspaces).where((workspaces.c.id == ref) | (workspaces.c.slug == ref))
        return self.conn.execute(q).first()
