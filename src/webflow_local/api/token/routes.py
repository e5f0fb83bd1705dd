from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from webflow_local.api.token import service
from webflow_local.deps import CtxDep
from webflow_local.kit.wire import json_response

router = APIRouter()


@router.get("/token/introspect")
def introspect(ctx: CtxDep) -> Response:
    return json_response(service.introspect(ctx), ctx.status)


@router.get("/token/authorized_by")
def authorized_by(ctx: CtxDep) -> Response:
    return json_response(service.authorized_by(ctx), ctx.status)
