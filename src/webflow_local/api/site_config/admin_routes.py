"""/_admin routes of the site_config family (mounted under /_admin by create_app)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from webflow_local.admin.routes import AdminCtx
from webflow_local.api.site_config import service
from webflow_local.kit.wire import json_response

router = APIRouter(tags=["control plane: site configuration"])


@router.get("/sites/{site_id}/config")
def get_site_config(ctx: AdminCtx, site_id: str) -> Response:
    return json_response(service.site_config(ctx, site_id))
