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
        self.conn.execute(rj.delete().where(rj.c.id < cut))

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
