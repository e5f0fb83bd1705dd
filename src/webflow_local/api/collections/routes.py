from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from webflow_local.api.collections import service
from webflow_local.api.collections.schemas import CollectionCreate, FieldCreate, FieldUpdate
from webflow_local.deps import ApiDep

router = APIRouter()


@router.get("/sites/{site_id}/collections")
async def list_collections(api: ApiDep, site_id: str) -> Response:
    return await api.call(service.list_collections, site_id)


@router.post("/sites/{site_id}/collections")
async def create_collection(api: ApiDep, site_id: str, body: CollectionCreate) -> Response:
    return await api.call(service.create_collection, site_id, body)


@router.get("/collections/{collection_id}")
async def collection_details(api: ApiDep, collection_id: str) -> Response:
    return await api.call(service.collection_details, collection_id)


@router.delete("/collections/{collection_id}")
async def delete_collection(api: ApiDep, collection_id: str) -> Response:
    return await api.call(service.delete_collection, collection_id)


@router.post("/collections/{collection_id}/fields")
async def create_field(api: ApiDep, collection_id: str, body: FieldCreate) -> Response:
    return await api.call(service.create_field, collection_id, body)


@router.patch("/collections/{collection_id}/fields/{field_id}")
async def update_field(api: ApiDep, collection_id: str, field_id: str, body: FieldUpdate) -> Response:
    return await api.call(service.update_field, collection_id, field_id, body)


@router.delete("/collections/{collection_id}/fields/{field_id}")
async def delete_field(api: ApiDep, collection_id: str, field_id: str) -> Response:
    return await api.call(service.delete_field, collection_id, field_id)
