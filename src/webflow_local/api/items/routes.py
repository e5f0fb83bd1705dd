from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from webflow_local.api.items import service
from webflow_local.api.items.repository import LIVE, STAGED
from webflow_local.api.items.schemas import BulkCreate, ItemsDelete, PublishIn
from webflow_local.deps import CtxDep
from webflow_local.errors import ValidationFailed
from webflow_local.kit.wire import json_response

router = APIRouter()
RawBody = Body(...)
# Image/File values are recorded, never fetched, so there is nothing to skip; the flag is still validated.
async def _skip_invalid_files(skip: Annotated[str | None, Query(alias="skipInvalidFiles")] = None) -> None:
    # async: a check without I/O needs no threadpool hop. Empty means not given.
    if skip is not None and skip.lower() not in {"", "true", "false"}:
        raise ValidationFailed.param("skipInvalidFiles", "skipInvalidFiles must be true or false")


SkipInvalidFiles = Annotated[None, Depends(_skip_invalid_files)]
# Sibling literal segments: PATCH /items/bulk is a method the path does not serve, not an item id.
LITERAL_SEGMENTS = {"bulk", "publish", "live"}


def _not_literal(item_id: str) -> None:
    if item_id in LITERAL_SEGMENTS:
        raise StarletteHTTPException(405)


# Literal paths first: /items/live, /items/bulk and /items/publish must not match /items/{item_id}.
@router.get("/collections/{collection_id}/items")
def list_collection_items(ctx: CtxDep, collection_id: str, request: Request) -> Response:
    return json_response(service.list_items(ctx, collection_id, request.query_params, STAGED), ctx.status)


@router.post("/collections/{collection_id}/items")
def create_item(ctx: CtxDep, collection_id: str, body: Any = RawBody, _skip: SkipInvalidFiles = None) -> Response:
    result, _ = service.create_item(ctx, collection_id, body, live=False)
    return json_response(result, ctx.status)


@router.patch("/collections/{collection_id}/items")
def update_items(ctx: CtxDep, collection_id: str, body: Any = RawBody, _skip: SkipInvalidFiles = None) -> Response:
    return json_response(service.update_items(ctx, collection_id, body, live=False), ctx.status)


@router.delete("/collections/{collection_id}/items")
def delete_items(ctx: CtxDep, collection_id: str, body: ItemsDelete) -> Response:
    service.delete_items(ctx, collection_id, body.items, live=False)
    return json_response(None, ctx.status)


@router.get("/collections/{collection_id}/items/live")
def list_collection_items_live(ctx: CtxDep, collection_id: str, request: Request) -> Response:
    return json_response(service.list_items(ctx, collection_id, request.query_params, LIVE), ctx.status)


@router.post("/collections/{collection_id}/items/live")
def create_item_live(ctx: CtxDep, collection_id: str, body: Any = RawBody, _skip: SkipInvalidFiles = None) -> Response:
    result, _ = service.create_item(ctx, collection_id, body, live=True)
    return json_response(result, ctx.status)


@router.patch("/collections/{collection_id}/items/live")
def update_items_live(ctx: CtxDep, collection_id: str, body: Any = RawBody, _skip: SkipInvalidFiles = None) -> Response:
    return json_response(service.update_items(ctx, collection_id, body, live=True), ctx.status)


@router.delete("/collections/{collection_id}/items/live")
def delete_items_live(ctx: CtxDep, collection_id: str, body: ItemsDelete) -> Response:
    service.delete_items(ctx, collection_id, body.items, live=True)
    return json_response(None, ctx.status)


@router.post("/collections/{collection_id}/items/bulk")
def create_items(ctx: CtxDep, collection_id: str, body: BulkCreate, _skip: SkipInvalidFiles = None) -> Response:
    return json_response(service.create_items(ctx, collection_id, body), ctx.status)


@router.post("/collections/{collection_id}/items/publish")
def publish_item(ctx: CtxDep, collection_id: str, body: PublishIn) -> Response:
    return json_response(service.publish_item(ctx, collection_id, body), ctx.status)


@router.get("/collections/{collection_id}/items/{item_id}")
def get_item(ctx: CtxDep, collection_id: str, item_id: str, cmsLocaleId: str | None = None) -> Response:
    _not_literal(item_id)
    return json_response(service.get_item(ctx, collection_id, item_id, cmsLocaleId, STAGED), ctx.status)


@router.patch("/collections/{collection_id}/items/{item_id}")
def update_item(
    ctx: CtxDep,
    collection_id: str,
    item_id: str,
    body: Any = RawBody,
    cmsLocaleId: str | None = None,
    _skip: SkipInvalidFiles = None,
) -> Response:
    _not_literal(item_id)
    result = service.update_item(ctx, collection_id, item_id, body, live=False, query_locale=cmsLocaleId)
    return json_response(result, ctx.status)


@router.delete("/collections/{collection_id}/items/{item_id}")
def delete_item(ctx: CtxDep, collection_id: str, item_id: str, cmsLocaleId: str | None = None) -> Response:
    _not_literal(item_id)
    service.delete_item(ctx, collection_id, item_id, cmsLocaleId, live=False)
    return json_response(None, ctx.status)


@router.get("/collections/{collection_id}/items/{item_id}/live")
def get_item_live(ctx: CtxDep, collection_id: str, item_id: str, cmsLocaleId: str | None = None) -> Response:
    return json_response(service.get_item(ctx, collection_id, item_id, cmsLocaleId, LIVE), ctx.status)


@router.patch("/collections/{collection_id}/items/{item_id}/live")
def update_item_live(
    ctx: CtxDep,
    collection_id: str,
    item_id: str,
    body: Any = RawBody,
    cmsLocaleId: str | None = None,
    _skip: SkipInvalidFiles = None,
) -> Response:
    result = service.update_item(ctx, collection_id, item_id, body, live=True, query_locale=cmsLocaleId)
    return json_response(result, ctx.status)


@router.delete("/collections/{collection_id}/items/{item_id}/live")
def delete_item_live(ctx: CtxDep, collection_id: str, item_id: str, cmsLocaleId: str | None = None) -> Response:
    service.delete_item(ctx, collection_id, item_id, cmsLocaleId, live=True)
    return json_response(None, ctx.status)
