from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from webflow_local.api.sites import service
from webflow_local.api.sites.schemas import SitePublish
from webflow_local.deps import CtxDep
from webflow_local.kit.wire import json_response

router = APIRouter()


@router.get("/sites")
def list_sites(ctx: CtxDep) -> Response:
    return json_response(service.list_sites(ctx), ctx.status)


@router.get("/sites/{site_id}")
def get_site(ctx: CtxDep, site_id: str) -> Response:
    return json_response(service.get_site(ctx, site_id), ctx.status)


@router.get("/sites/{site_id}/custom_domains")
def get_custom_domains(ctx: CtxDep, site_id: str) -> Response:
    return json_response(service.get_custom_domains(ctx, site_id), ctx.status)


@router.post("/sites/{site_id}/publish")
def site_publish(ctx: CtxDep, site_id: str, body: SitePublish) -> Response:
    return json_response(service.site_publish(ctx, site_id, body), ctx.status)
