from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from webflow_local.api.token import service
from webflow_local.deps import ApiDep

router = APIRouter()


@router.get("/token/introspect")
async def introspect(api: ApiDep) -> Response:
    return await api.call(service.introspect)


@router.get("/token/authorized_by")
async def authorized_by(api: ApiDep) -> Response:
    return await api.call(service.authorized_by)
