from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Request
from starlette.responses import Response

from webflow_local.api.items import service
from webflow_local.api.items.repository import LIVE, STAGED
from webflow_local.api.items.schemas import BulkCreate, ItemsDelete, PublishIn
from webflow_local.deps import CtxDep
from webflow_local.kit.wire import json_response

router = APIRouter()
RawBody = Body(...)


# Literal paths first: /items/live, /items/bulk and /items/publish must not match /items/{item_id}.
@router.get("/collections/{collection_id}/items")
def list_collection_items(ctx: CtxDep, collection_id: str, request: Request) -> Response:
    return json_response(service.list_items(ctx, collection_id, request.query_params, STAGED), ctx.status)


@router.post("/collections/{collection_id}/items")
def create_item(ctx: CtxDep, collection_id: str, body: Any = RawBody) -> Response:
    result, _ = service.create_item(ctx, collection_id, body, live=False)
    return json_response(result, ctx.status)


@router.patch("/collections/{collection_id}/items")
def update_items(ctx: CtxDep, collection_id: str, body: Any = RawBody) -> Response:
    return json_response(service.update_items(ctx, collection_id, body, live=False), ctx.status)


@router.delete("/collections/{collection_id}/items")
def delete_items(ctx: CtxDep, collection_id: str, body: ItemsDelete) -> Response:
    service.delete_items(ctx, collection_id, body.items, live=False)
    return json_response(None, ctx.status)


@router.get("/collections/{collection_id}/items/live")
def list_collection_items_live(ctx: CtxDep, collection_id: str, request: Request) -> Response:
    return json_response(service.list_items(ctx, collection_id, request.query_params, LIVE), ctx.status)


@router.post("/collections/{collection_id}/items/live")
def create_item_live(ctx: CtxDep, collection_id: str, body: Any = RawBody) -> Response:
    result, _ = service.create_item(ctx, collection_id, body, live=True)
    return json_response(result, ctx.status)


@router.patch("/collections/{collection_id}/items/live")
def update_items_live(ctx: CtxDep, collection_id: str, body: Any = RawBody) -> Response:
    return json_response(service.update_items(ctx, collection_id, body, live=True), ctx.status)


@router.delete("/collections/{collection_id}/items/live")
def delete_items_live(ctx: CtxDep, collection_id: str, body: ItemsDelete) -> Response:
    service.delete_items(ctx, collection_id, body.items, live=True)
    return json_response(None, ctx.status)


@router.post("/collections/{collection_id}/items/bulk")
def create_items(ctx: CtxDep, collection_id: str, body: BulkCreate) -> Response:
    return json_response(service.create_items(ctx, collection_id, body), ctx.status)


@router.post("/collections/{collection_id}/items/publish")
def publish_item(ctx: CtxDep, collection_id: str, body: PublishIn) -> Response:
    return json_response(service.publish_item(ctx, collection_id, body), ctx.status)


@router.get("/collections/{collection_id}/items/{item_id}")
def get_item(ctx: CtxDep, collection_id: str, item_id: str, cmsLocaleId: str | None = None) -> Response:
    return json_response(service.get_item(ctx, collection_id, item_id, cmsLocaleId, STAGED), ctx.status)


@router.patch("/collections/{collection_id}/items/{item_id}")
def update_item(
    ctx: CtxDep, collection_id: str, item_id: str, body: Any = RawBody, cmsLocaleId: str | None = None
) -> Response:
    result = service.update_item(ctx, collection_id, item_id, body, live=False, query_locale=cmsLocaleId)
    return json_response(result, ctx.status)


@router.delete("/collections/{collection_id}/items/{item_id}")
def delete_item(ctx: CtxDep, collection_id: str, item_id: str, cmsLocaleId: str | None = None) -> Response:
    service.delete_item(ctx, collection_id, item_id, cmsLocaleId, live=False)
    return json_response(None, ctx.status)


@router.get("/collections/{collection_id}/items/{item_id}/live")
def get_item_live(ctx: CtxDep, collection_id: str, item_id: str, cmsLocaleId: str | None = None) -> Response:
    return json_response(service.get_item(ctx, collection_id, item_id, cmsLocaleId, LIVE), ctx.status)


@router.patch("/collections/{collection_id}/items/{item_id}/live")
def update_item_live(
    ctx: CtxDep, collection_id: str, item_id: str, body: Any = RawBody, cmsLocaleId: str | None = None
) -> Response:
    result = service.update_item(ctx, collection_id, item_id, body, live=True, query_locale=cmsLocaleId)
    return json_response(result, ctx.status)


@router.delete("/collections/{collection_id}/items/{item_id}/live")
def delete_item_live(ctx: CtxDep, collection_id: str, item_id: str, cmsLocaleId: str | None = None) -> Response:
    service.delete_item(ctx, collection_id, item_id, cmsLocaleId, live=True)
    return json_response(None, ctx.status)
