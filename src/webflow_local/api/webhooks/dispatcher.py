"""The dispatcher: claims due deliveries from the outbox, signs and POSTs them, logs each attempt, and
schedules retries. Runs as an asyncio task in each server process (the webhooks family's "background" hook, when
settings.webhook_dispatcher) and as `webflow-local worker`.

Several dispatchers may share a database: a delivery is leased to one of them (claimed_until, on the
wall clock) inside a write transaction (FOR UPDATE SKIP LOCKED on PostgreSQL, BEGIN IMMEDIATE on
SQLite), so no two send the same attempt; a crashed dispatcher's lease runs out and another takes over.
Every database call runs in a worker thread and every request is bounded by the timeout, so a
hanging receiver holds one delivery slot and nothing else."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httpx
from sqlalchemy import Connection, Engine

from webflow_local.api.webhooks.delivery_repository import CANCELLED, DELIVERED, FAILED, PENDING, DeliveryRepository
from webflow_local.api.webhooks.repository import WebhookRepository
from webflow_local.config import Settings
from webflow_local.control.clock import CLOCK_KEY, ClockState
from webflow_local.control.repository import ControlRepository
from webflow_local.db.session import transaction
from webflow_local.outbound import signing, targets
from webflow_local.runtime import Runtime

log = logging.getLogger("webflow_local.webhooks")
T = TypeVar("T")

MAX_RETRIES = 3  # after the first attempt (Webflow: 3 retries)
POLL_SECONDS = 0.2  # how often an idle dispatcher looks for due deliveries
CONCURRENCY = 16  # deliveries in flight per dispatcher
DB_CALLS = 4  # database calls in flight per dispatcher (each holds a pooled connection)
LEASE_MARGIN_SECONDS = 30.0  # beyond the request timeout, before another dispatcher may take over
ERROR_BACKOFF_SECONDS = 1.0


def clock_now(conn: Connection) -> datetime:
    return ClockState.load(ControlRepository(conn).get(CLOCK_KEY)).now()


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass(frozen=True)
class Job:
    id: int
    webhook_id: str
    url: str
    key: str | None
    body: bytes
    at: datetime  # the attempt's time on the shared clock (signed as x-webflow-timestamp)


@dataclass(frozen=True)
class Outcome:
    status: int | None
    error: str | None
    latency_ms: int

    @property
    def ok(self) -> bool:
        return self.status == 200  # Webflow counts nothing else (not even other 2xx) as delivered


class Dispatcher:
    def __init__(self, engine: Engine, settings: Settings, worker: str | None = None) -> None:
        self.engine = engine
        self.settings = settings
        self.worker = worker or worker_name()
        self.lease = timedelta(seconds=settings.webhook_timeout + LEASE_MARGIN_SECONDS)
        self._db_slots = asyncio.Semaphore(DB_CALLS)

    # -- database side: plain functions, run in a worker thread ------------------------------------
    def claim(self, limit: int) -> list[Job]:
        wall = datetime.now(UTC)
        # A read first: an idle dispatcher never takes SQLite's write lock.
        with transaction(self.engine, write=False) as conn:
            if not DeliveryRepository(conn).due_exists(clock_now(conn), wall):
                return []
        with transaction(self.engine) as conn:
            now = clock_now(conn)
            rows = DeliveryRepository(conn).claim(now, wall, wall + self.lease, self.worker, limit)
        return [Job(r.id, r.webhook_id, r.url, r.signing_key, r.body.encode(), now) for r in rows]

    def record(self, job: Job, outcome: Outcome) -> None:
        with transaction(self.engine) as conn:
            repo = DeliveryRepository(conn)
            hooks = WebhookRepository(conn)
            # Locks: the delivery's row, then the webhook's (as a reset deletes them), never the other way.
            row = repo.locked(job.id)
            if row is None or row.status not in (PENDING, CANCELLED):
                return  # the webhook was removed, state was reset, or another dispatcher finished it
            repo.add_attempt({
                "delivery_id": job.id, "attempted_on": job.at, "status_code": outcome.status,
                "latency_ms": outcome.latency_ms, "error": outcome.error, "worker": self.worker,
            })
            active = hooks.touch(job.webhook_id, job.at)
            attempts = row.attempts + 1
            values: dict[str, Any] = {"attempts": attempts}
            failed_for_good = False
            if outcome.ok:
                values.update(status=DELIVERED, delivered_on=clock_now(conn))
                hooks.reset_failures(job.webhook_id)
            elif row.status == CANCELLED or not active:
                values.update(status=CANCELLED)  # deactivated while this attempt was in flight
            elif row.claimed_by != self.worker:
                pass  # our lease ran out and another dispatcher owns the retry schedule now
            elif attempts > MAX_RETRIES:
                values.update(status=FAILED)
                failed_for_good = True
            else:
                retry_at = clock_now(conn) + timedelta(seconds=self.settings.webhook_retry_delay)
                values.update(next_attempt_at=retry_at)
            if row.claimed_by == self.worker or outcome.ok or values.get("status") == CANCELLED:
                values.update(claimed_until=None, claimed_by=None)
            repo.update(job.id, values)
            if failed_for_good:
                self._count_failure(conn, job.webhook_id)

    def _count_failure(self, conn: Connection, webhook_id: str) -> None:
        """A delivery failed for good: after webhook_deactivate_after in a row, the webhook is deactivated
        and its pending deliveries cancelled, so a dead receiver cannot make the outbox grow."""
        failures = WebhookRepository(conn).add_failure(webhook_id)
        limit = self.settings.webhook_deactivate_after
        if limit and failures >= limit and WebhookRepository(conn).deactivate(webhook_id, clock_now(conn)):
            DeliveryRepository(conn).cancel_pending(webhook_id)
            log.warning("webhook %s deactivated after %d failed deliveries in a row", webhook_id, failures)

    async def _db(self, fn: Callable[..., T], *args: Any) -> T:
        async with self._db_slots:
            return await asyncio.to_thread(fn, *args)

    # -- network side -----------------------------------------------------------------------------
    def _headers(self, job: Job) -> dict[str, str]:
        out = signing.headers(job.key, job.at, job.body)
        # On every attempt: the control plane refuses requests carrying it (except a sink's POST), so no
        # webhook URL, however spelled, can drive it. The admin token itself is never sent; a sink checks
        # the proof instead.
        out[signing.DELIVERY_HEADER] = str(job.id)
        if self.settings.admin_token:
            out[signing.PROOF_HEADER] = signing.delivery_proof(self.settings.admin_token, job.body)
        return out

    async def send(self, client: httpx.AsyncClient, job: Job) -> Outcome:
        started = time.perf_counter()
        status: int | None = None
        error: str | None = None
        if self.settings.webhook_block_private_targets and targets.has_userinfo(job.url):
            return Outcome(None, targets.USERINFO_REFUSED, 0)  # registered before the setting was on
        try:
            # A hard bound on the whole exchange: a receiver that trickles bytes cannot hold it longer.
            async with asyncio.timeout(self.settings.webhook_timeout):
                response = await client.post(job.url, content=job.body, headers=self._headers(job))
            status = response.status_code
            if status != 200:
                error = f"HTTP {status}"
        except (TimeoutError, httpx.TimeoutException):
            error = f"timed out after {self.settings.webhook_timeout:g} s"
        except httpx.HTTPError as e:
            error = targets.refusal_of(e) or (f"{type(e).__name__}: {e}" if str(e) else type(e).__name__)
        except Exception as e:
            # Anything else (httpx.InvalidURL is no HTTPError) is a failed attempt too: an unrecorded one
            # would be leased, retried and lost again forever.
            log.exception("webhook delivery %s to %s failed unexpectedly", job.id, job.url)
            error = f"{type(e).__name__}: {e}"
        return Outcome(status, error, int((time.perf_counter() - started) * 1000))

    async def deliver(self, client: httpx.AsyncClient, job: Job) -> None:
        outcome = await self.send(client, job)
        try:
            await self._db(self.record, job, outcome)
        except Exception:
            # The lease runs out and the delivery is attempted again: at least once, never lost.
            log.exception("could not record webhook delivery %s", job.id)

    async def run(self) -> None:
        """Until cancelled."""
        inflight: set[asyncio.Task[None]] = set()
        # httpx's own timeout (5 s by default) is set to ours; asyncio.timeout in send() bounds the total.
        # With private targets refused, every connection goes through the address check.
        transport = targets.GuardedTransport() if self.settings.webhook_block_private_targets else None
        async with httpx.AsyncClient(timeout=self.settings.webhook_timeout, trust_env=False, transport=transport,
                                     follow_redirects=False) as client:
            try:
                while True:
                    free = CONCURRENCY - len(inflight)
                    try:
                        jobs = await self._db(self.claim, free) if free > 0 else []
                    except Exception:
                        log.exception("webhook dispatcher could not claim deliveries")
                        await asyncio.sleep(ERROR_BACKOFF_SECONDS)
                        continue
                    for job in jobs:
                        task = asyncio.create_task(self.deliver(client, job))
                        inflight.add(task)
                        task.add_done_callback(inflight.discard)
                    if jobs and len(jobs) == free:
                        continue  # a full batch: more may be due right now
                    if free <= 0:
                        await asyncio.wait(inflight, timeout=POLL_SECONDS, return_when=asyncio.FIRST_COMPLETED)
                    else:
                        await asyncio.sleep(POLL_SECONDS)
            finally:
                for task in inflight:
                    task.cancel()
                await asyncio.gather(*inflight, return_exceptions=True)


async def start(runtime: Runtime) -> list[asyncio.Task[None]]:
    """The "background" hook: the in-process dispatcher, unless settings turn it off."""
    if not runtime.settings.webhook_dispatcher:
        return []
    dispatcher = Dispatcher(runtime.engine, runtime.settings)
    return [asyncio.create_task(dispatcher.run(), name="webhook-dispatcher")]


def run_worker(settings: Settings) -> None:
    """`webflow-local worker`: a dispatcher on its own, until SIGINT or SIGTERM."""
    import signal

    from webflow_local.db.engine import make_engine

    engine = make_engine(settings.database_url, pool_size=DB_CALLS)

    async def main() -> None:
        task = asyncio.current_task()
        assert task is not None
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, task.cancel)
        dispatcher = Dispatcher(engine, settings)
        log.warning("webhook worker %s delivering from %s", dispatcher.worker, engine.url.render_as_string())
        await dispatcher.run()

    try:
        asyncio.run(main())
    except (asyncio.CancelledError, KeyboardInterrupt):
        pass
    finally:
        engine.dispose()
