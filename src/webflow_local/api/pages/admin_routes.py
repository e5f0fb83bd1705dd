"""/_admin routes of pages and components: Webflow has no API to create or delete pages or to create
components, the control plane does (one at a time; seed files take a site's `pages` and `components` too)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from webflow_local.admin import service as admin_service
from webflow_local.admin.routes import AdminCtx
from webflow_local.api.pages import components, service
from webflow_local.api.pages.schemas import ComponentSeed, PageSeed
from webflow_local.auth.principal import Principal
from webflow_local.context import Ctx
from webflow_local.errors import NotFound
from webflow_local.kit.wire import json_response

router = APIRouter(tags=["control plane: pages"])


def _as_workspace(ctx: Ctx, site_id: str) -> None:
    """The control plane sees every site: the pages service runs for it as the site's workspace."""
    site = admin_service.get_site(ctx, site_id)  # 404 when absent
    ctx.principal = Principal(token_id="admin", kind="workspace", workspace_id=site["workspaceId"], site_id=None,
                              scopes=frozenset(), created_on=ctx.now(), last_used=None, rate_limit=None)


@router.post("/sites/{site_id}/pages")
def create_page(ctx: AdminCtx, site_id: str, body: PageSeed) -> Response:
    _as_workspace(ctx, site_id)
    return json_response(service.create_page(ctx, site_id, body), 201)


@router.delete("/sites/{site_id}/pages/{page_id}")
def delete_page(ctx: AdminCtx, site_id: str, page_id: str) -> Response:
    _as_workspace(ctx, site_id)
    page = service.page_and_site(ctx, page_id)
    if page.site_id != site_id:
        raise NotFound.of("Page not found")
    service.delete_page(ctx, page.id)
    return json_response(None, 204)


@router.post("/sites/{site_id}/components")
def create_component(ctx: AdminCtx, site_id: str, body: ComponentSeed) -> Response:
    _as_workspace(ctx, site_id)
    return json_response(components.create_component(ctx, site_id, body), 201)
