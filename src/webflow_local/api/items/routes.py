from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from webflow_local.api.items import service
from webflow_local.api.items.repository import LIVE, STAGED
from webflow_local.api.items.schemas import BulkCreate, ItemsDelete, PublishIn
from webflow_local.deps import ApiDep
from webflow_local.errors import ValidationFailed

router = APIRouter()
RawBody = Body(...)
CmsLocaleId = Annotated[str | None, Query(alias="cmsLocaleId")]


async def _skip_invalid_files(skip: Annotated[str | None, Query(alias="skipInvalidFiles")] = None) -> None:
    # Image/File values are recorded, never fetched, so there is nothing to skip; the flag is still validated.
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
async def list_collection_items(api: ApiDep, collection_id: str, request: Request) -> Response:
    return await api.call(service.list_items, collection_id, request.query_params, STAGED)


@router.post("/collections/{collection_id}/items")
async def create_item(api: ApiDep, collection_id: str, _skip: SkipInvalidFiles, body: Any = RawBody) -> Response:
    return await api.call(service.create_item, collection_id, body, live=False)


@router.patch("/collections/{collection_id}/items")
async def update_items(api: ApiDep, collection_id: str, _skip: SkipInvalidFiles, body: Any = RawBody) -> Response:
    return await api.call(service.update_items, collection_id, body, live=False)


@router.delete("/collections/{collection_id}/items")
async def delete_items(api: ApiDep, collection_id: str, body: ItemsDelete) -> Response:
    return await api.call(service.delete_items, collection_id, body.items, live=False)


@router.get("/collections/{collection_id}/items/live")
async def list_collection_items_live(api: ApiDep, collection_id: str, request: Request) -> Response:
    return await api.call(service.list_items, collection_id, request.query_params, LIVE)


@router.post("/collections/{collection_id}/items/live")
async def create_item_live(api: ApiDep, collection_id: str, _skip: SkipInvalidFiles, body: Any = RawBody) -> Response:
    return await api.call(service.create_item, collection_id, body, live=True)


@router.patch("/collections/{collection_id}/items/live")
async def update_items_live(api: ApiDep, collection_id: str, _skip: SkipInvalidFiles, body: Any = RawBody) -> Response:
    return await api.call(service.update_items, collection_id, body, live=True)


@router.delete("/collections/{collection_id}/items/live")
async def delete_items_live(api: ApiDep, collection_id: str, body: ItemsDelete) -> Response:
    return await api.call(service.delete_items, collection_id, body.items, live=True)


@router.post("/collections/{collection_id}/items/bulk")
async def create_items(api: ApiDep, collection_id: str, _skip: SkipInvalidFiles, body: BulkCreate) -> Response:
    return await api.call(service.create_items, collection_id, body)


@router.post("/collections/{collection_id}/items/publish")
async def publish_item(api: ApiDep, collection_id: str, body: PublishIn) -> Response:
    return await api.call(service.publish_item, collection_id, body)


@router.get("/collections/{collection_id}/items/{item_id}")
async def get_item(api: ApiDep, collection_id: str, item_id: str, locale: CmsLocaleId = None) -> Response:
    _not_literal(item_id)
    return await api.call(service.get_item, collection_id, item_id, locale, STAGED)


@router.patch("/collections/{collection_id}/items/{item_id}")
async def update_item(
    api: ApiDep,
    collection_id: str,
    item_id: str,
    _skip: SkipInvalidFiles,
    body: Any = RawBody,
    locale: CmsLocaleId = None,
) -> Response:
    _not_literal(item_id)
    return await api.call(service.update_item, collection_id, item_id, body, live=False, query_locale=locale)


@router.delete("/collections/{collection_id}/items/{item_id}")
async def delete_item(api: ApiDep, collection_id: str, item_id: str, locale: CmsLocaleId = None) -> Response:
    _not_literal(item_id)
    return await api.call(service.delete_item, collection_id, item_id, locale, live=False)


@router.get("/collections/{collection_id}/items/{item_id}/live")
async def get_item_live(api: ApiDep, collection_id: str, item_id: str, locale: CmsLocaleId = None) -> Response:
    return await api.call(service.get_item, collection_id, item_id, locale, LIVE)


@router.patch("/collections/{collection_id}/items/{item_id}/live")
async def update_item_live(
    api: ApiDep,
    collection_id: str,
    item_id: str,
    _skip: SkipInvalidFiles,
    body: Any = RawBody,
    locale: CmsLocaleId = None,
) -> Response:
    return await api.call(service.update_item, collection_id, item_id, body, live=True, query_locale=locale)


@router.delete("/collections/{collection_id}/items/{item_id}/live")
async def delete_item_live(api: ApiDep, collection_id: str, item_id: str, locale: CmsLocaleId = None) -> Response:
    return await api.call(service.delete_item, collection_id, item_id, locale, live=True)
