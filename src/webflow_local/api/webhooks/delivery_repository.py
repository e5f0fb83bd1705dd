"""All SQL of webhook delivery: the outbox, its attempt log, and the built-in receiver's tables."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, func, or_, select, update

from webflow_local.api.webhooks.tables import (
    webhook_attempts,
    webhook_deliveries,
    webhook_sink_requests,
    webhook_sinks,
    webhooks,
)
from webflow_local.db.upsert import upsert

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
CANCELLED = "cancelled"  # its webhook was deactivated: not attempted again
d = webhook_deliveries


def _due(clock_now: datetime, wall_now: datetime) -> Any:
    """Pending, due on the shared clock, and not leased to a live dispatcher."""
    return and_(
        d.c.status == PENDING,
        d.c.next_attempt_at <= clock_now,
        or_(d.c.claimed_until.is_(None), d.c.claimed_until < wall_now),
    )


class DeliveryRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def insert(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.conn.execute(d.insert(), rows)

    def insert_one(self, row: dict[str, Any]) -> int:
        return int(self.conn.execute(d.insert().values(**row).returning(d.c.id)).scalar_one())

    def due_exists(self, clock_now: datetime, wall_now: datetime) -> bool:
        return self.conn.execute(select(d.c.id).where(_due(clock_now, wall_now)).limit(1)).first() is not None

    def claim(self, clock_now: datetime, wall_now: datetime, lease_until: datetime, worker: str,
              limit: int) -> list[Row[Any]]:
        """Leases up to `limit` due deliveries to `worker`. On PostgreSQL, FOR UPDATE SKIP LOCKED lets
        concurrent claimers pass each other's rows; on SQLite the write transaction (BEGIN IMMEDIATE)
        already serialises claimers."""
        q = select(d.c.id).where(_due(clock_now, wall_now)).order_by(d.c.next_attempt_at, d.c.id).limit(limit)
        if self.conn.dialect.name == "postgresql":
            q = q.with_for_update(skip_locked=True)
        ids = [r.id for r in self.conn.execute(q)]
        if not ids:
            return []
        self.conn.execute(update(d).where(d.c.id.in_(ids)).values(claimed_until=lease_until, claimed_by=worker))
        jobs = (
            select(d.c.id, d.c.body, d.c.attempts, webhooks.c.id.label("webhook_id"), webhooks.c.url,
                   webhooks.c.signing_key, webhooks.c.active)
            .join(webhooks, webhooks.c.id == d.c.webhook_id)
            .where(d.c.id.in_(ids))
            .order_by(d.c.next_attempt_at, d.c.id)
        )
        rows: list[Row[Any]] = list(self.conn.execute(jobs))
        # A delivery of a deactivated webhook that its deactivation did not cancel (one written or leased
        # at that moment) is cancelled here instead of sent.
        idle = [r.id for r in rows if not r.active]
        if idle:
            self.conn.execute(update(d).where(d.c.id.in_(idle)).values(
                status=CANCELLED, claimed_until=None, claimed_by=None))
        return [r for r in rows if r.active]

    def locked(self, delivery_id: int) -> Row[Any] | None:
        q = select(d).where(d.c.id == delivery_id)
        if self.conn.dialect.name == "postgresql":
            q = q.with_for_update()
        return self.conn.execute(q).first()

    def get(self, delivery_id: int) -> Row[Any] | None:
        return self.conn.execute(select(d).where(d.c.id == delivery_id)).first()

    def update(self, delivery_id: int, values: dict[str, Any]) -> None:
        self.conn.execute(update(d).where(d.c.id == delivery_id).values(**values))

    def add_attempt(self, row: dict[str, Any]) -> None:
        self.conn.execute(webhook_attempts.insert().values(**row))

    def cancel_pending(self, webhook_id: str) -> None:
        """Cancels the webhook's pending deliveries. On PostgreSQL it skips those another dispatcher is
        recording right now (waiting for them could deadlock: they wait for the webhook's row, which the
        caller holds); those are cancelled when recorded or claimed next."""
        q = select(d.c.id).where(d.c.webhook_id == webhook_id, d.c.status == PENDING)
        if self.conn.dialect.name == "postgresql":
            q = q.with_for_update(skip_locked=True)
        ids = [r.id for r in self.conn.execute(q)]
        if ids:
            self.conn.execute(update(d).where(d.c.id.in_(ids)).values(
                status=CANCELLED, claimed_until=None, claimed_by=None))

    def of_webhook(self, webhook_id: str) -> list[Row[Any]]:
        return list(self.conn.execute(select(d).where(d.c.webhook_id == webhook_id).order_by(d.c.id)))

    def attempts_of(self, delivery_ids: list[int]) -> list[Row[Any]]:
        if not delivery_ids:
            return []
        q = (select(webhook_attempts).where(webhook_attempts.c.delivery_id.in_(delivery_ids))
             .order_by(webhook_attempts.c.delivery_id, webhook_attempts.c.id))
        return list(self.conn.execute(q))

    def pending_count(self) -> int:
        """The webhook backlog: deliveries neither delivered nor failed for good (for /_health and /_metrics)."""
        return int(self.conn.execute(select(func.count()).select_from(d).where(d.c.status == PENDING)).scalar_one())


class SinkRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def configure(self, name: str, status: int, fail_times: int | None, delay_seconds: float) -> None:
        """Replaces the sink's behaviour and restarts its failure count; what it received is kept."""
        upsert(self.conn, webhook_sinks,
               {"name": name, "status": status, "fail_times": fail_times, "delay_seconds": delay_seconds,
                "received": 0},
               ["name"], ["status", "fail_times", "delay_seconds", "received"])

    def hit(self, name: str) -> Row[Any]:
        """Counts one request (creating a default sink on first use) and returns the sink after it. The
        increment holds the row lock until commit, so concurrent requests each see their own count."""
        upsert(self.conn, webhook_sinks,
               {"name": name, "status": 200, "fail_times": None, "delay_seconds": 0.0, "received": 1},
               ["name"], ["received"], add=True)
        row = self.get(name)
        assert row is not None
        return row

    def get(self, name: str) -> Row[Any] | None:
        return self.conn.execute(select(webhook_sinks).where(webhook_sinks.c.name == name)).first()

    def all(self) -> list[Row[Any]]:
        return list(self.conn.execute(select(webhook_sinks).order_by(webhook_sinks.c.name)))

    def delete(self, name: str) -> None:
        self.conn.execute(webhook_sink_requests.delete().where(webhook_sink_requests.c.sink == name))
        self.conn.execute(webhook_sinks.delete().where(webhook_sinks.c.name == name))

    def store(self, row: dict[str, Any]) -> None:
        self.conn.execute(webhook_sink_requests.insert().values(**row))

    def requests(self, name: str) -> list[Row[Any]]:
        q = select(webhook_sink_requests).where(webhook_sink_requests.c.sink == name).order_by(
            webhook_sink_requests.c.id)
        return list(self.conn.execute(q))
