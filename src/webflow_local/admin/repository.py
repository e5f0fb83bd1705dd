from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, select

from webflow_local.db.schema import metadata, workspaces


class AdminRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def wipe(self) -> None:
        # DELETE, children first, rather than TRUNCATE: TRUNCATE's table locks deadlock with the webhook
        # dispatcher's reads on PostgreSQL, while row deletes just wait for them.
        for t in reversed(metadata.sorted_tables):
            if not t.info.get("kept_by_reset"):  # e.g. the snapshots, which outlive the world they saved
                self.conn.execute(t.delete())

    def insert_workspace(self, row: dict[str, Any]) -> None:
        self.conn.execute(workspaces.insert().values(**row))

    def workspaces(self) -> list[Row[Any]]:
        return list(self.conn.execute(select(workspaces).order_by(workspaces.c.created_on, workspaces.c.id)))

    def workspace(self, ref: str) -> Row[Any] | None:
        q = select(workspaces).where((workspaces.c.id == ref) | (workspaces.c.slug == ref))
        return self.conn.execute(q).first()
