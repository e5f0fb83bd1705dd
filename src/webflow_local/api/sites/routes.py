from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from webflow_local.api.sites import service
from webflow_local.api.sites.schemas import SitePublish
from webflow_local.deps import ApiDep

router = APIRouter()


@router.get("/sites")
async def list_sites(api: ApiDep) -> Response:
    return await api.call(service.list_sites)


@router.get("/sites/{site_id}")
async def get_site(api: ApiDep, site_id: str) -> Response:
    return await api.call(service.get_site, site_id)


@router.get("/sites/{site_id}/custom_domains")
async def get_custom_domains(api: ApiDep, site_id: str) -> Response:
    return await api.call(service.get_custom_domains, site_id)


@router.post("/sites/{site_id}/publish")
async def site_publish(api: ApiDep, site_id: str, body: SitePublish) -> Response:
    return await api.call(service.site_publish, site_id, body)
