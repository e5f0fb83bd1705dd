"""/_admin routes of comments: Webflow has no API to start a comment thread, the control plane does (seed
files take a site's `commentThreads` too)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from webflow_local.admin import service as admin_service
from webflow_local.admin.routes import AdminCtx
from webflow_local.api.comments import service
from webflow_local.api.comments.schemas import ThreadSeed
from webflow_local.auth.principal import Principal
from webflow_local.kit.wire import json_response

router = APIRouter(tags=["control plane: comments"])


@router.post("/sites/{site_id}/comment_threads")
def create_thread(ctx: AdminCtx, site_id: str, body: ThreadSeed) -> Response:
    # The control plane sees every site: the service runs for it as the site's workspace.
    site = admin_service.get_site(ctx, site_id)  # 404 when absent
    ctx.principal = Principal(token_id="admin", kind="workspace", workspace_id=site["workspaceId"], site_id=None,
                              scopes=frozenset(), created_on=ctx.now(), last_used=None, rate_limit=None)
    return json_response(service.create_thread(ctx, site_id, body), 201)
