"""All SQL of the logs family."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, select

from webflow_local.api.logs.tables import site_activity_logs, workspace_audit_logs


class LogRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- site activity ---------------------------------------------------------------------------------
    def add_activity(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.conn.execute(site_activity_logs.insert(), rows)

    def activity_page(self, site_id: str, offset: int, limit: int) -> tuple[list[Row[Any]], int]:
        t = site_activity_logs
        total = self.conn.execute(select(func.count()).select_from(t).where(t.c.site_id == site_id)).scalar_one()
        q = select(t).where(t.c.site_id == site_id).order_by(t.c.seq.desc()).offset(offset).limit(limit)
        return list(self.conn.execute(q)), int(total)

    # -- workspace audit -------------------------------------------------------------------------------
    def add_audit(self, row: dict[str, Any]) -> None:
        self.conn.execute(workspace_audit_logs.insert().values(**row))

    def audit_page(self, workspace_id: str, *, event_type: str | None, since: datetime | None,
                   until: datetime | None, newest_first: bool, offset: int, limit: int) -> tuple[list[Row[Any]], int]:
        t = workspace_audit_logs
        where = [t.c.workspace_id == workspace_id]
        if event_type is not None:
            where.append(t.c.event_type == event_type)
        if since is not None:
            where.append(t.c.timestamp >= since)
        if until is not None:
            where.append(t.c.timestamp <= until)
        total = self.conn.execute(select(func.count()).select_from(t).where(*where)).scalar_one()
        order = t.c.seq.desc() if newest_first else t.c.seq.asc()
        rows = self.conn.execute(select(t).where(*where).order_by(order).offset(offset).limit(limit))
        return list(rows), int(total)
