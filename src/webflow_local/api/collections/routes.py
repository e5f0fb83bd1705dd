from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from webflow_local.api.collections import service
from webflow_local.api.collections.schemas import CollectionCreate, FieldCreate, FieldUpdate
from webflow_local.deps import CtxDep
from webflow_local.kit.wire import json_response

router = APIRouter()


@router.get("/sites/{site_id}/collections")
def list_collections(ctx: CtxDep, site_id: str) -> Response:
    return json_response(service.list_collections(ctx, site_id), ctx.status)


@router.post("/sites/{site_id}/collections")
def create_collection(ctx: CtxDep, site_id: str, body: CollectionCreate) -> Response:
    return json_response(service.create_collection(ctx, site_id, body), ctx.status)


@router.get("/collections/{collection_id}")
def collection_details(ctx: CtxDep, collection_id: str) -> Response:
    return json_response(service.collection_details(ctx, collection_id), ctx.status)


@router.delete("/collections/{collection_id}")
def delete_collection(ctx: CtxDep, collection_id: str) -> Response:
    service.delete_collection(ctx, collection_id)
    return json_response(None, ctx.status)


@router.post("/collections/{collection_id}/fields")
def create_field(ctx: CtxDep, collection_id: str, body: FieldCreate) -> Response:
    return json_response(service.create_field(ctx, collection_id, body), ctx.status)


@router.patch("/collections/{collection_id}/fields/{field_id}")
def update_field(ctx: CtxDep, collection_id: str, field_id: str, body: FieldUpdate) -> Response:
    return json_response(service.update_field(ctx, collection_id, field_id, body), ctx.status)


@router.delete("/collections/{collection_id}/fields/{field_id}")
def delete_field(ctx: CtxDep, collection_id: str, field_id: str) -> Response:
    service.delete_field(ctx, collection_id, field_id)
    return json_response(None, ctx.status)
