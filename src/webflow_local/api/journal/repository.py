"""All SQL of the request journal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, select

from webflow_local.api.journal.tables import request_journal as rj


class JournalRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def insert(self, rows: list[dict[str, Any]]) -> None:
        self.conn.execute(rj.insert(), rows)

    def trim(self, keep: int) -> None:
        """Keeps the newest `keep` entries. Safe with several processes: the cut is found and applied in one
        statement, and two processes trimming at once only delete the same old rows."""
        cut = select(rj.c.id).order_by(rj.c.id.desc()).offset(keep - 1).limit(1).scalar_subquery()
        if self.conn.dialect.name != "postgresql":
            self.conn.execute(rj.delete().where(rj.c.id < cut))
            return
        # Rows a clearing (or another trim) has locked are skipped, not waited for: a clearing waits for this
        # transaction's table lock, so waiting for its rows here would deadlock.
        old = select(rj.c.id).where(rj.c.id < cut).with_for_update(skip_locked=True)
        self.conn.execute(rj.delete().where(rj.c.id.in_(old)))

    def lock(self, *, clearing: bool) -> None:
        """PostgreSQL: a write of the journal and a clearing of it never overlap (SHARE ROW EXCLUSIVE conflicts
        with the ROW EXCLUSIVE of a write; two writes do not conflict). On SQLite every write transaction
        already excludes the others."""
        if self.conn.dialect.name == "postgresql":
            mode = "SHARE ROW EXCLUSIVE" if clearing else "ROW EXCLUSIVE"
            self.conn.exec_driver_sql(f"LOCK TABLE request_journal IN {mode} MODE")

    def clear(self) -> int:
        return self.conn.execute(rj.delete()).rowcount

    def find(self, *, operation_id: str | None, method: str | None, status: int | None, since: datetime | None,
             limit: int) -> list[Row[Any]]:
        """The newest `limit` matching entries, oldest first."""
        q = select(rj)
        if operation_id is not None:
            q = q.where(rj.c.operation_id == operation_id)
        if method is not None:
            q = q.where(rj.c.method == method.upper())
        if status is not None:
            q = q.where(rj.c.status == status)
        if since is not None:
            q = q.where(rj.c.at >= since)
        rows = list(self.conn.execute(q.order_by(rj.c.id.desc()).limit(limit)))
        rows.reverse()
        return rows
