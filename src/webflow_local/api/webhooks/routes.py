from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Request
from starlette.responses import Response

from webflow_local.api.webhooks import service
from webflow_local.deps import ApiDep

router = APIRouter()
RawBody = Body(...)


@router.get("/sites/{site_id}/webhooks")
async def list_webhooks(api: ApiDep, site_id: str, request: Request) -> Response:
    return await api.call(service.list_webhooks, site_id, request.query_params)


@router.post("/sites/{site_id}/webhooks")
async def create_webhook(api: ApiDep, site_id: str, body: Any = RawBody) -> Response:
    return await api.call(service.create_webhook, site_id, body)


@router.get("/webhooks/{webhook_id}")
async def get_webhook(api: ApiDep, webhook_id: str) -> Response:
    return await api.call(service.get_webhook, webhook_id)


@router.delete("/webhooks/{webhook_id}")
async def remove_webhook(api: ApiDep, webhook_id: str) -> Response:
    return await api.call(service.remove_webhook, webhook_id)
