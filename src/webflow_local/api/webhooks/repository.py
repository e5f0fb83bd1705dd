"""All SQL of webhook registrations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, select, update

from webflow_local.api.webhooks.tables import webhooks
from webflow_local.db.schema import sites


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
        """The site's active webhooks for a trigger, in registration order."""
        q = (
            select(webhooks.c.id, webhooks.c.filter)
            .where(webhooks.c.site_id == site_id, webhooks.c.trigger_type == trigger_type,
                   webhooks.c.active.is_(True))
            .order_by(webhooks.c.created_on, webhooks.c.id)
        )
        return list(self.conn.execute(q))

    # -- deactivation: these run while the caller holds the webhook's row (see Dispatcher.record) ------
    def touch(self, webhook_id: str, at: datetime) -> bool | None:
        """Sets lastTriggered (locking the row); answers whether the webhook is active (None: gone)."""
        q = update(webhooks).where(webhooks.c.id == webhook_id).values(last_triggered=at).returning(webhooks.c.active)
        active = self.conn.execute(q).scalar()
        return None if active is None else bool(active)

    def add_failure(self, webhook_id: str) -> int:
        """One more delivery failed for good; answers how many in a row."""
        q = (update(webhooks).where(webhooks.c.id == webhook_id)
             .values(consecutive_failures=webhooks.c.consecutive_failures + 1)
             .returning(webhooks.c.consecutive_failures))
        return int(self.conn.execute(q).scalar_one())

    def reset_failures(self, webhook_id: str) -> None:
        q = update(webhooks).where(webhooks.c.id == webhook_id, webhooks.c.consecutive_failures != 0)
        self.conn.execute(q.values(consecutive_failures=0))

    def deactivate(self, webhook_id: str, at: datetime) -> bool:
        """False when it was inactive already."""
        q = update(webhooks).where(webhooks.c.id == webhook_id, webhooks.c.active.is_(True))
        return self.conn.execute(q.values(active=False, deactivated_on=at)).rowcount > 0

    def enable(self, webhook_id: str) -> None:
        q = update(webhooks).where(webhooks.c.id == webhook_id)
        self.conn.execute(q.values(active=True, consecutive_failures=0, deactivated_on=None))
