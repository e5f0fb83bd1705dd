"""All SQL of webhook registrations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, func, select

from webflow_local.db.schema import sites, webhooks


class WebhookRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def insert(self, row: dict[str, Any]) -> None:
        self.conn.execute(webhooks.insert().values(**row))

    def get(self, webhook_id: str) -> Row[Any] | None:
        return self.conn.execute(select(webhooks).where(webhooks.c.id == webhook_id)).first()

    def delete(self, webhook_id: str) -> None:
        self.conn.execute(webhooks.delete().where(webhooks.c.id == webhook_id))

    def page(self, site_id: str, offset: int, limit: int) -> tuple[list[Row[Any]], int]:
        where = webhooks.c.site_id == site_id
        total = int(self.conn.execute(select(func.count()).select_from(webhooks).where(where)).scalar_one())
        rows = self.conn.execute(
            select(webhooks).where(where).order_by(webhooks.c.created_on, webhooks.c.id).offset(offset).limit(limit)
        )
        return list(rows), total

    def count(self, site_id: str, trigger_type: str) -> int:
        q = select(func.count()).select_from(webhooks).where(
            webhooks.c.site_id == site_id, webhooks.c.trigger_type == trigger_type
        )
        return int(self.conn.execute(q).scalar_one())

    def lock_site(self, site_id: str) -> None:
        """Serialises registrations per site so the per-trigger limit holds under concurrency (PostgreSQL;
        SQLite writers are serialised by BEGIN IMMEDIATE already)."""
        if self.conn.dialect.name == "postgresql":
            self.conn.execute(select(sites.c.id).where(sites.c.id == site_id).with_for_update())

    def matching(self, site_id: str, trigger_type: str) -> list[Row[Any]]:
        """The site's webhooks for a trigger, in registration order."""
        q = (
            select(webhooks.c.id, webhooks.c.filter)
            .where(webhooks.c.site_id == site_id, webhooks.c.trigger_type == trigger_type)
            .order_by(webhooks.c.created_on, webhooks.c.id)
        )
        return list(self.conn.execute(q))
