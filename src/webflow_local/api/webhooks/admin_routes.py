"""/_admin routes for webhooks: the built-in receiver (sinks), deliveries and their attempts, re-send,
and webhooks signed with an app's client secret. Mounted under /_admin by create_app."""

from __future__ import annotations

import asyncio
import time

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from webflow_local.admin.routes import AdminCtx, sink_guard
from webflow_local.api.webhooks import admin_service as service
from webflow_local.api.webhooks.admin_service import AdminWebhookIn, SinkIn
from webflow_local.context import Ctx
from webflow_local.db.session import transaction
from webflow_local.kit.wire import json_response
from webflow_local.runtime import Runtime, runtime_of

router = APIRouter(tags=["control plane: webhooks"])


@router.get("/sinks")
def list_sinks(ctx: AdminCtx) -> Response:
    return json_response(service.list_sinks(ctx))


@router.put("/sinks/{name}")
def configure_sink(ctx: AdminCtx, name: str, body: SinkIn) -> Response:
    return json_response(service.configure_sink(ctx, name, body))


@router.get("/sinks/{name}")
def get_sink(ctx: AdminCtx, name: str) -> Response:
    return json_response(service.get_sink(ctx, name))


@router.delete("/sinks/{name}")
def delete_sink(ctx: AdminCtx, name: str) -> Response:
    service.delete_sink(ctx, name)
    return json_response(None, 204)


def _receive(rt: Runtime, name: str, headers: dict[str, str], body: bytes) -> tuple[int, float]:
    with transaction(rt.engine) as conn:
        return service.receive(Ctx(conn, rt), name, headers, body)


@router.post("/sinks/{name}")
async def receive_on_sink(name: str, request: Request) -> Response:
    """Async so that a sink told to hang (delaySeconds) waits on the event loop, not in a thread."""
    body = await request.body()  # already read and checked as JSON by admin/guard.py
    sink_guard(request, body)
    status, delay = await run_in_threadpool(_receive, runtime_of(request), name, dict(request.headers), body)
    await _hang(request, delay)
    return json_response({"received": True}, status)


async def _hang(request: Request, seconds: float) -> None:
    """Waits before answering, and stops waiting once the sender has given up."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if await request.is_disconnected():
            return
        await asyncio.sleep(min(left, 0.25))


@router.post("/sites/{site_id}/webhooks")
def create_webhook(ctx: AdminCtx, site_id: str, body: AdminWebhookIn) -> Response:
    return json_response(service.create_webhook(ctx, site_id, body), 201)


@router.get("/webhooks/{webhook_id}/deliveries")
def list_deliveries(ctx: AdminCtx, webhook_id: str) -> Response:
    return json_response(service.deliveries_of(ctx, webhook_id))


@router.get("/deliveries/{delivery_id}")
def get_delivery(ctx: AdminCtx, delivery_id: int) -> Response:
    return json_response(service.get_delivery(ctx, delivery_id))


@router.post("/deliveries/{delivery_id}/resend")
def resend_delivery(ctx: AdminCtx, delivery_id: int) -> Response:
    return json_response(service.resend(ctx, delivery_id), 201)


@router.get("/webhooks/{webhook_id}")
def get_webhook(ctx: AdminCtx, webhook_id: str) -> Response:
    return json_response(service.get_webhook(ctx, webhook_id))


@router.post("/webhooks/{webhook_id}/enable")
def enable_webhook(ctx: AdminCtx, webhook_id: str) -> Response:
    return json_response(service.enable_webhook(ctx, webhook_id))
