"""What an operator watches: GET /_health, GET /_metrics (Prometheus text), the JSON access log and request ids.

WireMiddleware calls Observer.finish() once per request with what the gateway left in scope["state"]
(operation_id, token_id) and the request id it assigned."""

from __future__ import annotations

import logging
import logging.handlers
import os
import queue
import re
import sys
import uuid
from collections.abc import Iterable, Iterator, MutableMapping
from datetime import UTC, datetime
from typing import Any

import orjson
from fastapi import APIRouter, Request
from prometheus_client import CollectorRegistry, Counter, Histogram, ProcessCollector, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from webflow_local import __version__
from webflow_local.api.webhooks.delivery_repository import DeliveryRepository
from webflow_local.db.session import transaction
from webflow_local.errors import ServiceUnavailable
from webflow_local.kit.wire import json_response

log = logging.getLogger("webflow_local")

# An incoming X-Request-Id is kept when it looks like an id (a proxy's or a client's), else replaced: it
# ends up in log lines, which must not be forgeable into several lines or carry arbitrary text.
REQUEST_ID = re.compile(r"[A-Za-z0-9._:+=@/-]{1,128}")
PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
DISCONNECTED = 499  # no response was sent: the client went away first (nginx's convention)


def request_id(headers: Iterable[tuple[bytes, bytes]]) -> str:
    for name, value in headers:
        if name == b"x-request-id":
            text = value.decode("latin-1")
            if REQUEST_ID.fullmatch(text):
                return text
            break
    return uuid.uuid4().hex


def operation_of(scope: MutableMapping[str, Any]) -> str:
    """The spec operation id (e.g. v2:list-items), else the route template, else "unmatched" (404s):
    a bounded set of label values."""
    op = scope.get("state", {}).get("operation_id")
    if op:
        return str(op)
    route = scope.get("route")
    path = getattr(route, "path", None)
    return f"{scope.get('method', '')} {path}" if path else "unmatched"


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR")


class ScrapeCollector(Collector):
    """Values read when scraped: this process's database pool, and the webhook backlog (shared by all)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterator[Metric]:
        pool: Any = self.engine.pool
        used = GaugeMetricFamily("webflow_local_db_pool_connections",
                                 "Database connections of this process's pool, by state", labels=["state"])
        for state, fn in (("checked_out", "checkedout"), ("idle", "checkedin"), ("overflow", "overflow")):
            if hasattr(pool, fn):
                used.add_metric([state], float(getattr(pool, fn)()))
        yield used
        if hasattr(pool, "size"):
            yield GaugeMetricFamily("webflow_local_db_pool_size", "Connections the pool keeps open",
                                    value=float(pool.size()))
        up, pending = 1.0, None
        try:
            pending = pending_deliveries(self.engine)
        except Exception:
            up = 0.0
        yield GaugeMetricFamily("webflow_local_database_up", "1 when the database answered this scrape", value=up)
        if pending is not None:
            yield GaugeMetricFamily("webflow_local_webhook_pending_deliveries",
                                    "Webhook deliveries waiting to be sent or retried", value=float(pending))


class Metrics:
    def __init__(self, engine: Engine) -> None:
        # One registry per app: several apps (tests) can live in one process.
        self.registry = CollectorRegistry()
        self.requests = Counter("webflow_local_requests", "HTTP requests answered, by operation and status",
                                ["operation", "status"], registry=self.registry)
        self.duration = Histogram("webflow_local_request_duration_seconds", "Time to answer a request",
                                  ["operation"], buckets=BUCKETS, registry=self.registry)
        self.scrape = ScrapeCollector(engine)
        self.registry.register(self.scrape)
        ProcessCollector(registry=self.registry)

    def observe(self, operation: str, status: int, seconds: float) -> None:
        self.requests.labels(operation, str(status)).inc()
        self.duration.labels(operation).observe(seconds)

    def exposition(self) -> bytes:
        if multiprocess_dir() is None:
            return generate_latest(self.registry)
        # Request counters of every worker (written to files in that directory), this process's own pool.
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        registry.register(self.scrape)
        ProcessCollector(registry=registry)
        return generate_latest(registry)


class AccessLog:
    """JSON lines, written by a background thread so a slow stderr or disk never stalls the event loop."""

    def __init__(self, target: str) -> None:
        handler: logging.Handler
        if target in {"stderr", "-"}:
            handler = logging.StreamHandler(sys.stderr)
        else:
            # Opened now, so a bad path stops the server at start; reopened when logrotate moves it.
            handler = logging.handlers.WatchedFileHandler(target, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(message)s"))
        self.handler = handler
        self.queue: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
        self.listener = logging.handlers.QueueListener(self.queue, handler)
        self.running = False

    def write(self, entry: dict[str, Any]) -> None:
        if not self.running:
            self.listener.start()
            self.running = True
        self.queue.put_nowait(logging.makeLogRecord({"msg": orjson.dumps(entry).decode(), "levelno": logging.INFO}))

    def close(self) -> None:
        if self.running:
            self.listener.stop()  # writes what is queued first
            self.running = False
        self.handler.close()


class Observer:
    def __init__(self, engine: Engine, access_log: str | None) -> None:
        self.engine = engine
        self.metrics = Metrics(engine)
        self.access_log = AccessLog(access_log) if access_log else None

    def finish(self, scope: MutableMapping[str, Any], status: int | None, seconds: float) -> None:
        status = status or DISCONNECTED
        operation = operation_of(scope)
        self.metrics.observe(operation, status, seconds)
        if self.access_log is not None:
            state = scope.get("state", {})
            self.access_log.write({
                "time": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                "requestId": state.get("request_id"),
                "method": scope.get("method"),
                "path": scope.get("path"),
                "operationId": state.get("operation_id"),
                "status": status,
                "durationMs": round(seconds * 1000, 3),
                "tokenId": state.get("token_id"),
            })

    def close(self) -> None:
        if self.access_log is not None:
            self.access_log.close()


def pending_deliveries(engine: Engine) -> int:
    with transaction(engine, write=False) as conn:
        return DeliveryRepository(conn).pending_count()


def health(engine: Engine) -> tuple[int, dict[str, Any]]:
    try:
        pending = pending_deliveries(engine)
    except Exception as e:
        log.warning("health check: the database did not answer: %s", e)
        err = ServiceUnavailable("Service unavailable: the database is unreachable")
        # Webflow's error envelope, plus the same status fields a healthy answer has.
        return err.status, {**err.body(), "status": "unavailable", "database": "unreachable",
                            "version": __version__, "pendingDeliveries": None}
    return 200, {"status": "ok", "database": "ok", "version": __version__, "pendingDeliveries": pending}


router = APIRouter()


def observer_of(request: Request) -> Observer:
    obs: Observer = request.app.state.observer
    return obs


@router.get("/_health", include_in_schema=False)
async def get_health(request: Request) -> Response:
    """No authentication: a load balancer's probe. Read-only."""
    status, body = await run_in_threadpool(health, observer_of(request).engine)
    return json_response(body, status, {"Cache-Control": "no-store"})


@router.get("/_metrics", include_in_schema=False)
async def get_metrics(request: Request) -> Response:
    text = await run_in_threadpool(observer_of(request).metrics.exposition)
    return Response(text, media_type=PROMETHEUS_TEXT, headers={"Cache-Control": "no-store"})
