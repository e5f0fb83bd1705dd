from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Request
from starlette.responses import Response

from webflow_local.api.webhooks import service
from webflow_local.deps import CtxDep
from webflow_local.kit.wire import json_response

router = APIRouter()
RawBody = Body(...)


@router.get("/sites/{site_id}/webhooks")
def list_webhooks(ctx: CtxDep, site_id: str, request: Request) -> Response:
    return json_response(service.list_webhooks(ctx, site_id, request.query_params), ctx.status)


@router.post("/sites/{site_id}/webhooks")
def create_webhook(ctx: CtxDep, site_id: str, body: Any = RawBody) -> Response:
    return json_response(service.create_webhook(ctx, site_id, body), ctx.status)


@router.get("/webhooks/{webhook_id}")
def get_webhook(ctx: CtxDep, webhook_id: str) -> Response:
    return json_response(service.get_webhook(ctx, webhook_id), ctx.status)


@router.delete("/webhooks/{webhook_id}")
def remove_webhook(ctx: CtxDep, webhook_id: str) -> Response:
    service.remove_webhook(ctx, webhook_id)
    return json_response(None, ctx.status)
